/**
 * The circuit breaker, with the built CLI: a 200-user apply while Zoom answers 503 (500, 502) to everything stops
 * within ~30 users with one message, defers the rest, and `apply --resume` finishes the job once the API is back.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { simulatorFor, type SimEnv } from '../helpers/sim-env.js';

const USERS = 200;
const GUARDS_OFF = ['--max-changed-percent', '100', '--max-changed-users', '100000'];
let work: string;
let dir: string;
let s: SimEnv;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'outage-'));
  dir = join(work, 'desired-state');
  mkdirSync(join(dir, 'users'), { recursive: true });
  writeFileSync(join(dir, 'defaults.yaml'), 'settings:\n  in_meeting:\n    chat: false\n    waiting_room: true\n');
  writeFileSync(join(dir, 'users/all.yaml'), Array.from({ length: USERS }, (_, i) => `user${i}@example.com: {}`).join('\n'));
  // Every user differs: apply has a PATCH for each. Two attempts per request keep the outage quick.
  s = await simulatorFor(dir, { preferShare: 0 }, { ZOOM_MAX_ATTEMPTS: '2' });
}, 30_000);

afterAll(async () => {
  await s?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('Zoom API unavailable', () => {
  it('plan stops with one message (exit 1) instead of an error per user', async () => {
    s.sim.setFaults({ errorRate: 1 });
    const plan = await runCli(['plan', '--dir', dir], { env: { ...s.env, ZOOM_MAX_RPS: '20' } });
    s.sim.setFaults({});
    expect(plan.code).toBe(1);
    expect(hasStackTrace(plan.stderr)).toBe(false);
    expect(plan.stderr.match(/Zoom API unavailable: 20 requests in a row failed with HTTP 50\d/g)).toHaveLength(1);
    // The users answered before it stopped are listed; the rest of the 200 are not.
    expect((plan.stdout.match(/user\d+@example\.com/g) ?? []).length).toBeLessThanOrEqual(40);
  });

  it('apply stops within ~30 users with one message, the rest deferred; --resume finishes once the API is back', async () => {
    const planFile = join(work, 'plan.json');
    const journal = join(work, 'journal.jsonl');
    const planned = await runCli(['plan', '--dir', dir, '--out', planFile], { env: s.env });
    expect(planned.code).toBe(0);
    const changing = Number(/Plan: (\d+) users? to change/.exec(planned.stdout)?.[1]);
    expect(changing).toBeGreaterThan(100);

    s.sim.clearLog();
    s.sim.setFaults({ errorRate: 1 });
    // At a Pro account's rate (20/s): how many users are in flight when the breaker trips depends on the rate.
    const cut = await runCli(['apply', planFile, '--journal', journal, ...GUARDS_OFF], { env: { ...s.env, ZOOM_MAX_RPS: '20' } });
    expect(cut.code).toBe(1);
    expect(hasStackTrace(cut.stderr)).toBe(false);
    const said = `${cut.stdout}\n${cut.stderr}`.match(/Zoom API unavailable: \d+ requests in a row/g) ?? [];
    expect(said).toHaveLength(1);
    expect(cut.stdout).toMatch(/deferred +\d+ \(the run stopped: resume with --resume when Zoom answers again\)/);
    const reached = new Set(s.sim.requestLog.filter((r) => r.user !== null).map((r) => r.user));
    expect(reached.size).toBeGreaterThanOrEqual(20);
    // The 20 of the streak and those in flight or in backoff when it tripped (34 when measured).
    expect(reached.size).toBeLessThanOrEqual(40);
    expect(s.sim.requestLog.filter((r) => r.method === 'PATCH')).toHaveLength(0);
    // The streak's own users failed (each after its retries); every later one was deferred without a request.
    const results = readFileSync(journal, 'utf8').split('\n').filter((line) => line.includes('"type":"user"')).map((line) => JSON.parse(line).result as string);
    expect(results).toHaveLength(changing);
    expect(results.filter((r) => r === 'failed').length).toBeLessThanOrEqual(20);
    expect(results.filter((r) => r === 'deferred').length).toBeGreaterThanOrEqual(changing - 20);

    s.sim.setFaults({});
    const resumed = await runCli(['apply', '--resume', journal, ...GUARDS_OFF], { env: s.env });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`applied +${changing}\\b`));
    const after = await runCli(['plan', '--dir', dir, '--detailed-exitcode'], { env: s.env });
    expect(after.code).toBe(0);
  });
});
