/**
 * apply, drift --fix and rollback behave alike: they check the guards first (a refused run is refused before anyone
 * is asked), then ask on a terminal, need --auto-approve elsewhere, and refuse without it. rollback lists a
 * journal's runs and names the desired-state lines it restores.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { silentLogger } from '../../src/io/logger.js';
import { main } from '../../src/main.js';
import { runCli } from '../helpers/cli.js';
import { requestStory, simulatorFor, type SimEnv } from '../helpers/sim-env.js';
import { collect } from '../helpers/streams.js';

const GUARDS_OFF = ['--max-changed-percent', '100'];
let s: SimEnv;
beforeAll(async () => {
  s = await simulatorFor('desired-state', {}, { ZOOM_EXEC_PMI_PASSCODE: '80808080' });
});
afterAll(async () => {
  await s.stop();
});

/** Runs a command on a "terminal": answers `answer` when asked; `asked` tells whether a question came. */
async function onTerminal(argv: string[], answer: string) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const stdout = collect();
  const stderr = collect();
  const running = main(argv, { stdin, stdout, stderr, env: s.env, cwd: process.cwd(), logger: silentLogger });
  let asked = false;
  const timer = setInterval(() => {
    if (!asked && stderr.text().includes('Only "yes" is accepted')) {
      asked = true;
      stdin.end(`${answer}\n`);
    }
  }, 10);
  const code = await running;
  clearInterval(timer);
  return { code, asked, stdout: stdout.text(), stderr: stderr.text() };
}

const journalIn = (): string => join(mkdtempSync(join(tmpdir(), 'confirm-')), 'journal.jsonl');

describe('drift --fix', () => {
  it('refuses without a terminal unless --auto-approve is given, before reading Zoom', async () => {
    s.sim.setSetting('frank@example.com', 'default', ['recording', 'cloud_recording'], false);
    s.sim.clearLog();
    const refused = await runCli(['drift', '--fix', '--journal', journalIn(), ...GUARDS_OFF], { env: s.env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('drift --fix changes Zoom: pass --auto-approve (stdin is not a terminal, so drift cannot ask for confirmation)');
    expect(s.sim.requestLog).toEqual([]);
  });

  it('on a terminal shows the drift, asks, and corrects nothing unless the answer is "yes"', async () => {
    s.sim.clearLog();
    const declined = await onTerminal(['drift', '--fix', '--journal', journalIn(), ...GUARDS_OFF], 'no');
    expect(declined).toMatchObject({ code: 1, asked: true });
    expect(declined.stdout).toContain('zoom-settings drift report for account');
    expect(declined.stdout).toContain('recording.cloud_recording: false → true');
    expect(declined.stderr).toContain('Correct this drift in Zoom?');
    expect(requestStory(s.sim, ['PATCH'])).toEqual([]);
    const accepted = await onTerminal(['drift', '--fix', '--journal', journalIn(), ...GUARDS_OFF], 'yes');
    expect(accepted).toMatchObject({ code: 0, asked: true });
    expect(requestStory(s.sim, ['PATCH'])).toEqual(['PATCH frank@example.com default 204']);
  });
});

describe('guards come before the question', () => {
  it('apply on a terminal over the guards is refused without asking', async () => {
    s.sim.setSetting('frank@example.com', 'default', ['recording', 'cloud_recording'], false);
    s.sim.clearLog();
    const refused = await onTerminal(['apply', '--journal', journalIn(), '--max-changed-users', '0'], 'yes');
    expect(refused).toMatchObject({ code: 1, asked: false });
    expect(refused.stderr).toContain('refusing to apply: the plan changes 1 user, more than --max-changed-users 0');
    expect(requestStory(s.sim, ['PATCH'])).toEqual([]);
  });
});

describe('rollback', () => {
  it('lists the runs, refuses without a terminal or --auto-approve, and shows the sources it restores', async () => {
    s.sim.setSetting('frank@example.com', 'default', ['recording', 'cloud_recording'], false);
    const journal = journalIn();
    const applied = await runCli(['apply', '--auto-approve', '--journal', journal, ...GUARDS_OFF], { env: s.env });
    expect(applied.code).toBe(0);

    const list = await runCli(['rollback', journal, '--list'], { env: s.env });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^Runs in ${journal} \\(oldest first; roll one back with --run ID\\):\\n\\S+  \\S+  apply     1 user applied\\n$`));

    const refused = await runCli(['rollback', journal, ...GUARDS_OFF], { env: s.env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('rollback changes Zoom: pass --auto-approve');

    s.sim.clearLog();
    const declined = await onTerminal(['rollback', journal, ...GUARDS_OFF], 'n');
    expect(declined).toMatchObject({ code: 1, asked: true });
    expect(declined.stdout).toMatch(/recording\.cloud_recording: true → false {2}desired-state\/defaults\.yaml:\d+:\d+/);
    expect(declined.stdout).not.toContain(':0:0');
    expect(requestStory(s.sim, ['PATCH'])).toEqual([]);
  });

  it('defaults to the journal at .zoom-settings/journal.jsonl', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'rollback-default-'));
    const result = await runCli(['rollback', '--list'], { env: s.env, cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('.zoom-settings/journal.jsonl');
  });
});

describe('--users ""', () => {
  it('is an error, not an empty plan', async () => {
    const result = await runCli(['plan', '--users', ''], { env: s.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--users names no user');
  });
});
