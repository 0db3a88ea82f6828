/**
 * Users who inherit (src/simulator/inheritance.ts): with the switch on, a user's GET shows their own override where
 * one was set, else their highest-priority group's value, else the account's; with it off (the default), every
 * user keeps their own generated copy and an account or group value reaches them only through a lock.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHierarchy } from '../../src/io/hierarchy-file.js';
import { startSimulator, type HierarchySeed, type SimulatorHandle } from '../../src/simulator/index.js';
import { SimHierarchy } from '../../src/simulator/hierarchy.js';
import { realisticHierarchy } from '../../src/simulator/realistic-hierarchy.js';
import { apiFor } from './sim-helpers.js';

const U1 = 'user00001@example.com';
const U2 = 'user00002@example.com';
const U3 = 'user00003@example.com';
const SEED: HierarchySeed = {
  account: { settings: { in_meeting: { chat: true, polling: true }, meeting_security: { waiting_room: false } } },
  groups: [
    { name: 'Sales', id: 'sales', priority: 2, members: [U1, U2], settings: { in_meeting: { chat: false } } },
    { name: 'Leads', id: 'leads', priority: 1, members: [U2], settings: { in_meeting: { polling: false } } },
  ],
  overrides: { [U3]: { in_meeting: { polling: false }, meeting_security: { waiting_room: true } } },
};

describe('simulator: users inherit unless overridden', () => {
  let sim: SimulatorHandle | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('inherit: override, else the highest-priority group, else the account; a PATCH becomes an override', async () => {
    sim = await startSimulator({ users: 4, maxRps: 10_000, hierarchy: { ...SEED, inherit: true } });
    const api = await apiFor(sim);
    const chatAndPolling = async (user: string) => {
      const { in_meeting } = (await api.settings(user)).body;
      return [in_meeting.chat, in_meeting.polling];
    };
    expect(await chatAndPolling(U1)).toEqual([false, true]); // Sales' chat, the account's polling
    expect(await chatAndPolling(U2)).toEqual([true, false]); // Leads (priority 1) decides both: the account's chat, its polling
    expect(await chatAndPolling(U3)).toEqual([true, false]); // no group: the account's chat, their own polling
    expect((await api.settings(U3, 'meeting_security')).body.meeting_security.waiting_room).toBe(true);
    expect((await api.settings('user00004@example.com', 'meeting_security')).body.meeting_security.waiting_room).toBe(false);

    expect((await api.patchSettings(U1, { in_meeting: { polling: false } })).status).toBe(204);
    expect(await chatAndPolling(U1)).toEqual([false, false]);
    // The portal changes the account: users who never changed chat follow it, the others keep their own value.
    sim.setHierarchy({ ...SEED, inherit: true, account: { settings: { in_meeting: { chat: false, polling: true } } } });
    expect(await chatAndPolling(U3)).toEqual([false, false]);
    expect(await chatAndPolling(U1)).toEqual([false, false]);
    expect(await chatAndPolling('user00004@example.com')).toEqual([false, true]);
  });

  it('inherit: an account change made after the start flows through a group that never changed that setting', () => {
    const hierarchy = new SimHierarchy({ ...SEED, inherit: true }, '1');
    const member = { id: 'x', email: U1 };
    // What PATCH /accounts/me/settings does to the account level: polling off, chat off.
    const inMeeting = hierarchy.account.settings.default.in_meeting as Record<string, unknown>;
    inMeeting.polling = false;
    inMeeting.chat = false;
    const seen = hierarchy.inherited(member, 'default').in_meeting as Record<string, unknown>;
    expect([seen.chat, seen.polling]).toEqual([false, false]); // Sales set chat itself (false); polling follows the account
    inMeeting.chat = true;
    expect((hierarchy.inherited(member, 'default').in_meeting as Record<string, unknown>).chat).toBe(false);
  });

  it('own (the default): each user keeps a generated copy; the account and group values do not flow down', async () => {
    sim = await startSimulator({ users: 40, maxRps: 10_000, hierarchy: { account: { settings: { in_meeting: { chat: true } } }, groups: [] } });
    const api = await apiFor(sim);
    const chats = await Promise.all(sim.users().filter((u) => u.status === 'active').map(async (u) => (await api.settings(u.email)).body.in_meeting.chat));
    expect(new Set(chats)).toEqual(new Set([true, false]));
    const inheriting = await startSimulator({ users: 40, maxRps: 10_000, hierarchy: { account: { settings: { in_meeting: { chat: true } } }, groups: [] }, userSettings: 'inherit' });
    try {
      const other = await apiFor(inheriting);
      const inherited = await Promise.all(inheriting.users().filter((u) => u.status === 'active').map(async (u) => (await other.settings(u.email)).body.in_meeting.chat));
      expect(new Set(inherited)).toEqual(new Set([true]));
    } finally {
      await inheriting.stop();
    }
  });

  it('inheriting users keep personal passcodes, and the first profile edit takes the authentication block as theirs', async () => {
    sim = await startSimulator({ users: 3, maxRps: 10_000, hierarchy: { inherit: true } });
    const [a, b] = [sim.user(U1)!, sim.user(U2)!];
    const pmi = (user: typeof a) => (user.settings.default.schedule_meeting as Record<string, unknown>).pmi_password;
    expect(pmi(a)).toEqual(expect.any(String));
    expect(pmi(a)).not.toEqual(pmi(b));
    const api = await apiFor(sim);
    const profiles = (await api.settings(U1, 'meeting_authentication')).body.authentication_options as Array<{ id: string; visible: boolean }>;
    if (profiles === undefined) {
      expect((await api.patchSettings(U1, { meeting_authentication: true }, 'meeting_authentication')).status).toBe(204);
    }
    const list = ((await api.settings(U1, 'meeting_authentication')).body.authentication_options as Array<{ id: string; visible: boolean }>) ?? profiles;
    const target = list[0]!;
    const patched = await api.patchSettings(U1, { authentication_option: { action: target.visible ? 'hide' : 'show', id: target.id } }, 'meeting_authentication');
    expect(patched.status).toBe(204);
    const after = sim.user(U1)!.settings.meeting_authentication.authentication_options as Array<{ id: string; visible: boolean }>;
    expect(after.find((p) => p.id === target.id)!.visible).toBe(!target.visible);
    const other = sim.user(U2)!.settings.meeting_authentication.authentication_options as Array<{ id: string; visible: boolean }>;
    expect(other.find((p) => p.id === target.id)!.visible).toBe(target.visible);
  });

  it('reads inherit and overrides from the --hierarchy YAML', () => {
    const seed = parseHierarchy('h.yaml', `inherit: true\noverrides:\n  ${U3}:\n    in_meeting: { chat: false }\n`);
    expect(seed.inherit).toBe(true);
    expect(seed.overrides?.[U3]).toEqual({ in_meeting: { chat: false } });
    expect(() => parseHierarchy('h.yaml', 'inherit: yes\n')).toThrow('h.yaml: inherit must be true or false');
    expect(() => parseHierarchy('h.yaml', 'overrides: [a]\n')).toThrow('overrides must be a mapping');
  });

  it('refuses a state file written in the other mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zoom-sim-inherit-'));
    const statePath = join(dir, 'state.json');
    const first = await startSimulator({ users: 2, statePath });
    await first.stop();
    await expect(startSimulator({ users: 2, statePath, userSettings: 'inherit' })).rejects.toThrow("written with userSettings 'own', not 'inherit'");
  });
});

describe('realisticHierarchy', () => {
  it('is deterministic, and most users have no override', () => {
    const one = realisticHierarchy('5', 2000);
    expect(realisticHierarchy('5', 2000)).toEqual(one);
    expect(one.inherit).toBe(true);
    expect(one.groups!.map((g) => [g.name, g.members!.length])).toEqual([
      ['Engineering', 700],
      ['Sales', 400],
      ['Support', 300],
      ['Marketing', 200],
      ['Finance', 100],
      ['Executives', 20],
    ]);
    const overridden = Object.keys(one.overrides!).length;
    expect(overridden / 2000).toBeGreaterThan(0.03);
    expect(overridden / 2000).toBeLessThan(0.07);
  });
});
