/**
 * Issue 17's "done when" for the report, through the real CLI: `zoom-settings simulator` (a child process) with
 * 2,000 users and a seeded hierarchy, then `report --live` against it. The HTML is one file under 5 MB that loads
 * nothing and parses, hostile group names included; the CSV has exactly one row per user and managed setting.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, hasStackTrace, runCli } from '../helpers/cli.js';
import { networkReferences, reportRows, unbalancedTags } from '../helpers/html.js';

const USERS = 2000;
const email = (i: number): string => `user${String(i).padStart(5, '0')}@example.com`;
const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, k) => email(from + k));
const HOSTILE_GROUP = '</script><img src=x onerror=alert(1)>Ops';
/** Managed by defaults.yaml (4) plus the one only a rule names (schedule_meeting.join_before_host). */
const SETTINGS = ['in_meeting.chat', 'in_meeting.entry_exit_chime', 'recording.auto_recording', 'meeting_security.waiting_room', 'schedule_meeting.join_before_host'];

const HIERARCHY = {
  account: { settings: { in_meeting: { chat: true } }, locks: { recording: { auto_recording: true } } },
  groups: [
    { name: 'Sales', members: range(1, 200), settings: { in_meeting: { chat: false } }, locks: { in_meeting: { chat: true } } },
    { name: 'Kiosks', members: [email(301)], settings: { meeting_security: { waiting_room: false } }, locks: { meeting_security: { waiting_room: true } } },
    { name: HOSTILE_GROUP, members: range(500, 510), settings: { in_meeting: { chat: false } }, locks: { in_meeting: { chat: true } } },
  ],
};

const POLICIES = `rules:
  - id: waiting-room-on
    title: Waiting room on for every user
    severity: error
    reference: CIS Zoom 1.1.1.2
    scope: all-users
    require:
      meeting_security.waiting_room: true
  - id: no-join-before-host
    title: Join before host off and locked at the account
    severity: warning
    scope: all-users
    require:
      schedule_meeting.join_before_host: { equals: false, locked_at: account }
`;
const EXCEPTIONS = `exceptions:
  - rule: waiting-room-on
    users: [${email(301)}]
    owner: secops@example.com
    reason: lobby kiosk
    expires: 2027-01-31
  - rule: no-join-before-host
    users: [${email(4)}]
    owner: it@example.com
    reason: legacy room
    expires: 2026-11-01
`;

let dir: string;
let simulator: ChildProcess;
let env: NodeJS.ProcessEnv;

/** Starts `zoom-settings simulator` and returns the environment its export line prints. */
async function startSimulatorCli(cwd: string, args: string[]): Promise<{ child: ChildProcess; env: NodeJS.ProcessEnv }> {
  const child = spawn(process.execPath, [CLI, 'simulator', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH } });
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const exported = out.split('\n').find((l) => l.startsWith('export ZOOM_'));
      if (exported) resolve(exported);
    });
    child.on('exit', () => reject(new Error(`simulator exited before listening: ${err}`)));
  });
  const pairs = line.replace(/^export /, '').split(' ').map((pair) => pair.split('=') as [string, string]);
  return { child, env: Object.fromEntries(pairs) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'report-2000-'));
  const ds = join(dir, 'desired-state');
  for (const sub of ['users', 'policies', 'exceptions']) mkdirSync(join(ds, sub), { recursive: true });
  writeFileSync(join(ds, 'defaults.yaml'), 'settings:\n  in_meeting:\n    chat: false\n    entry_exit_chime: host\n  recording:\n    auto_recording: cloud\n  meeting_security:\n    waiting_room: true\n');
  writeFileSync(join(ds, 'users/all.yaml'), `${range(1, USERS).map((u) => `${u}: {}`).join('\n')}\n`);
  writeFileSync(join(ds, 'policies/meetings.yaml'), POLICIES);
  writeFileSync(join(ds, 'exceptions/exceptions.yaml'), EXCEPTIONS);
  writeFileSync(join(dir, 'hierarchy.json'), JSON.stringify(HIERARCHY));
  const started = await startSimulatorCli(dir, ['--port', '0', '--users', String(USERS), '--hierarchy', 'hierarchy.json', '--max-rps', '5000', '--no-log']);
  simulator = started.child;
  env = { ...started.env, ZOOM_MAX_RPS: '4000', ZOOM_SETTINGS_TODAY: '2026-11-30' };
}, 60_000);

afterAll(() => {
  simulator?.kill('SIGTERM');
});

const report = (format: string, out: string) => runCli(['report', '--live', '--dir', 'desired-state', '--format', format, '--out', out], { cwd: dir, env, timeoutMs: 150_000 });

describe(`report --live on a ${USERS}-user simulator account with a hierarchy`, () => {
  it('--format html: one file under 5 MB that loads nothing, parses, and escapes a hostile group name', async () => {
    const result = await report('html', 'report.html');
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`report written to report.html: ${USERS} users, ${USERS * SETTINGS.length} rows`);
    const path = join(dir, 'report.html');
    expect(statSync(path).size).toBeLessThan(5 * 1024 * 1024);
    const html = readFileSync(path, 'utf8');
    expect(networkReferences(html)).toEqual([]);
    expect(unbalancedTags(html)).toEqual([]);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).not.toContain('<img');
    const rows = reportRows(html);
    expect(rows).toHaveLength(USERS * SETTINGS.length);
    // user00501 is in the hostile group, which locks chat: the name travels as text in the data, never as markup.
    expect(rows.find((r) => r[0] === email(501) && r[1] === 'in_meeting.chat')?.slice(2, 8)).toEqual(['false', 'ok', 'group', HOSTILE_GROUP, 'group', HOSTILE_GROUP]);
    expect(html).toMatch(/waiting-room-on<br><small>Waiting room on for every user<\/small><\/td><td class="sev-error">error<\/td><td>CIS Zoom 1\.1\.1\.2<\/td><td data-sort="[\d.]+"><svg [^>]+aria-label="[\d.]+% compliant"/);
    expect(html.indexOf('2026-11-01')).toBeLessThan(html.indexOf('2027-01-31'));
  }, 180_000);

  it('--format csv: exactly one row per user and managed setting, with origin, lock, rule results and exceptions', async () => {
    const result = await report('csv', 'report.csv');
    expect(result.code).toBe(0);
    const lines = readFileSync(join(dir, 'report.csv'), 'utf8').split('\r\n').filter((l) => l !== '');
    expect(lines[0]).toBe('user,setting,value,read,source,source_group,locked,locked_by,rules,failing_rules,exceptions');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(USERS * SETTINGS.length);
    const pairs = new Set(rows.map((r) => `${r[0]} ${r[1]}`));
    expect(pairs.size).toBe(rows.length);
    for (const user of range(1, USERS)) for (const setting of SETTINGS) expect(pairs.has(`${user} ${setting}`)).toBe(true);
    const row = (user: number, setting: string) => lines.find((l) => l.startsWith(`${email(user)},${setting},`));
    // Sales locks chat to false; the account locks auto_recording; user00301's group Kiosks locks the waiting room
    // off: a failure covered by the active exception. Nobody's join before host is locked at the account, and
    // user00004's exception expired: a failure that names it.
    expect(row(1, 'in_meeting.chat')).toBe(`${email(1)},in_meeting.chat,false,ok,group,Sales,group,Sales,,0,`);
    expect(row(1, 'recording.auto_recording')).toMatch(new RegExp(`^${email(1)},recording\\.auto_recording,(cloud|local|none),ok,account,,account,account,,0,$`));
    expect(row(301, 'meeting_security.waiting_room')).toBe(`${email(301)},meeting_security.waiting_room,false,ok,group,Kiosks,group,Kiosks,waiting-room-on: excepted (exception exceptions/exceptions.yaml:2),0,exceptions/exceptions.yaml:2`);
    expect(row(4, 'schedule_meeting.join_before_host')).toMatch(/,no-join-before-host: fail \(exception exceptions\/exceptions\.yaml:7\),1,exceptions\/exceptions\.yaml:7$/);
    // Every 50th simulated user is pending: rows with no value and no rule result; a lock still holds for them.
    expect(row(50, 'in_meeting.chat')).toBe(`${email(50)},in_meeting.chat,,pending,group,Sales,group,Sales,,0,`);
    expect(row(250, 'in_meeting.entry_exit_chime')).toBe(`${email(250)},in_meeting.entry_exit_chime,,pending,unknown,,none,,,0,`);
  }, 180_000);

  it('--format json --users: the named users only, with the rule summary and the exceptions', async () => {
    const result = await runCli(['report', '--live', '--dir', 'desired-state', '--format', 'json', '--users', `${email(301)},${email(4)}`], { cwd: dir, env, timeoutMs: 60_000 });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      users: number;
      rules: Array<{ id: string; pass: number; fail: number; excepted: number }>;
      exceptions: Array<{ name: string; state: string }>;
      rows: Array<{ user: string; setting: string; rules: Array<{ rule: string; status: string }> }>;
    };
    expect(json.users).toBe(2);
    // In the order --users names them, each with all five settings.
    expect(json.rows.map((r) => r.user)).toEqual([...SETTINGS.map(() => email(301)), ...SETTINGS.map(() => email(4))]);
    expect(json.rules.map((r) => [r.id, r.pass + r.fail + r.excepted])).toEqual([['waiting-room-on', 2], ['no-join-before-host', 2]]);
    expect(json.rules[0]!.excepted).toBe(1);
    expect(json.exceptions.map((e) => [e.name, e.state])).toEqual([['exceptions/exceptions.yaml:2', 'active'], ['exceptions/exceptions.yaml:7', 'expired']]);
  }, 60_000);
});
