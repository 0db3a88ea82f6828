/**
 * `zoom-settings import` with the BUILT CLI (`npm run build` first) against an in-process simulator: import →
 * validate → plan --detailed-exitcode must exit 0 (no change), with Zoom's quirks mixed in (values the validator
 * rejects, loosely typed answers, two default authentication profiles). The app here lacks the account:read:admin and
 * group:read:admin scopes, so `--all` is the per-user import with shared defaults (import-hierarchy.test.ts: with them).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { hasStackTrace, runCli } from '../helpers/cli.js';

const TEMP = mkdtempSync(join(tmpdir(), 'zoom-settings-import-'));
let sim: SimulatorHandle;
let env: NodeJS.ProcessEnv;
let emails: string[];

beforeAll(async () => {
  sim = await startSimulator({
    users: 12,
    seed: 11,
    maxRps: 1000,
    hierarchyScopes: false,
    seedUsers: [
      { email: 'invited@example.com', status: 'pending' },
      { email: 'lapsed@example.com', status: 'expired' },
    ],
  });
  env = {
    ZOOM_ACCOUNT_ID: sim.credentials.accountId,
    ZOOM_CLIENT_ID: sim.credentials.clientId,
    ZOOM_CLIENT_SECRET: sim.credentials.clientSecret,
    ZOOM_OAUTH_TOKEN_URL: sim.tokenUrl,
    ZOOM_API_BASE_URL: sim.apiBaseUrl,
    ZOOM_MAX_RPS: '1000',
    LOG_LEVEL: 'error',
  };
  emails = sim.users().filter((u) => u.status === 'active').map((u) => u.email);
  // Answers the validator rejects (zoom-api-facts.md §4.1, §4.2), loosely typed ones, and a broken auth rule.
  sim.setSetting(emails[0]!, 'default', ['in_meeting', 'entry_exit_chime'], '');
  sim.setSetting(emails[1]!, 'meeting_security', ['meeting_security', 'block_user_domain_list'], Array.from({ length: 25 }, (_, i) => `blocked${i}.example.com`));
  sim.setSetting(emails[2]!, 'default', ['in_meeting', 'chat'], 'true');
  sim.setSetting(emails[2]!, 'default', ['recording', 'auto_delete_cmr_days'], '60');
  const options = sim.user(emails[3]!)!.settings.meeting_authentication.authentication_options as Array<Record<string, unknown>>;
  sim.setSetting(emails[3]!, 'meeting_authentication', ['authentication_options'], options.map((o) => ({ ...o, visible: true, default_option: true })));
  // Zoom lists the profiles only while the toggle is on (zoom-api-facts.md §9.2).
  sim.setSetting(emails[3]!, 'meeting_authentication', ['meeting_authentication'], true);
});

afterAll(async () => {
  await sim.stop();
  rmSync(TEMP, { recursive: true, force: true });
});

const read = (dir: string, rel: string) => readFileSync(join(dir, rel), 'utf8');
const allText = (dir: string) => ['defaults.yaml', ...readdirSync(join(dir, 'users')).map((f) => `users/${f}`)].map((f) => read(dir, f)).join('\n');

async function expectNoChange(dir: string) {
  const validate = await runCli(['validate', '--dir', dir], { env });
  expect(validate.stdout + validate.stderr).toContain('0 errors');
  expect(validate.code).toBe(0);
  const plan = await runCli(['plan', '--dir', dir, '--detailed-exitcode'], { env });
  expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
  expect(plan.stdout).toMatch(/Plan: 0 users to change/);
}

describe('zoom-settings import --all', () => {
  const dir = join(TEMP, 'all');

  it('writes a desired state that validates and plans with no change', async () => {
    const result = await runCli(['import', '--all', '--out-dir', dir], { env });
    // Said once; the rest of the run is today's per-user import.
    expect(result.stderr).toMatch(/^warning: the account and group settings could not be read \(.*4711.*\); importing each user's settings with shared defaults[^\n]*\n$/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Imported ${emails.length} users from Zoom into ${dir}`);
    expect(result.stdout).toContain(join(dir, 'defaults.yaml'));
    expect(result.stdout).toMatch(/users\/imported\.yaml: \d+ per-user settings that differ from defaults/);
    expect(result.stdout).toMatch(/Skipped 3 settings/);
    await expectNoChange(dir);
  });

  it('lists every active user once and no pending one, keyed by email address', () => {
    const users = read(dir, 'users/imported.yaml');
    for (const email of emails) expect(users).toContain(`\n${email}:`);
    const notJoined = sim.users().filter((u) => u.status !== 'active');
    expect(notJoined.map((u) => u.email)).toEqual(['invited@example.com', 'lapsed@example.com']);
    for (const pending of notJoined) expect(users).not.toContain(pending.email);
    // GET /users already said they are pending: no settings request was spent on them (zoom-api-facts.md §9.1).
    const asked = new Set(sim.requestLog.map((r) => r.user));
    for (const pending of notJoined) expect([asked.has(pending.id), asked.has(pending.email)]).toEqual([false, false]);
  });

  it('says at the top of defaults.yaml what it skipped and which passcode references to add', () => {
    const defaults = read(dir, 'defaults.yaml');
    expect(defaults.startsWith('# yaml-language-server: $schema=./.schema/defaults.schema.json\n')).toBe(true);
    expect(defaults).toMatch(/^#   in_meeting\.entry_exit_chime \(1 user\): .*found string ""$/m);
    expect(defaults).toMatch(/^#   meeting_security\.block_user_domain_list \(1 user\): .*at most 20 items, found 25$/m);
    expect(defaults).toMatch(/^#   meeting_authentication\.profiles\.\*\.default \(1 user\)/m);
    expect(defaults).toContain('#   schedule_meeting.pmi_password: { env: ZOOM_PMI_PASSWORD }  # set a reference to manage it');
    expect(read(dir, 'users/imported.yaml').startsWith('# yaml-language-server: $schema=../.schema/users.schema.json\n')).toBe(true);
  });

  it('writes no passcode, no GET-only or deprecated field, and no high-impact setting', () => {
    const text = allText(dir);
    for (const secret of sim.secrets()) expect(text).not.toContain(secret);
    // The GET-only top-level section (in_meeting.whiteboard is a settable setting of the same name).
    expect(read(dir, 'defaults.yaml')).not.toMatch(/^  whiteboard:/m);
    expect(read(dir, 'users/imported.yaml')).not.toMatch(/^    whiteboard:/m);
    for (const name of ['allowed_countries', 'ai_companion_questions', 'allow_authentication_exception', 'attendee_on_hold', 'recording_highlight', 'personal_meeting', 'feature', 'allow_high_impact', 'default_password_for_scheduled_meetings']) {
      expect({ name, found: new RegExp(`^\\s*${name}:`, 'm').test(text) }).toEqual({ name, found: false });
    }
    expect(text).toMatch(/^\s*schedule_meeting:/m);
    expect(text).toContain('meeting_security:');
    expect(text).toContain('meeting_authentication:');
    expect(text).toContain('recording_authentication:');
  });

  it('copies the editor schemas the files point at', () => {
    for (const name of ['defaults.schema.json', 'profile.schema.json', 'users.schema.json']) {
      expect(read(dir, `.schema/${name}`)).toBe(readFileSync(resolve('desired-state/.schema', name), 'utf8'));
    }
  });

  it('refuses to overwrite the files without --force, and replaces them with it', async () => {
    const before = read(dir, 'defaults.yaml');
    const refused = await runCli(['import', '--all', '--out-dir', dir], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refusing to overwrite 2 existing files .* \(use --force/);
    expect(refused.stderr).toContain(join(dir, 'defaults.yaml'));
    expect(read(dir, 'defaults.yaml')).toBe(before);
    writeFileSync(join(dir, 'users/imported-2.yaml'), 'stale@example.com: {}\n');
    const forced = await runCli(['import', '--all', '--out-dir', dir, '--force', '--shared-share', '0.5'], { env });
    expect(forced.code).toBe(0);
    expect(existsSync(join(dir, 'users/imported-2.yaml'))).toBe(false);
    expect(read(dir, 'defaults.yaml')).toContain('at least 50% of the imported users');
    await expectNoChange(dir);
  });
});

describe('zoom-settings import with options', () => {
  it('--include default,feature imports high-impact settings with the opt-in beside them', async () => {
    const dir = join(TEMP, 'feature');
    const result = await runCli(['import', '--all', '--include', 'default,feature', '--out-dir', dir], { env });
    expect(result.code).toBe(0);
    const text = allText(dir);
    expect(text).toMatch(/feature:\n\s+allow_high_impact: true\n/);
    expect(text).toMatch(/allow_high_impact: true\n\s+personal_meeting: (true|false)\n/);
    await expectNoChange(dir);
  });

  it('--suggest-profiles without the hierarchy: recurring differences become profiles the users list; still no change', async () => {
    const dir = join(TEMP, 'profiles');
    // Users who inherit, so only the seeded overrides differ: three users turned chat and polling off.
    const pattern = { in_meeting: { chat: false, polling: false } };
    const seeded = await startSimulator({
      users: 8,
      seed: 4,
      maxRps: 1000,
      hierarchyScopes: false,
      hierarchy: { inherit: true, account: { settings: { in_meeting: { chat: true, polling: true } } }, overrides: { 'user00001@example.com': pattern, 'user00002@example.com': pattern, 'user00003@example.com': { in_meeting: { chat: false, polling: false, feedback: true } } } },
    });
    try {
      const seededEnv = { ...env, ZOOM_OAUTH_TOKEN_URL: seeded.tokenUrl, ZOOM_API_BASE_URL: seeded.apiBaseUrl };
      const result = await runCli(['import', '--all', '--shared-share', '0.6', '--suggest-profiles', '--profile-min-users', '3', '--out-dir', dir], { env: seededEnv });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('profiles/: 1 suggested profile\n');
      expect(read(dir, 'profiles/imported-1.yaml')).toBe(
        '# yaml-language-server: $schema=../.schema/profile.schema.json\n' +
          'description: "Suggested by zoom-settings import --suggest-profiles: 3 users have exactly these 2 settings in common."\n' +
          'settings:\n  in_meeting:\n    chat: false\n    polling: false\n',
      );
      const users = load(read(dir, 'users/imported.yaml')) as Record<string, unknown>;
      expect(users['user00003@example.com']).toEqual({ profiles: ['imported-1'], settings: { in_meeting: { feedback: true } } });
      expect(users['user00001@example.com']).toEqual({ profiles: ['imported-1'] });
      const validate = await runCli(['validate', '--dir', dir], { env: seededEnv });
      expect(validate.code).toBe(0);
      const plan = await runCli(['plan', '--dir', dir, '--detailed-exitcode'], { env: seededEnv });
      expect(plan.stdout).toMatch(/Plan: 0 users to change/);
      expect(plan.code).toBe(0);
    } finally {
      await seeded.stop();
    }
  });

  it('--users reads only those users; an unknown one is reported and the rest written (exit 1)', async () => {
    const dir = join(TEMP, 'some');
    sim.clearLog();
    const result = await runCli(['import', '--users', `${emails[4]},${emails[5]},nobody@example.com`, '--include', 'in_meeting,recording', '--out-dir', dir], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not imported: nobody@example.com: user does not exist');
    expect(result.stdout).toContain('Imported 2 users');
    const users = read(dir, 'users/imported.yaml');
    expect(users.match(/^\S+@example\.com:/gm)).toEqual([`${emails[4]}:`, `${emails[5]}:`]);
    // Only the default variant holds in_meeting and recording: one GET per user, no option.
    expect(sim.requestLog.filter((r) => r.user !== null).map((r) => r.option)).toEqual([null, null, null]);
    expect(allText(dir)).not.toMatch(/^\s*(schedule_meeting|meeting_security|meeting_authentication):/m);
    await expectNoChange(dir);
  });

  it('--users names a pending or expired user on stderr with the reason, without failing the import (exit 0)', async () => {
    const dir = join(TEMP, 'invited');
    sim.clearLog();
    const result = await runCli(['import', '--users', `${emails[4]},invited@example.com,lapsed@example.com`, '--out-dir', dir], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('not imported: invited@example.com: invitation not accepted yet (Zoom code 1000) (not imported)');
    expect(result.stderr).toContain('not imported: lapsed@example.com: invitation expired (Zoom code 1120): invite the user again (not imported)');
    // One refused request each: none after the first refusal.
    expect(sim.requestLog.filter((r) => r.user === 'invited@example.com' || r.user === 'lapsed@example.com').map((r) => r.status)).toEqual([400, 400]);
  });

  it.each([
    [['import'], /name the users to import/],
    [['import', '--all', '--users', 'a@example.com'], /either --users or --all/],
    [['import', '--all', '--shared-share', '1.5'], /--shared-share must be a number above 0 and at most 1/],
    [['import', '--all', '--include', 'recordings'], /unknown section "recordings" \(did you mean "recording"\?\)/],
    [['import', '--users', 'me'], /--users: "me" is/],
  ])('%j is refused with a usage message', async (args, message) => {
    const result = await runCli(args, { env, cwd: TEMP });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(existsSync(join(TEMP, 'desired-state'))).toBe(false);
  });

  it('writes nothing when no user could be read, or the credentials are wrong', async () => {
    const dir = join(TEMP, 'none');
    const nobody = await runCli(['import', '--users', 'nobody@example.com', '--out-dir', dir], { env });
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('not imported: nobody@example.com: user does not exist');
    expect(nobody.stderr).toContain('error: no user could be read; nothing was written');
    const wrong = await runCli(['import', '--all', '--out-dir', dir], { env: { ...env, ZOOM_CLIENT_SECRET: 'wrong-secret' } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^error: /);
    expect(wrong.stderr).not.toContain('wrong-secret');
    expect(hasStackTrace(wrong.stderr)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  it('is listed in the main help', async () => {
    const result = await runCli(['--help']);
    expect(result.stdout).toMatch(/^\s+import\s+write a desired-state directory/m);
  });
});
