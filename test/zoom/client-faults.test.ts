import { afterEach, describe, expect, it } from '@jest/globals';
import { nextUtcMidnight } from '../../src/core/retry-timing.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { DailyLimitError, ZoomApiError } from '../../src/zoom/index.js';
import { activeUsers, apiLog, runPool, simulatorClient } from './harness.js';

describe('ZoomClient retries and daily limit (against the simulator)', () => {
  let sim: SimulatorHandle | undefined;

  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('retries every injected 5xx, reset and hang until the operation succeeds (PATCH too)', async () => {
    sim = await startSimulator({ users: 20, maxRps: 1000, seed: 7, faults: { errorRate: 0.12, resetRate: 0.06, hangRate: 0.04 } });
    // The deadline covers the whole request now (not only an idle socket): 1 s keeps a loaded machine's honest answers
    // inside it, so only the injected hangs time out.
    const { client } = simulatorClient(sim, { timeoutMs: 1000, maxAttempts: 8 });
    const users = activeUsers(sim);
    const jobs: Array<() => Promise<unknown>> = users.flatMap((user, index) => [
      () => client.patchUserSettings(user.id, 'default', { in_meeting: { chat: index % 2 === 0 } }),
      () => client.getUserSettings(user.email, 'default'),
      () => client.patchUserSettings(user.email, 'meeting_security', { meeting_security: { waiting_room: index % 3 === 0 } }),
      () => client.getUserSettings(user.id, 'meeting_security'),
      () => client.getUserSettings(user.id, 'meeting_authentication'),
    ]);
    const results = await runPool(jobs, 16);
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);

    const faults = sim.counters().faultsInjected;
    expect(faults.error).toBeGreaterThan(0);
    expect(faults.reset).toBeGreaterThan(0);
    expect(faults.hang).toBeGreaterThan(0);
    const metrics = client.metrics();
    // Every faulted request, and only those, was retried.
    expect(metrics.retries).toBe(faults.error + faults.reset + faults.hang);
    expect(metrics.byStatus.timeout).toBe(faults.hang);
    for (const [index, user] of users.entries()) {
      const state = sim.user(user.id)!;
      expect((state.settings.default.in_meeting as Record<string, unknown>).chat).toBe(index % 2 === 0);
      expect((state.settings.meeting_security.meeting_security as Record<string, unknown>).waiting_room).toBe(index % 3 === 0);
    }
    client.close();
  });

  it('retries QPS 429 storms, with more attempts than for 5xx, and the operations succeed', async () => {
    sim = await startSimulator({ users: 12, maxRps: 1000, seed: 3, faults: { qpsStormRate: 0.1 } });
    // maxAttempts 1: a 5xx would not be retried at all, a per-second 429 still is.
    const { client } = simulatorClient(sim, { maxAttempts: 1 });
    const users = activeUsers(sim);
    const results = await runPool(users.flatMap((user) => [() => client.getUserSettings(user.id, 'default'), () => client.getUserSettings(user.id, 'meeting_security')]), 8);
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const storms = sim.counters().faultsInjected.qpsStorm;
    expect(storms).toBeGreaterThan(0);
    expect(client.metrics().rateLimited.QPS).toBe(storms);
    expect(client.metrics().retries).toBe(storms);
    client.close();
  });

  it('gives up on a 5xx after maxAttempts with the status in words', async () => {
    sim = await startSimulator({ users: 2, maxRps: 1000, faults: { errorRate: 1 } });
    const { client } = simulatorClient(sim, { maxAttempts: 3 });
    const user = activeUsers(sim)[0]!.id;
    const error = await client.getUserSettings(user, 'default').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZoomApiError);
    expect((error as ZoomApiError).attempts).toBe(3);
    expect((error as ZoomApiError).message).toMatch(new RegExp(`^GET /users/${user}/settings for ${user} failed after 3 attempts: HTTP 50[023]`));
    expect(sim.counters().requests).toBe(3);
    client.close();
  });

  it('a daily limit stops every MEDIUM request: pending and later calls fail with the reset time', async () => {
    sim = await startSimulator({ users: 40, maxRps: 1000, latency: { minMs: 5, maxMs: 15 }, faults: { dailyLimitAfterRequests: 25 } });
    const { client, logs } = simulatorClient(sim);
    const users = activeUsers(sim);
    const results = await Promise.allSettled(users.map((user) => client.getUserSettings(user.id, 'default')));
    const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(25);
    expect(failures).toHaveLength(users.length - 25);
    const resetAt = nextUtcMidnight(Date.now());
    for (const failure of failures) {
      expect(failure.reason).toBeInstanceOf(DailyLimitError);
      expect((failure.reason as DailyLimitError).resetAt.getTime()).toBe(resetAt);
      expect((failure.reason as DailyLimitError).source).toBe('zoom');
    }
    // After the first daily 429, only requests already on the wire reach the simulator.
    const log = apiLog(sim);
    const first = log.findIndex((entry) => entry.rateLimitType === 'Daily-limit');
    expect(first).toBe(25);
    const after = log.slice(first);
    expect(after.every((entry) => entry.rateLimitType === 'Daily-limit')).toBe(true);
    expect(after.length).toBeLessThanOrEqual(client.metrics().maxInFlight);

    const sent = sim.counters().requests;
    const later = await client.getUserSettings(users[0]!.id, 'meeting_security').catch((caught: unknown) => caught);
    expect(later).toBeInstanceOf(DailyLimitError);
    expect((later as DailyLimitError).message).toContain(new Date(resetAt).toISOString());
    expect(sim.counters().requests).toBe(sent);
    expect(logs.lines().some((line) => line.msg === 'daily limit reached; stopping MEDIUM requests')).toBe(true);
    client.close();
  });
});
