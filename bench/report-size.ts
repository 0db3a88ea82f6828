/**
 * Measures the compliance report at scale: `npx tsx bench/report-size.ts --users 10000 [--cis]` starts a simulator
 * (in-process) with that many users and a hierarchy, writes a desired state managing 4 settings for every user
 * with 2 rules (or, with --cis, also the CIS starter pack's 97 rules), runs the built CLI's `report --live` in each
 * format, and prints each file's size, its rows and the wall time. The numbers in docs/report.md come from here.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { simulatorEnv } from '../src/commands/shared/zoom-session.js';
import { renderCisPack } from '../src/core/packs/render-pack.js';
import { startSimulator } from '../src/simulator/index.js';

const { values } = parseArgs({ options: { users: { type: 'string', default: '2000' }, cis: { type: 'boolean', default: false }, formats: { type: 'string', default: 'html,csv,json' } } });
const users = Number(values.users);
const email = (i: number): string => `user${String(i).padStart(5, '0')}@example.com`;
const dir = mkdtempSync(join(tmpdir(), 'report-size-'));
const ds = join(dir, 'desired-state');
for (const sub of ['users', 'policies']) mkdirSync(join(ds, sub), { recursive: true });
writeFileSync(join(ds, 'defaults.yaml'), 'settings:\n  in_meeting:\n    chat: false\n    entry_exit_chime: host\n  recording:\n    auto_recording: cloud\n  meeting_security:\n    waiting_room: true\n');
writeFileSync(join(ds, 'users/all.yaml'), `${Array.from({ length: users }, (_, i) => `${email(i + 1)}: {}`).join('\n')}\n`);
writeFileSync(
  join(ds, 'policies/meetings.yaml'),
  'rules:\n  - id: waiting-room-on\n    title: Waiting room on\n    severity: error\n    scope: all-users\n    require:\n      meeting_security.waiting_room: true\n' +
    '  - id: no-jbh\n    title: Join before host off, locked\n    severity: warning\n    scope: all-users\n    require:\n      schedule_meeting.join_before_host: { equals: false, locked_at: account }\n',
);
if (values.cis) writeFileSync(join(ds, 'policies/cis-zoom.yaml'), renderCisPack());
const members = (from: number, to: number): string[] => Array.from({ length: Math.max(0, Math.min(to, users) - from + 1) }, (_, k) => email(from + k));
const sim = await startSimulator({
  users,
  seed: 3,
  maxRps: 10_000,
  requestLog: false,
  hierarchy: {
    account: { settings: { in_meeting: { chat: true } }, locks: { recording: { auto_recording: true } } },
    groups: [
      { name: 'Sales', members: members(1, users / 10), settings: { in_meeting: { chat: false } }, locks: { in_meeting: { chat: true } } },
      { name: 'Support', members: members(users / 2, users / 2 + users / 10), settings: { in_meeting: { chat: true } } },
    ],
  },
});
const env = { PATH: process.env.PATH, ...simulatorEnv({}, sim), ZOOM_MAX_RPS: '8000' };
try {
  for (const format of values.formats.split(',')) {
    const out = join(dir, `report.${format}`);
    const started = process.hrtime.bigint();
    // Asynchronous: the simulator answers from this process's event loop.
    // The child reports its peak memory (resident set, KiB) through Node's own accounting, printed on exit.
    const peak = ['--import', 'data:text/javascript,process.on("exit",()=>process.stderr.write("peak-rss-kib="+process.resourceUsage().maxRSS+"\\n"))'];
    const run = await promisify(execFile)(process.execPath, [...peak, resolve('dist/cli.js'), 'report', '--live', '--dir', ds, '--format', format, '--out', out], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rows = /(\d+) rows/.exec(run.stderr)?.[1];
    const rss = Number(/peak-rss-kib=(\d+)/.exec(run.stderr)?.[1]) / 1024;
    process.stdout.write(`${users} users${values.cis ? ' + CIS pack' : ''}, ${format}: ${(statSync(out).size / 1024).toFixed(0)} KiB, ${rows} rows, ${seconds.toFixed(1)} s, peak ${rss.toFixed(0)} MiB\n`);
  }
} finally {
  await sim.stop();
}
