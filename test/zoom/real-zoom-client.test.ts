/**
 * The client against the simulator's real-Zoom behaviours (zoom-api-facts.md §9): failures that are the same for
 * every user stop the client at once (missing scopes, an outage), rate-limit headers are optional, and a token
 * replaced by another job is fetched anew once.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { DailyLimitError, MissingScopesError, ZoomApiError, ZoomUnavailableError } from '../../src/zoom/index.js';
import { activeUsers, apiLog, runPool, simulatorClient } from './harness.js';

let sim: SimulatorHandle;
afterEach(() => sim?.stop());

describe('a token without write scopes (§9.4)', () => {
  it('stops at the first 4711: every other call fails at once with one MissingScopesError, at most the in-flight PATCHes went out', async () => {
    sim = await startSimulator({ users: 60, maxRps: 10_000 });
    const { client } = simulatorClient(sim, { auth: { kind: 'oauth', accountId: sim.credentials.accountId, ...sim.readOnlyCredentials, tokenUrl: sim.tokenUrl }, concurrency: 4 });
    const users = activeUsers(sim);
    expect(Object.keys(await client.getUserSettings(users[0]!.id, 'default'))).toContain('in_meeting');
    sim.clearLog();
    const results = await runPool(users.map((u) => () => client.patchUserSettings(u.id, 'default', { in_meeting: { chat: true } })), 16);
    const reasons = results.map((r) => (r.status === 'rejected' ? r.reason : r));
    expect(reasons.every((r) => r instanceof MissingScopesError)).toBe(true);
    expect(new Set(reasons).size).toBe(1);
    const patches = apiLog(sim).filter((r) => r.method === 'PATCH');
    expect(patches.length).toBeLessThanOrEqual(4);
    expect((reasons[0] as MissingScopesError).message).toMatch(/lacks scopes: user:write:admin, user:update:settings:admin .*apply, drift --fix and rollback also need write scopes/);
    client.close();
  });
});

describe('an outage (the circuit breaker)', () => {
  it('stops after 20 calls in a row fail with 5xx: later calls fail at once without a request', async () => {
    sim = await startSimulator({ users: 100, maxRps: 10_000, faults: { errorRate: 1 } });
    const { client } = simulatorClient(sim, { maxAttempts: 2, concurrency: 4 });
    const users = activeUsers(sim);
    const results = await runPool(users.map((u) => () => client.getUserSettings(u.id, 'default')), 8);
    const reasons = results.map((r) => (r.status === 'rejected' ? r.reason : undefined));
    const unavailable = reasons.filter((r) => r instanceof ZoomUnavailableError);
    expect(unavailable.length).toBeGreaterThan(60);
    expect((unavailable[0] as ZoomUnavailableError).message).toMatch(/^Zoom API unavailable: 20 requests in a row failed with HTTP 50\d/);
    // 20 users' calls (2 attempts each) and the few in flight when it tripped; nothing for the rest.
    const touched = new Set(apiLog(sim).map((r) => r.user));
    expect(touched.size).toBeLessThanOrEqual(30);
    client.close();
  });

  it('a success ends the streak: failures spread among answers never stop the run', async () => {
    sim = await startSimulator({ users: 60, maxRps: 10_000, faults: { errorRate: 0.5 } });
    const { client } = simulatorClient(sim, { maxAttempts: 1, concurrency: 2 });
    const results = await runPool(activeUsers(sim).map((u) => () => client.getUserSettings(u.id, 'default')), 2);
    const reasons = results.map((r) => (r.status === 'rejected' ? r.reason : undefined));
    expect(reasons.some((r) => r instanceof ZoomApiError)).toBe(true);
    expect(reasons.some((r) => r instanceof ZoomUnavailableError)).toBe(false);
    client.close();
  });

  it('stops when the API refuses connections', async () => {
    sim = await startSimulator({ users: 1 });
    const { client } = simulatorClient(sim, { apiBaseUrl: 'http://127.0.0.1:9/v2', maxAttempts: 1, concurrency: 2 });
    const results = await runPool(Array.from({ length: 25 }, (_, i) => () => client.getUserSettings(`u${i}`, 'default')), 1);
    const last = results[24]!;
    expect(last.status).toBe('rejected');
    expect(((last as PromiseRejectedResult).reason as Error).message).toMatch(/^Zoom API unavailable: 20 requests in a row failed with ECONNREFUSED/);
    client.close();
  });
});

describe('rate-limit headers are optional (§9.5)', () => {
  it('paces and reads with only X-RateLimit-Category on answers (no slow-down is inferred)', async () => {
    sim = await startSimulator({ users: 30, maxRps: 10_000 });
    const { client } = simulatorClient(sim);
    await runPool(activeUsers(sim).map((u) => () => client.getUserSettings(u.id, 'default')), 8);
    expect(client.metrics().slowdowns).toBe(0);
    expect(client.metrics().byStatus['200']).toBe(activeUsers(sim).length);
    client.close();
  });

  it('a daily-limit 429 with neither X-RateLimit-Type nor Retry-After stops until the next 00:00 UTC', async () => {
    sim = await startSimulator({ users: 3, maxRps: 10_000, dailyLimit: 1, quirks: { bareDailyLimit: true } });
    const { client } = simulatorClient(sim);
    const [first, second] = activeUsers(sim);
    await client.getUserSettings(first!.id, 'default');
    const error = await client.getUserSettings(second!.id, 'default').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DailyLimitError);
    expect((error as DailyLimitError).resetAt.getUTCHours()).toBe(0);
    expect((error as DailyLimitError).resetAt.getTime()).toBeGreaterThan(Date.now());
    client.close();
  });
});

describe('tokens shared between jobs (§9.7)', () => {
  it.each(['concurrent', 'latest-only'] as const)('two clients of one app both keep working when tokens are %s', async (tokenRegime) => {
    sim = await startSimulator({ users: 2, maxRps: 10_000, quirks: { tokenRegime } });
    const user = activeUsers(sim)[0]!.id;
    const nightly = simulatorClient(sim).client;
    const pullRequest = simulatorClient(sim).client;
    for (let round = 0; round < 3; round += 1) {
      await nightly.getUserSettings(user, 'default');
      await pullRequest.getUserSettings(user, 'default');
    }
    // Concurrent tokens: one each. Latest-only: each call after the other job's token fetch refetches once.
    const expected = tokenRegime === 'concurrent' ? [1, 1] : [3, 3];
    expect([nightly.metrics().tokenRequests, pullRequest.metrics().tokenRequests]).toEqual(expected);
    nightly.close();
    pullRequest.close();
  });

  it('a token refused again after one refetch is a clear error, not a loop', async () => {
    // Every token is dead by the time it is used: the simulator's clock jumps 2 s per look, tokens live 1 s.
    let time = Date.UTC(2026, 10, 28, 12);
    sim = await startSimulator({ users: 2, maxRps: 10_000, tokenTtlSeconds: 1, clock: { now: () => (time += 2000) } });
    const { client } = simulatorClient(sim);
    const error = await client.getUserSettings(activeUsers(sim)[0]!.id, 'default').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZoomApiError);
    expect((error as ZoomApiError).message).toMatch(/HTTP 401, Zoom code 124 invalid access token \(an OAuth token is fetched anew once before this error/);
    expect(client.metrics().tokenRequests).toBe(2);
    expect(apiLog(sim).map((r) => r.status)).toEqual([401, 401]);
    client.close();
  });
});
