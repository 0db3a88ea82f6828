/**
 * The simulator's writes of the account and group levels (issue 16 item 5): PATCH of settings and lock settings,
 * validated like a user PATCH, counted against the MEDIUM limits, and the user values under a lock following.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { startSimulator, type HierarchySeed, type SimulatorHandle } from '../../src/simulator/index.js';
import { apiFor } from './sim-helpers.js';

const U1 = 'user00001@example.com';
const SEED: HierarchySeed = { groups: [{ name: 'Sales', id: 'sales', members: [U1], settings: { in_meeting: { chat: false } } }] };

describe('simulator: PATCH of account and group settings and locks', () => {
  let sim: SimulatorHandle | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('a group lock PATCH makes the members\' GET show the group value; unlocking shows their own again', async () => {
    sim = await startSimulator({ users: 2, hierarchy: SEED });
    sim.setSetting(U1, 'default', ['in_meeting', 'chat'], true);
    const api = await apiFor(sim);
    expect((await api.settings(U1)).body.in_meeting.chat).toBe(true);
    expect((await api.patch('/groups/sales/lock_settings', { in_meeting: { chat: true } })).status).toBe(204);
    expect((await api.get('/groups/sales/lock_settings')).body.in_meeting.chat).toBe(true);
    expect((await api.settings(U1)).body.in_meeting.chat).toBe(false);
    expect((await api.settings('user00002@example.com')).body.in_meeting.chat).not.toBeUndefined();
    expect((await api.patch('/groups/sales/settings', { in_meeting: { chat: true } })).status).toBe(204);
    expect((await api.settings(U1)).body.in_meeting.chat).toBe(true);
    await api.patch('/groups/sales/lock_settings', { in_meeting: { chat: false } });
    await api.patch('/groups/sales/settings', { in_meeting: { chat: false } });
    expect((await api.settings(U1)).body.in_meeting.chat).toBe(true);
  });

  it('an account lock holds every user at the account value, whatever their groups say', async () => {
    sim = await startSimulator({ users: 2, hierarchy: SEED });
    const api = await apiFor(sim);
    expect((await api.patch('/accounts/me/settings', { in_meeting: { chat: true } })).status).toBe(204);
    expect((await api.patch('/accounts/me/lock_settings', { in_meeting: { chat: true } })).status).toBe(204);
    expect((await api.get('/accounts/me/settings')).body.in_meeting.chat).toBe(true);
    for (const user of [U1, 'user00002@example.com']) expect((await api.settings(user)).body.in_meeting.chat).toBe(true);
    expect((await api.patch('/accounts/me/lock_settings?option=meeting_security', { meeting_security: { waiting_room: true } })).status).toBe(204);
    expect((await api.get('/accounts/me/lock_settings?option=meeting_security')).body.meeting_security.waiting_room).toBe(true);
  });

  it('refuses what Zoom refuses: unknown and GET-only fields, wrong types, bad options, unknown groups, no JSON', async () => {
    sim = await startSimulator({ users: 1, hierarchy: SEED });
    const api = await apiFor(sim);
    const bad = await api.patch('/groups/sales/lock_settings', { in_meeting: { chat: 'yes', chatt: true } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      code: 300,
      message: 'Validation Failed.',
      errors: [
        { field: 'in_meeting.chat', message: 'Invalid field type: expected boolean.' },
        { field: 'in_meeting.chatt', message: 'Invalid field.' },
      ],
    });
    expect((await api.patch('/groups/sales/settings?option=security', {})).status).toBe(400);
    expect((await api.patch('/groups/sales/lock_settings?option=meeting_authentication', {})).status).toBe(400);
    expect((await api.patch('/groups/nope/settings', { in_meeting: { chat: true } })).body).toEqual({ code: 4130, message: 'Group does not exist: nope.' });
    expect((await api.patch('/groups/sales/members', {})).status).toBe(405);
    const notJson = await api.patch('/accounts/me/settings', '[1]');
    expect(notJson.status).toBe(400);
    // Nothing of the refused bodies was kept.
    expect((await api.get('/groups/sales/lock_settings')).body.in_meeting.chat).toBe(false);
  });

  it('counts the PATCHes against the MEDIUM per-second limit like every API call', async () => {
    sim = await startSimulator({ users: 1, hierarchy: SEED, maxRps: 1 });
    const api = await apiFor(sim);
    const answers = await Promise.all([1, 2, 3].map(() => api.patch('/groups/sales/settings', { in_meeting: { chat: true } })));
    expect(answers.map((a) => a.status).sort()).toEqual([204, 429, 429]);
  });
});
