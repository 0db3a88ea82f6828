/**
 * Issue 17's "done when", through the real CLI (a child process) with the date injected (--today,
 * ZOOM_SETTINGS_TODAY): the rule and exception of item 6 exactly as written in the issue; one user's desired
 * waiting room off fails the check naming the rule and the file:line; the exception excepts it until it expires,
 * then the check fails naming the exception and its owner. SARIF validates against the SARIF 2.1.0 schema and
 * points at the line; JUnit is escaped; --live reads Zoom (the simulator) and the hierarchy's locks.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ajvDraft04 from 'ajv-draft-04';
import { runCli } from '../helpers/cli.js';
import { KIOSK, MEETINGS } from '../helpers/policy-fixtures.js';
import { requestStory, simulatorFor, type SimEnv } from '../helpers/sim-env.js';

const USERS = `alice@example.com: {}
kiosk@example.com:
  settings:
    in_meeting:
      waiting_room: false
`;

/** ajv-draft-04 is CommonJS: its class is the default export's `default`. */
type AjvClass = new (options: object) => { compile(schema: object): (data: unknown) => boolean };

const repo = mkdtempSync(join(tmpdir(), 'check-'));
const dir = join(repo, 'desired-state');

function write(relPath: string, text: string): void {
  mkdirSync(join(dir, relPath, '..'), { recursive: true });
  writeFileSync(join(dir, relPath), text);
}

beforeAll(() => {
  execFileSync('git', ['init', '-q', repo]);
  write('defaults.yaml', 'settings:\n  in_meeting:\n    waiting_room: true\n');
  write('users/team.yaml', USERS);
  write('policies/meetings.yaml', MEETINGS);
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

const check = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['check', '--dir', 'desired-state', ...args], { cwd: repo, env });

describe('check over the effective desired state (no API call, no credentials)', () => {
  it('fails: exit 1 naming the rule, the user, the offending value and its file:line', async () => {
    rmSync(join(dir, 'exceptions'), { recursive: true, force: true });
    const result = await check(['--today', '2026-12-01']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL  waiting-room-on [error] Waiting room on for every user: 1 passed, 1 failed');
    expect(result.stdout).toContain('kiosk@example.com: in_meeting.waiting_room is false, required: equals true (desired-state/users/team.yaml:5:7)');
    expect(result.stdout).toContain('check FAILED: 1 error');
  });

  it('an exception expiring later: exit 0, and the exception is printed', async () => {
    write('exceptions/kiosk.yaml', KIOSK);
    const result = await check([], { ZOOM_SETTINGS_TODAY: '2026-12-01' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('kiosk@example.com: excepted by exception exceptions/kiosk.yaml:3 (owner secops@example.com, expires 2027-01-31: shared kiosk account)');
    expect(result.stdout).toContain('check passed: 0 errors, 0 warnings, 1 excepted');
  });

  it('expires yesterday: exit 1 naming the expired exception and its owner', async () => {
    write('exceptions/kiosk.yaml', KIOSK.replace('2027-01-31', '2026-11-30'));
    const result = await check(['--today', '2026-12-01']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('error: desired-state/exceptions/kiosk.yaml:7:14 exception exceptions/kiosk.yaml:3 to rule waiting-room-on (owner secops@example.com) expired on 2026-11-30');
    expect(result.stdout).toContain('kiosk@example.com: in_meeting.waiting_room is false, required: equals true (desired-state/users/team.yaml:5:7)');
    write('exceptions/kiosk.yaml', KIOSK);
  });

  it('within 14 days of expiry it warns (exit 0); --warn-days widens the window', async () => {
    const near = await check(['--today', '2027-01-20']);
    expect(near.code).toBe(0);
    expect(near.stdout).toContain('warning: desired-state/exceptions/kiosk.yaml:7:14 exception exceptions/kiosk.yaml:3 to rule waiting-room-on (owner secops@example.com) expires in 11 days, on 2027-01-31');
    expect((await check(['--today', '2026-12-01'])).stdout).not.toContain('warning:');
    expect((await check(['--today', '2026-12-01', '--warn-days', '90'])).stdout).toContain('expires in 61 days');
  });

  it('a typo in a rule is an invalid desired state naming file:line:col and a suggestion; nothing is judged', async () => {
    write('policies/typo.yaml', MEETINGS.replace('waiting-room-on', 'typo').replace('in_meeting.waiting_room', 'in_meeting.waitng_room'));
    const result = await check(['--today', '2026-12-01']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('desired-state/policies/typo.yaml:8:7 rules[0].require.in_meeting.waitng_room: unknown setting "in_meeting.waitng_room": in_meeting has no setting "waitng_room" (did you mean "waiting_room"?)');
    const validate = await runCli(['validate', '--dir', 'desired-state'], { cwd: repo });
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain('desired-state/policies/typo.yaml:8:7');
    rmSync(join(dir, 'policies/typo.yaml'));
  });

  it('usage errors: a bad date, a bad format', async () => {
    const date = await check(['--today', '2026-02-30']);
    expect([date.code, date.stderr.split('\n')[0]]).toEqual([1, 'error: --today must be a date written YYYY-MM-DD, not "2026-02-30"']);
    const env = await check([], { ZOOM_SETTINGS_TODAY: 'tomorrow' });
    expect(env.stderr.split('\n')[0]).toBe('error: ZOOM_SETTINGS_TODAY must be a date written YYYY-MM-DD, not "tomorrow"');
    const format = await check(['--format', 'xml']);
    expect([format.code, format.stderr.split('\n')[0]]).toEqual([1, 'error: --format must be text, json, markdown, sarif or junit, not "xml"']);
  });
});

describe('check --format sarif', () => {
  const schema = JSON.parse(readFileSync('test/fixtures/sarif/sarif-2.1.0-rtm.5.json', 'utf8')) as object;
  const validateSarif = new (ajvDraft04 as unknown as { default: AjvClass }).default({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
  type Sarif = { runs: Array<{ results: Array<{ ruleId: string; level: string; message: { text: string }; suppressions?: unknown[]; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }> }> };
  const place = (r: Sarif['runs'][0]['results'][0]) => {
    const p = r.locations[0]!.physicalLocation;
    return `${p.artifactLocation.uri}:${p.region.startLine}:${p.region.startColumn}`;
  };

  it('validates against the SARIF 2.1.0 schema and puts the violation on the line that causes it, relative to the repository root', async () => {
    rmSync(join(dir, 'exceptions'), { recursive: true, force: true });
    const result = await check(['--today', '2026-12-01', '--format', 'sarif']);
    expect(result.code).toBe(1);
    const log = JSON.parse(result.stdout) as Sarif;
    expect(validateSarif(log)).toBe(true);
    expect(log.runs[0]!.results.map((r) => [r.ruleId, r.level, place(r), r.message.text])).toEqual([
      ['waiting-room-on', 'error', 'desired-state/users/team.yaml:5:7', 'kiosk@example.com: in_meeting.waiting_room is false, required: equals true'],
    ]);
    // Run from elsewhere with an absolute --dir: the URI is still from the repository's root.
    const elsewhere = await runCli(['check', '--dir', dir, '--today', '2026-12-01', '--format', 'sarif'], { cwd: tmpdir() });
    expect(place((JSON.parse(elsewhere.stdout) as Sarif).runs[0]!.results[0]!)).toBe('desired-state/users/team.yaml:5:7');
  });

  it('an excepted failure is a suppressed result; an expired exception is an error result at its expires line', async () => {
    write('exceptions/kiosk.yaml', KIOSK);
    const excepted = JSON.parse((await check(['--today', '2026-12-01', '--format', 'sarif'])).stdout) as Sarif;
    expect(validateSarif(excepted)).toBe(true);
    expect(excepted.runs[0]!.results.map((r) => [r.ruleId, r.suppressions?.length ?? 0])).toEqual([['waiting-room-on', 1]]);
    const expired = JSON.parse((await check(['--today', '2027-02-01', '--format', 'sarif'])).stdout) as Sarif;
    expect(validateSarif(expired)).toBe(true);
    expect(expired.runs[0]!.results.map((r) => [r.ruleId, r.level, place(r)])).toEqual([
      ['waiting-room-on', 'error', 'desired-state/users/team.yaml:5:7'],
      ['exception-expired', 'error', 'desired-state/exceptions/kiosk.yaml:7:14'],
    ]);
  });

  it('the validation can fail (a sanity check of the schema test): a result without a message is refused', () => {
    expect(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'r' }] }] })).toBe(false);
  });
});

describe('check --format junit, json, markdown, --out', () => {
  it('junit: a suite per rule, a failure per violation, text escaped for XML', async () => {
    write('policies/hostile.yaml', `rules:\n  - id: chat-off\n    title: 'Chat <b>off</b> & "quiet"'\n    severity: warning\n    scope: all-users\n    require:\n      in_meeting.chat: false\n`);
    const result = await check(['--today', '2027-02-01', '--format', 'junit']);
    rmSync(join(dir, 'policies/hostile.yaml'));
    expect(result.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="zoom-settings check \(effective desired state, 2027-02-01\)" tests="5" failures="4" errors="0" skipped="0">/);
    expect(result.stdout).toContain('<testsuite name="chat-off: Chat &lt;b&gt;off&lt;/b&gt; &amp; &quot;quiet&quot;" tests="2" failures="2" errors="0" skipped="0">');
    expect(result.stdout).toContain('<failure type="warning" message="in_meeting.chat is not set, required: equals false">');
    expect(result.stdout).toContain('<testcase classname="waiting-room-on" name="user kiosk@example.com">\n      <failure type="error"');
    expect(result.stdout).toContain('<testsuite name="exceptions" tests="1" failures="1"');
    expect(result.stdout).not.toMatch(/<b>|& /);
  });

  it('json and markdown carry the same verdict; --out writes the file', async () => {
    const json = JSON.parse((await check(['--today', '2026-12-01', '--format', 'json'])).stdout) as { passed: boolean; rules: Array<{ id: string; counts: unknown; results: Array<{ subject: { id: string }; status: string; exception?: string }> }> };
    expect(json.passed).toBe(true);
    expect(json.rules[0]!.results.map((r) => [r.subject.id, r.status, r.exception])).toEqual([['alice@example.com', 'pass', undefined], ['kiosk@example.com', 'excepted', 'exceptions/kiosk.yaml:3']]);
    const out = join(repo, 'out', 'check.md');
    const markdown = await check(['--today', '2027-02-01', '--format', 'markdown', '--out', out]);
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toBe('');
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('### ❌ Policy check: policy: 2 violations (waiting-room-on: kiosk@example.com, expired: exception exceptions/kiosk.yaml:3 (owner secops@example.com))');
    expect(text).toContain('| `waiting-room-on` Waiting room on for every user | error | 1 | 1 | 0 | 0 |');
  });
});

describe('check --live', () => {
  let s: SimEnv;
  beforeAll(async () => {
    write('policies/locks.yaml', `rules:\n  - id: chat-locked\n    title: Chat off and locked at the account\n    scope: all-users\n    require:\n      in_meeting.chat: { equals: false, locked_at: account }\n`);
    write('exceptions/kiosk.yaml', KIOSK);
    write('policies/sales.yaml', `rules:\n  - id: sales-recording-locked\n    title: Sales members cannot change cloud recording\n    scope: { groups: [Sales] }\n    require:\n      recording.cloud_recording: { locked_at: group }\n`);
    s = await simulatorFor(dir, {
      hierarchy: {
        account: { settings: { in_meeting: { chat: false } }, locks: { in_meeting: { chat: true } } },
        groups: [{ name: 'Sales', members: ['kiosk@example.com'], settings: { recording: { cloud_recording: false } }, locks: { recording: { cloud_recording: true } } }],
      },
    });
  });
  afterAll(async () => {
    await s.stop();
    rmSync(join(dir, 'policies/locks.yaml'));
    rmSync(join(dir, 'policies/sales.yaml'));
  });

  it('reads each user (and the locks) from Zoom: the live values are judged, the desired file:line is not blamed', async () => {
    s.sim.setSetting('alice@example.com', 'default', ['in_meeting', 'waiting_room'], false);
    const result = await runCli(['check', '--dir', 'desired-state', '--live', '--today', '2026-12-01'], { cwd: repo, env: s.env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('zoom-settings check of the live account (desired state in desired-state)');
    // alice is false in Zoom although desired true; kiosk is excepted.
    expect(result.stdout).toContain('FAIL  waiting-room-on [error] Waiting room on for every user: 1 failed, 1 excepted');
    expect(result.stdout).toContain('      alice@example.com: in_meeting.waiting_room is false, required: equals true\n');
    expect(result.stdout).toContain('ok    chat-locked [error] Chat off and locked at the account: 2 passed');
    // Group membership comes from Zoom: only kiosk (in Sales) is in the group-scoped rule's scope.
    expect(result.stdout).toContain('ok    sales-recording-locked [error] Sales members cannot change cloud recording: 1 passed');
    expect(requestStory(s.sim, ['GET', 'PATCH']).sort()).toEqual(['GET alice@example.com default 200', 'GET kiosk@example.com default 200']);
  });

  it('without --live the lock requirement cannot be judged: not applicable, said per user', async () => {
    write('defaults.yaml', 'settings:\n  in_meeting:\n    waiting_room: true\n    chat: false\n');
    const result = await check(['--today', '2026-12-01']);
    write('defaults.yaml', 'settings:\n  in_meeting:\n    waiting_room: true\n');
    expect(result.stdout).toContain('n/a   chat-locked [error] Chat off and locked at the account: 2 not applicable');
    expect(result.stdout).toContain('whether in_meeting.chat is locked is not known (locks are read with --live)');
    expect(result.stdout).toContain('n/a   sales-recording-locked [error] Sales members cannot change cloud recording: no subject in scope');
    expect(result.stdout).toContain('note: 2 users could not be placed in or out of scope: group membership is owned by the identity provider and read from Zoom: run check --live');
  });
});

describe('plan carries the verdict; the demo prints it', () => {
  it('plan (text and markdown) ends with a short policy section naming the violation, only where policies/ exist', async () => {
    rmSync(join(dir, 'exceptions'), { recursive: true, force: true });
    const text = await runCli(['plan', '--dir', 'desired-state', '--simulate'], { cwd: repo, env: { ZOOM_SETTINGS_TODAY: '2026-12-01' } });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('\npolicy: 1 violation (waiting-room-on: kiosk@example.com)\n  waiting-room-on: kiosk@example.com: in_meeting.waiting_room is false, required: equals true (desired-state/users/team.yaml:5:7)\n');
    const markdown = await runCli(['plan', '--dir', 'desired-state', '--simulate', '--format', 'markdown'], { cwd: repo, env: { ZOOM_SETTINGS_TODAY: '2026-12-01' } });
    expect(markdown.stdout).toContain('### ❌ Policy\n\npolicy: 1 violation (waiting-room-on: kiosk@example.com)\n\n- `waiting-room-on` kiosk@example.com: in_meeting.waiting_room is false, required: equals true at `desired-state/users/team.yaml:5:7`');
    const json = await runCli(['plan', '--dir', 'desired-state', '--simulate', '--format', 'json'], { cwd: repo });
    expect(json.stdout).not.toContain('policy');
    write('exceptions/kiosk.yaml', KIOSK);
    const excepted = await runCli(['plan', '--dir', 'desired-state', '--simulate'], { cwd: repo, env: { ZOOM_SETTINGS_TODAY: '2026-12-01' } });
    expect(excepted.stdout).toMatch(/\npolicy: no violations \(1 rule, 1 excepted\)\n$/);
    rmSync(join(dir, 'policies'), { recursive: true, force: true });
    rmSync(join(dir, 'exceptions'), { recursive: true, force: true });
    const none = await runCli(['plan', '--dir', 'desired-state', '--simulate'], { cwd: repo });
    expect(none.stdout).not.toContain('policy');
    write('policies/meetings.yaml', MEETINGS);
    write('exceptions/kiosk.yaml', KIOSK);
  });

  it('the demo (npm start) checks the example policies: frank is excepted, owned and dated', async () => {
    const result = await runCli(['demo'], { env: { ZOOM_SETTINGS_TODAY: '2026-12-01' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('== 4. check the rules of desired-state/policies');
    expect(result.stdout).toContain('ok    waiting-room-on [error] Waiting room on for every user: 5 passed, 1 excepted');
    expect(result.stdout).toContain('frank@example.com: excepted by exception exceptions/sales-demos.yaml:4 (owner secops@example.com, expires 2027-06-30, ticket SEC-1042');
    expect(result.stdout).toContain('check passed: 0 errors, 0 warnings, 1 excepted');
  });
});
