import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { schemaLeaves } from '../../src/schema/index.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { apiFor, startTestSimulator } from './sim-helpers.js';

const stopAll: SimulatorHandle[] = [];
async function started(options: Parameters<typeof startTestSimulator>[0]): Promise<SimulatorHandle> {
  const sim = await startTestSimulator(options);
  stopAll.push(sim);
  return sim;
}
afterAll(async () => {
  await Promise.all(stopAll.map((sim) => sim.stop()));
});

describe('simulator account generation', () => {
  it('names generated users user00001@example.com… with 22-character base64url ids; every 50th is pending', async () => {
    const sim = await started({ users: 120 });
    const users = sim.users();
    expect(users).toHaveLength(120);
    expect(users[0]!.email).toBe('user00001@example.com');
    expect(users[119]!.email).toBe('user00120@example.com');
    expect(users.every((u) => /^[A-Za-z0-9_-]{22}$/.test(u.id))).toBe(true);
    expect(users.filter((u) => u.status === 'pending').map((u) => u.email)).toEqual(['user00050@example.com', 'user00100@example.com']);
  });

  it('is deterministic: same seed, same account; another seed, another account', async () => {
    const a = await started({ seed: 7 });
    const b = await started({ seed: '7' });
    const c = await started({ seed: 8 });
    expect(b.users()).toEqual(a.users());
    expect(b.user('user00010@example.com')).toEqual(a.user('user00010@example.com'));
    expect(b.secrets()).toEqual(a.secrets());
    expect(c.users()[0]!.id).not.toBe(a.users()[0]!.id);
    expect(c.user('user00010@example.com')!.settings).not.toEqual(a.user('user00010@example.com')!.settings);
  });

  it("a user's settings do not depend on the size of the account", async () => {
    const small = await started({ seed: 3, users: 5 });
    const large = await started({ seed: 3, users: 500 });
    expect(large.user('user00005@example.com')).toEqual(small.user('user00005@example.com'));
  });

  it('varies settings across users, so a desired state changes some users and not others', async () => {
    const sim = await started({ users: 30 });
    const leaves = schemaLeaves('default', (f) => f.readable && f.settable && f.type === 'boolean');
    const varied = leaves.filter((leaf) => {
      const values = new Set(sim.users().map((u) => JSON.stringify(leafValue(sim, u.id, leaf.path))));
      return values.size > 1;
    });
    expect(varied.length / leaves.length).toBeGreaterThan(0.9);
  });

  it('gives every user a passcode and reports them all in secrets()', async () => {
    const sim = await started({ users: 10 });
    const secrets = sim.secrets();
    const pmi = leafValue(sim, 'user00001@example.com', ['schedule_meeting', 'pmi_password']);
    expect(typeof pmi).toBe('string');
    expect(pmi).toMatch(/^\d{6,10}$/);
    expect(secrets).toContain(pmi);
    expect(secrets.length).toBeGreaterThanOrEqual(10);
  });

  it('appends seed users; prefer copies leaves with probability preferShare', async () => {
    const prefer = {
      default: { in_meeting: { chat: true, polling: true, co_host: true, breakout_room: true, entry_exit_chime: 'none' }, recording: { auto_recording: 'none', cloud_recording: true } },
      meeting_security: { meeting_security: { waiting_room: true, block_user_domain_list: ['evil.example.com'] } },
      meeting_authentication: { meeting_authentication: true, authentication_options: [{ name: 'Partner domains', visible: false }] },
    };
    const sim = await started({
      users: 3,
      preferShare: 1,
      seedUsers: [{ email: 'all@example.com', prefer }, { id: 'fixedId', prefer, status: 'pending' }],
    });
    expect(sim.users().map((u) => u.email)).toEqual([
      'user00001@example.com',
      'user00002@example.com',
      'user00003@example.com',
      'all@example.com',
      'fixedId@example.com',
    ]);
    expect(sim.user('fixedId')!.status).toBe('pending');
    const all = sim.user('ALL@example.com')!.settings;
    expect(all.default.in_meeting).toMatchObject(prefer.default.in_meeting);
    expect(all.meeting_security.meeting_security).toMatchObject(prefer.meeting_security.meeting_security);
    expect(all.meeting_authentication.meeting_authentication).toBe(true);
    const partners = (all.meeting_authentication.authentication_options as Array<Record<string, unknown>>).find((p) => p.id === 'ma-partners');
    expect(partners!.visible).toBe(false);

    const none = await started({ users: 0, preferShare: 0, seedUsers: [{ email: 'x@example.com', prefer }] });
    const plain = await started({ users: 0, seedUsers: [{ email: 'x@example.com' }] });
    const base = plain.user('x@example.com')!.settings;
    expect(none.user('x@example.com')!.settings).toEqual(base);
    // A preference that differs from the generated user on every leaf: half of it should land.
    const baseInMeeting = base.default.in_meeting as Record<string, unknown>;
    const flipped = Object.fromEntries(
      Object.entries(baseInMeeting).filter(([, v]) => typeof v === 'boolean').slice(0, 20).map(([k, v]) => [k, !v]),
    );
    const some = await started({ users: 0, preferShare: 0.5, seedUsers: [{ email: 'x@example.com', prefer: { default: { in_meeting: flipped } } }] });
    const mixed = some.user('x@example.com')!.settings.default.in_meeting as Record<string, unknown>;
    const copied = Object.keys(flipped).filter((k) => mixed[k] === flipped[k]).length;
    expect(Object.keys(flipped)).toHaveLength(20);
    expect(copied).toBeGreaterThan(4);
    expect(copied).toBeLessThan(16);
  });
});

function dig(root: unknown, path: string[]): unknown {
  let node = root;
  for (const step of path) node = (node as Record<string, unknown>)[step];
  return node;
}

function leafValue(sim: SimulatorHandle, user: string, path: string[]): unknown {
  return dig(sim.user(user)!.settings.default, path);
}

describe('simulator state file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zoom-sim-state-'));
  const running: SimulatorHandle[] = [];
  const start = async (options: Parameters<typeof startSimulator>[0]) => {
    const sim = await startSimulator(options);
    running.push(sim);
    return sim;
  };
  afterAll(async () => {
    // stop() is idempotent; this also stops simulators a failed assertion left running.
    await Promise.all(running.map((sim) => sim.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('persists a PATCH, a portal change and a lock across a restart, ignoring generation options', async () => {
    const statePath = join(dir, 'account.json');
    const first = await start({ statePath, users: 5, seed: 1, maxRps: 1000 });
    const api = await apiFor(first);
    const before = first.user('user00002@example.com')!.settings.default.recording as Record<string, unknown>;
    const auto = before.auto_recording === 'cloud' ? 'none' : 'cloud';
    expect((await api.patchSettings('user00002@example.com', { recording: { auto_recording: auto } })).status).toBe(204);
    first.setSetting('user00003@example.com', 'meeting_security', ['meeting_security', 'waiting_room'], true);
    first.lock('user00004@example.com', 'default', ['in_meeting', 'chat']);
    const users = first.users();
    await first.stop();
    expect(statSync(statePath).mode & 0o777).toBe(0o600);

    const second = await start({ statePath, users: 50, seed: 99, maxRps: 1000 });
    expect(second.users()).toEqual(users);
    expect((second.user('user00002@example.com')!.settings.default.recording as Record<string, unknown>).auto_recording).toBe(auto);
    expect((second.user('user00003@example.com')!.settings.meeting_security.meeting_security as Record<string, unknown>).waiting_room).toBe(true);
    const chat = (second.user('user00004@example.com')!.settings.default.in_meeting as Record<string, unknown>).chat;
    const api2 = await apiFor(second);
    await api2.patchSettings('user00004@example.com', { in_meeting: { chat: !chat } });
    expect((second.user('user00004@example.com')!.settings.default.in_meeting as Record<string, unknown>).chat).toBe(chat);
    await second.stop();
  });

  it('saves shortly after a PATCH, before stop()', async () => {
    const statePath = join(dir, 'debounced.json');
    const sim = await start({ statePath, users: 3, maxRps: 1000 });
    const api = await apiFor(sim);
    await api.patchSettings('user00001@example.com', { telephony: { audio_conference_info: 'dial 12345' } });
    let saved = '';
    for (let i = 0; i < 200 && !saved.includes('dial 12345'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      try {
        saved = readFileSync(statePath, 'utf8');
      } catch {
        saved = '';
      }
    }
    await sim.stop();
    expect(saved).toContain('dial 12345');
  });
});
