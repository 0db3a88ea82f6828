/**
 * The benchmark's code path, small (N = 200, R = 400, latency 5-20 ms): the built CLI (plan, then apply
 * --auto-approve) against a simulator in its own process. Checks that the counts add up, never how long it took.
 * `npm test` builds dist/ before jest runs.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { runBenchmark, type BenchResult } from '../../bench/benchmark.js';
import { countsOf } from '../../bench/scenario.js';

const USERS = 200;

describe('benchmark smoke run (N = 200)', () => {
  let result: BenchResult;

  beforeAll(async () => {
    result = await runBenchmark({
      sizes: [USERS],
      rate: 400,
      latency: { minMs: 5, maxMs: 20 },
      changedShare: 0.2,
      seed: '1',
      resultsDir: null,
      keep: false,
      json: true,
      floor: false,
    });
  }, 180_000);

  it('runs plan and apply through the built CLI and reports every figure', () => {
    const size = result.sizes[0]!;
    expect(size.plan.exitCode).toBe(0);
    expect(size.apply.exitCode).toBe(0);
    for (const run of [size.plan, size.apply]) {
      expect(run.wallSeconds).toBeGreaterThan(0);
      expect(run.cpuMsPerUser).toBeGreaterThan(0);
      expect(run.peakRssMiB).toBeGreaterThan(0);
      expect(run.utilisation).toBeGreaterThan(0);
    }
  });

  it('changes exactly the seeded 20 % of the managed users that are not pending', () => {
    const size = result.sizes[0]!;
    const expected = countsOf({ users: USERS, changedShare: 0.2 });
    expect(expected).toEqual({ users: 200, pending: 4, active: 196, changed: 39 });
    expect(size.plan.planCounts.byStatus).toEqual({ change: 39, 'no-change': 157, 'not-found': 0, pending: 4, error: 0 });
    expect(size.apply.planCounts.byStatus).toEqual(size.plan.planCounts.byStatus);
    expect(size.apply.ledger?.counts.applied).toBe(39);
    expect(size.apply.ledger?.counts.unchanged).toBe(157);
    expect(size.apply.ledger?.counts.failed).toBe(0);
  });

  it('sends exactly the requests the plan calls for: GETs + PATCHes + verifying re-reads', () => {
    const size = result.sizes[0]!;
    // One managed variant (default) per user: one GET each, pending users included (their GET answers 1120).
    expect(size.plan.planCounts.gets).toBe(200);
    // Plus the settings hierarchy, once: the account's two lock-settings reads and GET /groups (no groups).
    expect(size.plan.planCounts.hierarchyReads).toBe(3);
    expect(size.plan.requests).toBe(size.plan.planCounts.hierarchyReads + size.plan.planCounts.gets);
    const apply = size.apply.planCounts;
    expect(apply.patches).toBe(39);
    expect(apply.verifies).toBe(39);
    expect(size.apply.requests).toBe(apply.hierarchyReads + apply.gets + apply.patches + apply.verifies);
    expect(size.apply.requests).toBe(281);
    expect(size.total.requests).toBe(size.total.minimum);
  });

  it('gets no 429 and stays within the rate in every 1-second window at the simulator', () => {
    const size = result.sizes[0]!;
    expect(size.plan.tooManyRequests).toBe(0);
    expect(size.apply.tooManyRequests).toBe(0);
    expect(size.plan.maxRequestsInOneSecond).toBeLessThanOrEqual(400);
    expect(size.apply.maxRequestsInOneSecond).toBeLessThanOrEqual(400);
    expect(size.checks.filter((check) => !check.ok)).toEqual([]);
  });

  it('sends minimal PATCH bodies: a tenth of the changed users\u2019 full desired settings', () => {
    const { sent, fullDesired, ratio } = result.sizes[0]!.patchBytes;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(fullDesired / 5);
    expect(ratio).toBeCloseTo(sent / fullDesired, 3);
  });
});
