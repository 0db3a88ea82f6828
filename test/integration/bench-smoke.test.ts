/**
 * The benchmark's code path, small (N = 100, R = 20, latency 5-20 ms): the built CLI (plan, then apply
 * --auto-approve) against a simulator in its own process. Checks that the counts add up and that the rate held,
 * never how long it took. R is well below the requests of each run (100 and 138), so pacing shows: a client that
 * did not pace would put far more than R + 1 requests in one second and use more than all of R. R is low enough
 * (50 ms apart) that a loaded machine's event-loop stalls do not bunch two extra requests into one second.
 * `npm test` builds dist/ before jest runs.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { runBenchmark, type BenchResult } from '../../bench/benchmark.js';
import { applyMinimum, planMinimum } from '../../bench/plan-counts.js';
import { countsOf } from '../../bench/scenario.js';

const USERS = 100;
const RATE = 20;

describe('benchmark smoke run (N = 100, R = 20)', () => {
  let result: BenchResult;

  beforeAll(async () => {
    result = await runBenchmark({
      sizes: [USERS],
      rate: RATE,
      latency: { minMs: 5, maxMs: 20 },
      changedShare: 0.2,
      seed: '1',
      resultsDir: null,
      keep: false,
      json: true,
      floor: false,
    });
  }, 180_000);

  it('runs plan and apply through the built CLI and reports every figure, in its unit', () => {
    const size = result.sizes[0]!;
    expect(size.plan.exitCode).toBe(0);
    expect(size.apply.exitCode).toBe(0);
    for (const run of [size.plan, size.apply]) {
      // Node alone takes tens of MiB; KiB read as bytes (or the reverse) would land far outside.
      expect(run.peakRssMiB).toBeGreaterThanOrEqual(10);
      expect(run.peakRssMiB).toBeLessThan(4096);
      expect(run.cpuMs).toBeGreaterThan(0);
      // Both figures are rounded (cpuMs to 0.1 ms, per user to 0.0001 ms): they agree within those roundings.
      expect(Math.abs(run.cpuMsPerUser - run.cpuMs / USERS)).toBeLessThanOrEqual(0.05 / USERS + 0.00005 + 1e-9);
      expect(run.idealSeconds).toBeCloseTo(run.requests / RATE, 2);
    }
  });

  it('changes exactly the seeded 20 % of the managed users that are not pending', () => {
    const size = result.sizes[0]!;
    const expected = countsOf({ users: USERS, changedShare: 0.2 });
    expect(expected).toEqual({ users: 100, pending: 2, active: 98, changed: 19 });
    const unchanged = expected.active - expected.changed;
    expect(size.plan.planCounts.byStatus).toEqual({ change: expected.changed, 'no-change': unchanged, 'not-found': 0, pending: expected.pending, error: 0 });
    expect(size.apply.planCounts.byStatus).toEqual(size.plan.planCounts.byStatus);
    expect(size.apply.ledger?.counts.applied).toBe(expected.changed);
    expect(size.apply.ledger?.counts.unchanged).toBe(unchanged);
    expect(size.apply.ledger?.counts.failed).toBe(0);
  });

  it('sends exactly the requests each plan calls for: GETs + PATCHes + verifying re-reads, not one more', () => {
    const size = result.sizes[0]!;
    // One managed variant (default) per user: one GET each, pending users included (their GET answers 1120).
    expect(size.plan.planCounts.gets).toBe(USERS);
    // Plus the settings hierarchy, once: the account's two lock-settings reads and GET /groups (no groups).
    expect(size.plan.planCounts.hierarchyReads).toBe(3);
    expect(size.plan.requests).toBe(planMinimum(size.plan.planCounts));
    const apply = size.apply.planCounts;
    expect(apply.patches).toBe(size.plan.planCounts.byStatus.change);
    expect(apply.verifies).toBe(apply.patches);
    expect(size.apply.requests).toBe(applyMinimum(apply));
    expect(size.total.requests).toBe(planMinimum(size.plan.planCounts) + applyMinimum(apply));
    expect(size.total.minimum).toBe(size.total.requests);
  });

  it('stays within the rate at the simulator: R per clock second exactly, and about R in any sliding second', () => {
    const size = result.sizes[0]!;
    for (const run of [size.plan, size.apply]) {
      // More requests than the rate allows in one second: the bounds below are reachable only by pacing.
      expect(run.requests).toBeGreaterThan(2 * RATE);
      // The simulator answers 429 to request R + 1 of a clock second (as Zoom's MEDIUM limit): none means no clock
      // second at the server held more than R.
      expect(run.tooManyRequests).toBe(0);
      // A sliding second can straddle two clock seconds. The limiter releases at most R in any 1,000 ms; the server
      // stamps a request later than its release on a loaded machine (seen: 22 at R = 20, 103 at R = 100), by up to
      // the 250 ms the limiter's design allows for, so R / 4 more (+1) may show in a sliding second, never 2 R.
      expect(run.maxRequestsInOneSecond).toBeLessThanOrEqual(RATE + Math.ceil(RATE / 4) + 1);
    }
    expect(size.checks.filter((check) => !check.ok)).toEqual([]);
  });

  it('sends minimal PATCH bodies: a tenth of the changed users\u2019 full desired settings', () => {
    const { sent, fullDesired, ratio } = result.sizes[0]!.patchBytes;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(fullDesired / 5);
    expect(ratio).toBeCloseTo(sent / fullDesired, 3);
  });
});
