/**
 * `zoom-settings import --all` of a whole hierarchy (issue 16 item 4), with the BUILT CLI against an in-process
 * simulator of 2,000 users who inherit (src/simulator/realistic-hierarchy.ts): account.yaml and groups/*.yaml take
 * the common values, the users files keep only true exceptions, and validate and plan --detailed-exitcode exit 0.
 * The compression is measured against what the import writes for the same account when it cannot read the
 * hierarchy (no account:read:admin / group:read:admin): a per-user copy of every setting.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../src/simulator/index.js';
import { hasStackTrace, runCli } from '../helpers/cli.js';

const TEMP = mkdtempSync(join(tmpdir(), 'zoom-settings-import-hierarchy-'));
const USERS = 2000;
const SEEDED: SimulatorOptions = { users: USERS, seed: 5, maxRps: 10_000, generateHierarchy: true, requestLog: false };
const LONG = 240_000;
let sim: SimulatorHandle;
let env: NodeJS.ProcessEnv;

function envFor(handle: SimulatorHandle): NodeJS.ProcessEnv {
  return {
    ZOOM_ACCOUNT_ID: handle.credentials.accountId,
    ZOOM_CLIENT_ID: handle.credentials.clientId,
    ZOOM_CLIENT_SECRET: handle.credentials.clientSecret,
    ZOOM_OAUTH_TOKEN_URL: handle.tokenUrl,
    ZOOM_API_BASE_URL: handle.apiBaseUrl,
    ZOOM_MAX_RPS: '5000',
    LOG_LEVEL: 'error',
  };
}

beforeAll(async () => {
  sim = await startSimulator(SEEDED);
  env = envFor(sim);
});

afterAll(async () => {
  await sim.stop();
  rmSync(TEMP, { recursive: true, force: true });
});

const read = (dir: string, rel: string): string => readFileSync(join(dir, rel), 'utf8');
const usersFiles = (dir: string): string[] => readdirSync(join(dir, 'users')).map((name) => `users/${name}`);

/** Scalars and list items under a mapping: what a person reads as settings (a list counts as one setting). */
function leaves(node: unknown): number {
  if (Array.isArray(node) || node === null || typeof node !== 'object') return 1;
  return Object.values(node).reduce<number>((n, child) => n + leaves(child), 0);
}

/** Settings and profile references written for users, across all users files. */
function userEntries(dir: string): number {
  let n = 0;
  for (const file of usersFiles(dir)) {
    const doc = (load(read(dir, file)) ?? {}) as Record<string, { settings?: unknown; profiles?: string[] }>;
    for (const entry of Object.values(doc)) n += (entry.settings ? leaves(entry.settings) : 0) + (entry.profiles?.length ?? 0);
  }
  return n;
}

function settingsOf(dir: string, rel: string): unknown {
  return (load(read(dir, rel)) as { settings?: unknown }).settings ?? {};
}

describe(`import --all of a ${USERS.toLocaleString('en-US')}-user account with a hierarchy`, () => {
  const dir = join(TEMP, 'hierarchy');
  const flat = join(TEMP, 'per-user');
  let activeUsers = 0;

  it('writes account.yaml, a file per group and only the exceptions per user', async () => {
    activeUsers = sim.users().filter((u) => u.status === 'active').length;
    const result = await runCli(['import', '--all', '--out-dir', dir], { env, timeoutMs: LONG });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(new RegExp(`^${activeUsers.toLocaleString('en-US')} users: [\\d,]+ per-user settings, 0 profiles, 6 groups; `, 'm'));
    expect(readdirSync(join(dir, 'groups')).sort()).toEqual(['engineering.yaml', 'executives.yaml', 'finance.yaml', 'marketing.yaml', 'sales.yaml', 'support.yaml']);
    expect(read(dir, 'groups/sales.yaml')).toMatch(/^group: Sales$/m);
    expect(read(dir, 'account.yaml').startsWith('# yaml-language-server: $schema=./.schema/account.schema.json\n')).toBe(true);
    // The 20 executives are also engineers, and the two groups disagree: their own values are written.
    expect(result.stdout).toContain('20 users in several groups that disagree on a setting');
    for (const secret of sim.secrets().slice(0, 200)) expect(read(dir, 'users/imported.yaml')).not.toContain(secret);
  }, LONG);

  it('validates, and a plan right after it shows no change', async () => {
    const validate = await runCli(['validate', '--dir', dir], { env });
    expect(validate.stdout).toContain('0 errors');
    expect(validate.code).toBe(0);
    const plan = await runCli(['plan', '--dir', dir, '--detailed-exitcode'], { env, timeoutMs: LONG });
    expect({ code: plan.code, hasStack: hasStackTrace(plan.stderr) }).toEqual({ code: 0, hasStack: false });
    // The account and the six groups are targets of the plan too (issue 16 item 2): nothing to change there either.
    expect(plan.stdout).toContain('Account and groups: 0 to change, 7 unchanged, 0 errors.');
    expect(plan.stdout).toMatch(/Plan: 0 users to change/);
  }, LONG);

  it('the users files hold fewer than 10 % of the settings of a per-user copy', async () => {
    // The same account, read by an app without the hierarchy scopes: today's per-user import, said once on stderr.
    const twin = await startSimulator({ ...SEEDED, hierarchyScopes: false });
    try {
      const result = await runCli(['import', '--all', '--out-dir', flat], { env: envFor(twin), timeoutMs: LONG });
      expect(result.code).toBe(0);
      expect(result.stderr.match(/warning: the account and group settings could not be read/g)).toHaveLength(1);
      expect(result.stderr).toContain('grant the account:read:admin and group:read:admin scopes');
      expect(existsSync(join(flat, 'account.yaml'))).toBe(false);
    } finally {
      await twin.stop();
    }
    const perUserCopy = activeUsers * leaves(settingsOf(flat, 'defaults.yaml')) + userEntries(flat);
    const kept = userEntries(dir);
    expect(perUserCopy).toBeGreaterThan(activeUsers * 150);
    expect(kept / perUserCopy).toBeLessThan(0.1);
    // Most users inherit everything: they are listed ({}), with nothing of their own.
    const doc = load(read(dir, 'users/imported.yaml')) as Record<string, unknown>;
    const empty = Object.values(doc).filter((entry) => entry !== null && typeof entry === 'object' && Object.keys(entry).length === 0).length;
    expect(Object.keys(doc)).toHaveLength(activeUsers);
    expect(empty / activeUsers).toBeGreaterThan(0.9);
  }, LONG);

  it('--suggest-profiles turns recurring exceptions into profiles, and still plans no change', async () => {
    // A smaller account of the same shape: its patterns have 6, 3 and 3 users, its executives 3.
    const small = await startSimulator({ ...SEEDED, users: 300 });
    try {
      const smallEnv = envFor(small);
      const out = join(TEMP, 'profiles');
      const result = await runCli(['import', '--all', '--suggest-profiles', '--profile-min-users', '3', '--out-dir', out], { env: smallEnv, timeoutMs: LONG });
      expect(result.code).toBe(0);
      // Two override patterns of several settings and the executives' shared values; the seed's third pattern is
      // one setting, which a profile would not shorten.
      expect(result.stdout).toMatch(/^294 users: \d+ per-user settings, 3 profiles, 6 groups; /m);
      expect(readdirSync(join(out, 'profiles')).sort()).toEqual(['imported-1.yaml', 'imported-2.yaml', 'imported-3.yaml']);
      expect(read(out, 'profiles/imported-1.yaml')).toContain('6 users have exactly these 3 settings in common');
      expect(read(out, 'users/imported.yaml')).toMatch(/^  profiles:\n    - imported-1$/m);
      const plan = await runCli(['plan', '--dir', out, '--detailed-exitcode'], { env: smallEnv, timeoutMs: LONG });
      expect(plan.stdout).toMatch(/Plan: 0 users to change/);
      expect(plan.code).toBe(0);
    } finally {
      await small.stop();
    }
  }, LONG);
});

describe('import --all when users do not inherit (the simulator\'s default: each user has a copy)', () => {
  const dir = join(TEMP, 'own');
  const U = (n: number) => `user0000${n}@example.com`;
  let own: SimulatorHandle;

  beforeAll(async () => {
    own = await startSimulator({
      users: 9,
      seed: 3,
      maxRps: 10_000,
      hierarchy: {
        account: { settings: { in_meeting: { chat: true } }, locks: { in_meeting: { polling: true } } },
        groups: [
          // Two groups whose names differ only in case: `group:` must name them by id.
          { name: 'Sales', id: 'sales-emea', members: [U(1), U(2)], settings: { in_meeting: { chat: false } }, locks: { in_meeting: { chat: true } } },
          { name: 'sales', id: 'sales-us', members: [U(2), U(3)], settings: { in_meeting: { chat: true } } },
        ],
      },
    });
  });
  afterAll(() => own.stop());

  it('still plans no change, names clashing groups by id, and writes no user value a lock already gives', async () => {
    const ownEnv = envFor(own);
    const result = await runCli(['import', '--all', '--out-dir', dir], { env: ownEnv, timeoutMs: LONG });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(readdirSync(join(dir, 'groups')).sort()).toEqual(['sales-2.yaml', 'sales.yaml']);
    expect(read(dir, 'groups/sales.yaml')).toMatch(/^group: sales-emea$/m);
    expect(read(dir, 'groups/sales-2.yaml')).toMatch(/^group: sales-us$/m);
    const users = load(read(dir, 'users/imported.yaml')) as Record<string, { settings?: { in_meeting?: Record<string, unknown> } }>;
    // user00001: Sales (EMEA) locks chat to false, so the GET shows false and the group file gives it.
    expect(users[U(1)]?.settings?.in_meeting).not.toHaveProperty('chat');
    // The account locks polling: nobody carries it.
    expect(Object.values(users).some((u) => u.settings?.in_meeting && 'polling' in u.settings.in_meeting)).toBe(false);
    // user00002 is in both groups, which disagree on chat: their own value is written.
    expect(users[U(2)]?.settings?.in_meeting).toHaveProperty('chat');
    const validate = await runCli(['validate', '--dir', dir], { env: ownEnv });
    expect(validate.code).toBe(0);
    const plan = await runCli(['plan', '--dir', dir, '--detailed-exitcode'], { env: ownEnv, timeoutMs: LONG });
    expect(plan.stdout).toContain('Account and groups: 0 to change, 3 unchanged, 0 errors.');
    expect(plan.stdout).toMatch(/Plan: 0 users to change/);
    expect(plan.code).toBe(0);
  }, LONG);
});
