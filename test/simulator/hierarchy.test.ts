/** The simulated account and group levels (zoom-api-facts.md §9.8, §9.10): endpoints, effective values, locked PATCHes. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { startSimulator, type HierarchySeed, type SimulatorHandle } from '../../src/simulator/index.js';
import { ManualClock, NOON, apiFor } from './sim-helpers.js';

const U1 = 'user00001@example.com';
const U2 = 'user00002@example.com';
const SEED: HierarchySeed = {
  account: { settings: { in_meeting: { chat: true, file_transfer: true } }, locks: { in_meeting: { file_transfer: true } } },
  groups: [
    { name: 'Sales', id: 'sales', priority: 2, members: [U1, U2], settings: { in_meeting: { chat: false } }, locks: { in_meeting: { chat: true } } },
    { name: 'Leads', id: 'leads', priority: 1, members: [U2], settings: { in_meeting: { chat: true, file_transfer: false } }, locks: { in_meeting: { chat: true, file_transfer: true } } },
  ],
};

describe('simulator hierarchy', () => {
  let sim: SimulatorHandle | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('answers the account and group endpoints, without revealing group priority', async () => {
    sim = await startSimulator({ users: 3, hierarchy: SEED });
    const api = await apiFor(sim);
    expect((await api.get('/accounts/me/settings')).body.in_meeting).toMatchObject({ chat: true, file_transfer: true });
    expect((await api.get('/accounts/me/lock_settings')).body.in_meeting).toMatchObject({ chat: false, file_transfer: true });
    expect((await api.get('/accounts/me/lock_settings?option=meeting_security')).body.meeting_security).toBeDefined();
    expect((await api.get('/groups')).body).toEqual({
      groups: [
        { id: 'sales', name: 'Sales', total_members: 2 },
        { id: 'leads', name: 'Leads', total_members: 1 },
      ],
      total_records: 2,
      next_page_token: '',
    });
    // Settings a group does not set come from the account.
    expect((await api.get('/groups/sales/settings')).body.in_meeting).toMatchObject({ chat: false, file_transfer: true });
    expect((await api.get('/groups/sales/lock_settings')).body.in_meeting).toMatchObject({ chat: true, file_transfer: false });
    const members = await api.get('/groups/sales/members?page_size=1');
    expect(members.body.members.map((m: { email: string }) => m.email)).toEqual([U1]);
    const next = await api.get(`/groups/sales/members?page_size=1&next_page_token=${members.body.next_page_token}`);
    expect(next.body.members.map((m: { email: string }) => m.email)).toEqual([U2]);
    expect((await api.get('/groups/nope/settings')).body).toEqual({ code: 4130, message: 'Group does not exist: nope.' });
    expect((await api.get('/groups/sales/settings?option=security')).status).toBe(400);
  });

  it('a user GET shows the locking level: the account lock wins, then the highest-priority group', async () => {
    sim = await startSimulator({ users: 3, hierarchy: SEED });
    for (const user of [U1, U2]) sim.setSetting(user, 'default', ['in_meeting', 'file_transfer'], false);
    const api = await apiFor(sim);
    const one = (await api.settings(U1)).body.in_meeting;
    const two = (await api.settings(U2)).body.in_meeting;
    expect([one.chat, one.file_transfer]).toEqual([false, true]); // Sales locks chat; the account locks file_transfer
    expect([two.chat, two.file_transfer]).toEqual([true, true]); // Leads (priority 1) decides chat; the account still wins
    const outsider = await api.settings('user00003@example.com');
    expect(outsider.body.in_meeting.file_transfer).toBe(true);
  });

  it('a user PATCH on a held field: ignored with 204 (default) or refused with 400, the rest of the body applies', async () => {
    sim = await startSimulator({ users: 3, hierarchy: SEED });
    const api = await apiFor(sim);
    const ignored = await api.patchSettings(U1, { in_meeting: { chat: true, polling: true } });
    expect(ignored.status).toBe(204);
    expect(sim.user(U1)!.settings.default.in_meeting).toMatchObject({ polling: true });
    expect((await api.settings(U1)).body.in_meeting.chat).toBe(false);
    await sim.stop();

    sim = await startSimulator({ users: 3, hierarchy: SEED, lockedPatch: 'reject' });
    const strict = await apiFor(sim);
    const refused = await strict.patchSettings(U1, { in_meeting: { chat: true } });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe('The setting in_meeting.chat is locked by group Sales and cannot be changed for this user.');
    expect((await strict.patchSettings(U1, { in_meeting: { polling: true } })).status).toBe(204);
  });

  it('the account and group endpoints count against the MEDIUM per-second limit', async () => {
    sim = await startSimulator({ clock: new ManualClock(NOON + 100), maxRps: 3, hierarchy: SEED });
    const api = await apiFor(sim);
    const statuses = [];
    for (const path of ['/accounts/me/lock_settings', '/groups', '/groups/sales/lock_settings', '/groups/sales/members']) statuses.push((await api.get(path)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('setHierarchy replaces the levels, as the portal would (here: the Sales lock removed)', async () => {
    sim = await startSimulator({ users: 3, hierarchy: SEED });
    sim.setSetting(U1, 'default', ['in_meeting', 'chat'], true);
    const api = await apiFor(sim);
    expect((await api.settings(U1)).body.in_meeting.chat).toBe(false);
    sim.setHierarchy({ groups: [{ name: 'Sales', members: [U1] }] });
    expect((await api.settings(U1)).body.in_meeting.chat).toBe(true);
  });
});
