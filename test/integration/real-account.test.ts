/**
 * A run against an account that behaves like a real Zoom account (zoom-api-facts.md §9), with the built CLI as a
 * child process: 3 % of the managed users invited and not yet joined (code 1000), one whose invitation expired
 * (1120), `password_for_pmi` in every meeting_security GET, rate-limit headers with the category only, and
 * authentication toggles off whose GET lists no profiles. apply --auto-approve exits 0, the plan after it is empty,
 * no request is sent for a pending user after its first refusal, and no passcode is printed or written.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulatorEnv } from '../../src/commands/shared/zoom-session.js';
import { loadDesiredState, resolveUsers } from '../../src/io/desired-state.js';
import { seedUserFor } from '../../src/io/seed-users.js';
import { startSimulator, type SimulatorHandle, type UserStatus } from '../../src/simulator/index.js';
import { hasStackTrace, runCli, type CliResult } from '../helpers/cli.js';

const USERS = 100;
const GUARDS_OFF = ['--max-changed-percent', '100', '--max-changed-users', '100000'];
const userKey = (i: number): string => `member${String(i).padStart(3, '0')}@example.com`;
/** 3 % pending (code 1000) and one expired invitation (1120), spread over the run. */
const PENDING = [userKey(17), userKey(50), userKey(83)];
const EXPIRED = userKey(66);
const TOGGLE_OFF = userKey(5);

function writeDesiredState(dir: string): void {
  mkdirSync(join(dir, 'profiles'), { recursive: true });
  mkdirSync(join(dir, 'users'), { recursive: true });
  writeFileSync(
    join(dir, 'defaults.yaml'),
    'settings:\n  in_meeting:\n    chat: true\n    waiting_room: true\n  meeting_security:\n    waiting_room: true\n    meeting_password_requirement:\n      length: 8\n',
  );
  writeFileSync(
    join(dir, 'profiles/secure.yaml'),
    'settings:\n  meeting_authentication:\n    enabled: true\n    profiles:\n      Signed-in users: { visible: true, default: true }\n      Partner domains: { visible: false }\n',
  );
  const lines: string[] = [];
  for (let i = 0; i < USERS; i++) lines.push(`${userKey(i)}:`, `  profiles: [${i % 5 === 0 ? 'secure' : ''}]`);
  // Profile settings under a toggle that stays off: "not applicable while off", never an error.
  lines.push('toggle.off@example.com:', '  settings:', '    recording_authentication:', '      profiles:', '        Internal only: { visible: true }');
  writeFileSync(join(dir, 'users/members.yaml'), `${lines.join('\n')}\n`);
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
}

/** A passcode as it would leak: whole, not as digits inside a longer number. */
function leaks(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) => new RegExp(`(?<![0-9A-Za-z])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9A-Za-z])`).test(text));
}

let work: string;
let dir: string;
let sim: SimulatorHandle;
let env: NodeJS.ProcessEnv;
const outputs: string[] = [];

async function run(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const result = await runCli(args, { cwd: work, env: { ...env, LOG_LEVEL: 'debug', ...extraEnv }, timeoutMs: 120_000 });
  outputs.push(result.stdout, result.stderr);
  expect(hasStackTrace(result.stderr)).toBe(false);
  return result;
}

/** Settings requests per pending user in the simulator's log since it was last cleared. */
function pendingStory(): Record<string, string[]> {
  const story: Record<string, string[]> = {};
  for (const user of [...PENDING, EXPIRED]) {
    story[user] = sim.requestLog.filter((r) => r.user === user).map((r) => `${r.method} ${r.option ?? 'default'} ${r.status}`);
  }
  return story;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'real-account-'));
  dir = join(work, 'desired-state');
  writeDesiredState(dir);
  const loaded = await loadDesiredState(dir);
  expect(loaded.errors).toBe(0);
  const status = (key: string): UserStatus => (PENDING.includes(key) ? 'pending' : key === EXPIRED ? 'expired' : 'active');
  // preferShare 0.5: about half of each user's managed settings differ, so apply has work for most users.
  sim = await startSimulator({
    users: 0,
    seed: 12,
    preferShare: 0.5,
    maxRps: 1000,
    seedUsers: [...resolveUsers(loaded.state)].map((u) => ({ ...seedUserFor(u), status: status(u.user.key) })),
  });
  sim.setSetting(TOGGLE_OFF, 'meeting_authentication', ['meeting_authentication'], false);
  sim.setSetting('toggle.off@example.com', 'recording_authentication', ['recording_authentication'], false);
  env = { ...simulatorEnv({}, sim), ZOOM_MAX_RPS: '500' };
}, 30_000);

afterAll(async () => {
  await sim?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('a run against a real-shaped account (§9)', () => {
  it('plan reports pending and expired users with the reason, the toggle-off profiles as notes, and exits 2 by the other users', async () => {
    sim.clearLog();
    const plan = await run(['plan', '--dir', dir, '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain(`? ${PENDING[0]}: invitation not accepted yet (Zoom code 1000); skipped until the user joins the account`);
    expect(plan.stdout).toContain(`? ${EXPIRED}: invitation expired (Zoom code 1120): invite the user again; skipped`);
    expect(plan.stdout).toMatch(/4 pending, 0 errors/);
    expect(plan.stdout).toContain('meeting_authentication.enabled: false → true');
    expect(plan.stdout).toMatch(/note: meeting_authentication\.profiles\.Signed-in users\.visible, .*: planned after meeting authentication is turned on/);
    expect(plan.stdout).toMatch(/toggle\.off@example\.com .*\n.*\n {4}note: recording_authentication\.profiles\.Internal only\.visible: not applicable while recording authentication is off/);
    expect(pendingStory()).toEqual({
      [PENDING[0]!]: ['GET default 400'],
      [PENDING[1]!]: ['GET default 400'],
      [PENDING[2]!]: ['GET default 400'],
      [EXPIRED]: ['GET default 400'],
    });
    // Only the category header came back: nothing depended on Limit/Remaining.
    expect(sim.counters().byStatus['200']).toBeGreaterThan(USERS);
  });

  it('apply --auto-approve exits 0: pending users skipped, the toggle turned on and its profiles set in the same run', async () => {
    sim.clearLog();
    const apply = await run(['apply', '--auto-approve', '--dir', dir, '--journal', join(work, 'journal.jsonl'), ...GUARDS_OFF]);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/ {2}pending {10}4/);
    expect(apply.stdout).toMatch(/ {2}failed {11}0/);
    // One refusal each, in the plan half of the run; apply sent nothing for them.
    expect(Object.values(pendingStory()).every((story) => story.length === 1 && story[0] === 'GET default 400')).toBe(true);
    // The toggle, a re-read that lists the profiles, then the profile edits planned from it.
    const toggled = sim.requestLog.filter((r) => r.user === TOGGLE_OFF && r.option === 'meeting_authentication').map((r) => `${r.method} ${r.status}`);
    expect(toggled[0]).toBe('GET 200');
    expect(toggled.slice(1, 3)).toEqual(['PATCH 204', 'GET 200']);
    expect(toggled.filter((t) => t === 'PATCH 204').length).toBeGreaterThan(1);
    const profiles = sim.user(TOGGLE_OFF)!.settings.meeting_authentication.authentication_options as Array<Record<string, unknown>>;
    expect(profiles.find((p) => p.name === 'Signed-in users')).toMatchObject({ visible: true, default_option: true });
    expect(profiles.find((p) => p.name === 'Partner domains')).toMatchObject({ visible: false });
  });

  it('plan --detailed-exitcode after it exits 0, again with one request per pending user', async () => {
    sim.clearLog();
    const plan = await run(['plan', '--dir', dir, '--detailed-exitcode', '--out', join(work, 'after.json')]);
    expect(plan.code).toBe(0);
    expect(Object.values(pendingStory()).map((story) => story.length)).toEqual([1, 1, 1, 1]);
    const drift = await run(['drift', '--dir', dir, '--detailed-exitcode']);
    expect(drift.code).toBe(0);
  });

  it('no passcode (password_for_pmi came in every meeting_security GET) is printed or written anywhere', () => {
    const secrets = sim.secrets();
    const reads = sim.counters().byStatus['200'] ?? 0;
    expect(reads).toBeGreaterThan(0);
    expect(secrets.length).toBeGreaterThan(USERS);
    const written = files(work).map((path) => readFileSync(path, 'utf8'));
    expect(written.length).toBeGreaterThan(3);
    expect([...outputs, ...written].flatMap((text) => leaks(text, secrets))).toEqual([]);
  });
});

describe('a token with read scopes only (§9.4)', () => {
  it('plan works; apply exits 1 after at most a handful of PATCHes with one message naming the missing scopes', async () => {
    sim.setSetting(userKey(1), 'default', ['in_meeting', 'chat'], false);
    sim.setSetting(userKey(2), 'default', ['in_meeting', 'chat'], false);
    sim.setSetting(userKey(3), 'default', ['in_meeting', 'chat'], false);
    const readOnly = { ZOOM_CLIENT_ID: sim.readOnlyCredentials.clientId, ZOOM_CLIENT_SECRET: sim.readOnlyCredentials.clientSecret };
    const plan = await run(['plan', '--dir', dir, '--detailed-exitcode'], readOnly);
    expect(plan.code).toBe(2);
    sim.clearLog();
    const apply = await run(['apply', '--auto-approve', '--dir', dir, '--journal', join(work, 'readonly.jsonl'), ...GUARDS_OFF], readOnly);
    expect(apply.code).toBe(1);
    const message = apply.stderr.split('\n').filter((line) => line.includes('lacks scopes'));
    expect(message).toHaveLength(1);
    expect(message[0]).toMatch(/user:write:admin, user:update:settings:admin .*apply, drift --fix and rollback also need write scopes/);
    const patches = sim.requestLog.filter((r) => r.method === 'PATCH');
    expect(patches.length).toBeGreaterThan(0);
    // The first refusal and at most the ones already in flight beside it (the derived concurrency, about 5 here).
    expect(patches.length).toBeLessThanOrEqual(6);
    expect(patches.every((r) => r.status === 400)).toBe(true);
  });
});
