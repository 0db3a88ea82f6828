/**
 * The journal never destroys a file, and two runs never interleave: `--journal` refuses a file that is not a
 * journal, the plan being applied, or a path inside the desired state (nothing sent, the file unchanged); a run
 * holds a lock beside its journal (and its saved plan) that a second run meets with the holder named; a lock left
 * by a dead run is taken over with a warning. The built CLI against a simulator whose request log tells.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireRunLock, type RunLockDeps } from '../../src/io/run-lock.js';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { simulatorFor, type SimEnv } from '../helpers/sim-env.js';

let s: SimEnv | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

const GUARDS_OFF = ['--max-changed-percent', '100', '--max-changed-users', '100000'];

function setUp(): { work: string; dir: string } {
  const work = mkdtempSync(join(tmpdir(), 'journal-'));
  const dir = join(work, 'desired-state');
  cpSync('desired-state', dir, { recursive: true });
  return { work, dir };
}

async function driftedWorld(): Promise<{ work: string; dir: string; sim: SimEnv }> {
  const { work, dir } = setUp();
  s = await simulatorFor(dir, {}, { ZOOM_EXEC_PMI_PASSCODE: '55501234' });
  s.sim.setSetting('alice@example.com', 'default', ['in_meeting', 'waiting_room'], false);
  return { work, dir, sim: s };
}

const patches = (sim: SimEnv): number => sim.sim.requestLog.filter((r) => r.method === 'PATCH').length;

describe('--journal refuses a path it would damage; nothing is sent and the file is unchanged', () => {
  it.each([
    ['a users YAML of the desired state', (dir: string) => join(dir, 'users', 'engineering.yaml'), /inside the desired-state directory/],
    ['a file that is not a journal', (_dir: string, work: string) => writeAndReturn(join(work, 'notes.txt'), 'my notes\n'), /is not a zoom-settings journal/],
    ['a directory', (_dir: string, work: string) => work, /is not a regular file/],
  ])('%s', async (_what, pick, message) => {
    const { work, dir, sim } = await driftedWorld();
    const journal = pick(dir, work);
    const before = statSync(journal).isFile() ? readFileSync(journal, 'utf8') : null;
    const result = await runCli(['apply', '--auto-approve', '--dir', dir, '--journal', journal, ...GUARDS_OFF], { env: sim.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(patches(sim)).toBe(0);
    if (before !== null) expect(readFileSync(journal, 'utf8')).toBe(before);
  });

  it('the plan file being applied', async () => {
    const { work, dir, sim } = await driftedWorld();
    const plan = join(work, 'plan.json');
    expect((await runCli(['plan', '--dir', dir, '--out', plan], { env: sim.env })).code).toBe(0);
    const before = readFileSync(plan, 'utf8');
    const result = await runCli(['apply', plan, '--journal', plan, ...GUARDS_OFF], { env: sim.env });
    expect(result.stderr).toMatch(/refusing the journal .*plan\.json: it is the plan file being applied/);
    expect(result.code).toBe(1);
    expect(patches(sim)).toBe(0);
    expect(readFileSync(plan, 'utf8')).toBe(before);
  });

  it('an existing journal is appended to, as before', async () => {
    const { work, dir, sim } = await driftedWorld();
    const journal = join(work, 'journal.jsonl');
    expect((await runCli(['apply', '--auto-approve', '--dir', dir, '--journal', journal, ...GUARDS_OFF], { env: sim.env })).code).toBe(0);
    sim.sim.setSetting('alice@example.com', 'default', ['in_meeting', 'waiting_room'], false);
    const again = await runCli(['apply', '--auto-approve', '--dir', dir, '--journal', journal, ...GUARDS_OFF], { env: sim.env });
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(readFileSync(journal, 'utf8').split('\n').filter((l) => l.includes('"type":"run"'))).toHaveLength(2);
    expect(existsSync(`${journal}.lock`)).toBe(false);
  });
});

describe('the run lock', () => {
  it('a second run meets the lock of a live one, naming the holder; nothing is sent', async () => {
    const { work, dir, sim } = await driftedWorld();
    const journal = join(work, 'journal.jsonl');
    // A live holder on this host: this test's own process, as another run would be.
    writeFileSync(`${journal}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), started: '2026-01-01T00:00:00.000Z', command: 'apply' }));
    const result = await runCli(['apply', '--auto-approve', '--dir', dir, '--journal', journal, ...GUARDS_OFF], { env: sim.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`another zoom-settings run holds the lock ${journal}.lock: apply (pid ${process.pid} on ${hostname()}, started 2026-01-01T00:00:00.000Z); wait for it to finish`);
    expect(patches(sim)).toBe(0);
    for (const args of [['apply', '--resume', journal], ['rollback', journal, '--auto-approve'], ['drift', '--fix', '--auto-approve', '--dir', dir, '--journal', journal]]) {
      const other = await runCli(args, { env: sim.env });
      expect({ args, code: other.code, locked: /holds the lock/.test(other.stderr) }).toEqual({ args, code: 1, locked: true });
    }
    expect(patches(sim)).toBe(0);
  });

  it('a lock left by a dead run on this host is taken over with a warning; another host is refused with how to remove it', async () => {
    const { work, dir, sim } = await driftedWorld();
    const journal = join(work, 'journal.jsonl');
    writeFileSync(`${journal}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), started: '2026-01-01T00:00:00.000Z', command: 'apply' }));
    const taken = await runCli(['apply', '--auto-approve', '--dir', dir, '--journal', journal, ...GUARDS_OFF], { env: sim.env });
    expect(taken.stderr).toMatch(/warning: took over the lock .*journal\.jsonl\.lock left by apply \(pid 4206649/);
    expect(taken.code).toBe(0);
    expect(existsSync(`${journal}.lock`)).toBe(false);

    writeFileSync(`${journal}.lock`, JSON.stringify({ pid: 1, host: 'build-agent-7', started: '2026-01-01T00:00:00.000Z', command: 'drift' }));
    const refused = await runCli(['apply', '--auto-approve', '--dir', dir, '--journal', journal, ...GUARDS_OFF], { env: sim.env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`if no run is active on build-agent-7, remove ${journal}.lock`);
  });

  it('acquireRunLock: O_EXCL, one holder at a time, released only by its holder', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'lock-')), 'j.lock');
    const warnings: string[] = [];
    const deps = (pid: number, alive: boolean): RunLockDeps => ({ pid, host: 'h', now: () => new Date(0), isAlive: () => alive, warn: (m) => warnings.push(m) });
    const first = acquireRunLock(path, 'apply', deps(10, true));
    expect(() => acquireRunLock(path, 'apply', deps(11, true))).toThrow(/holds the lock .*pid 10 on h/);
    // pid 10 died: 12 takes over; 10's late release must not remove 12's lock.
    const third = acquireRunLock(path, 'rollback', deps(12, false));
    expect(warnings).toHaveLength(1);
    first.release();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: 12, command: 'rollback' });
    third.release();
    expect(existsSync(path)).toBe(false);
  });

  it('one process never takes over a lock it holds itself; a lock left by an earlier process with the same pid is taken over', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'lock-')), 'j.lock');
    const warnings: string[] = [];
    let tick = 0;
    const deps: RunLockDeps = { pid: 1, host: 'pod-0', now: () => new Date(tick++ * 1000), isAlive: () => true, warn: (m) => warnings.push(m) };
    const held = acquireRunLock(path, 'watch', deps);
    // A second reconcile in the same process (watch) must wait its turn, not take the lock from itself.
    expect(() => acquireRunLock(path, 'watch', deps)).toThrow(/this zoom-settings process already holds the lock/);
    expect(warnings).toHaveLength(0);
    held.release();
    // A restarted container is pid 1 again: the lock its predecessor left is stale, and taken over.
    writeFileSync(path, JSON.stringify({ pid: 1, host: 'pod-0', started: '2026-01-01T00:00:00.000Z', command: 'apply' }));
    acquireRunLock(path, 'apply', deps).release();
    expect(warnings).toEqual([expect.stringMatching(/took over the lock .* left by apply \(pid 1 on pod-0/)]);
  });
});

function writeAndReturn(path: string, text: string): string {
  writeFileSync(path, text);
  return path;
}
