import { afterEach, describe, expect, it } from '@jest/globals';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../src/simulator/index.js';
import { ManualClock, apiFor } from './sim-helpers.js';

const U = 'user00001@example.com';

describe('simulator fault injection', () => {
  let sim: SimulatorHandle | undefined;
  const start = async (options: SimulatorOptions) => {
    sim = await startSimulator({ maxRps: 10_000, ...options });
    return sim;
  };
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('errorRate answers 500, 502 or 503 and does not apply the PATCH', async () => {
    const s = await start({});
    const api = await apiFor(s);
    const before = s.user(U)!.settings.default;
    s.setFaults({ errorRate: 1 });
    const statuses = [];
    for (let i = 0; i < 12; i++) {
      const res = await api.patchSettings(U, { in_meeting: { chat: i % 2 === 0 }, recording: { auto_recording: 'cloud' } });
      statuses.push(res.status);
    }
    expect(statuses.every((s) => [500, 502, 503].includes(s))).toBe(true);
    expect(new Set(statuses).size).toBeGreaterThan(1);
    expect(s.user(U)!.settings.default).toEqual(before);
    expect(s.counters().faultsInjected.error).toBe(12);
    expect(s.requestLog.filter((e) => e.fault === 'error')).toHaveLength(12);
  });

  it('resetRate destroys the socket with no answer and does not apply the PATCH', async () => {
    const s = await start({});
    const api = await apiFor(s);
    const before = s.user(U)!.settings.default;
    s.setFaults({ resetRate: 1 });
    await expect(api.patchSettings(U, { in_meeting: { chat: !(before.in_meeting as any).chat } })).rejects.toThrow();
    expect(s.user(U)!.settings.default).toEqual(before);
    expect(s.counters().faultsInjected.reset).toBe(1);
    expect(s.requestLog.at(-1)).toMatchObject({ status: 0, fault: 'reset' });
    s.setFaults({});
    expect((await api.settings(U)).status).toBe(200);
  });

  it('hangRate never answers; the client times out and stop() releases the request', async () => {
    const s = await start({});
    const api = await apiFor(s);
    s.setFaults({ hangRate: 1 });
    const hung = api.get(`/users/${U}/settings`, { signal: AbortSignal.timeout(150) });
    await expect(hung).rejects.toThrow();
    expect(s.counters().faultsInjected.hang).toBe(1);
    // A retry after the timeout is a new request, not a concurrent one.
    s.setFaults({});
    expect((await api.settings(U)).status).toBe(200);
    expect(s.counters().concurrentSameUser).toBe(0);
    s.setFaults({ hangRate: 1 });
    const pending = fetch(`${s.apiBaseUrl}/users/${U}/settings`, { headers: { authorization: `Bearer ${api.token}` } });
    const outcome = pending.then(
      () => 'answered',
      () => 'released',
    );
    while (s.counters().faultsInjected.hang < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await s.stop();
    expect(await outcome).toBe('released');
  });

  it('qpsStormRate answers 429 QPS whatever the budget, and those 429s use no budget', async () => {
    const clock = new ManualClock();
    const s = await start({ clock, maxRps: 2, faults: { qpsStormRate: 1 } });
    const api = await apiFor(s);
    const storm = [];
    for (let i = 0; i < 4; i++) storm.push(await api.settings(U));
    expect(storm.map((a) => a.status)).toEqual([429, 429, 429, 429]);
    expect(storm[0]!.headers.get('x-ratelimit-type')).toBe('QPS');
    expect(storm[0]!.body.code).toBe(429);
    s.setFaults({});
    const after = [];
    for (let i = 0; i < 3; i++) after.push((await api.settings(U)).status);
    expect(after).toEqual([200, 200, 429]);
    const counters = s.counters();
    expect(counters.faultsInjected.qpsStorm).toBe(4);
    expect(counters.rateLimited.QPS).toBe(5);
  });

  it('tokenExpireAfterRequests expires every token issued so far, once', async () => {
    const s = await start({ faults: { tokenExpireAfterRequests: 2 } });
    const api = await apiFor(s);
    expect((await api.settings(U)).status).toBe(200);
    expect((await api.settings(U)).status).toBe(200);
    const expired = await api.settings(U);
    expect([expired.status, expired.body.code]).toEqual([401, 124]);
    const fresh = await apiFor(s);
    for (let i = 0; i < 3; i++) expect((await fresh.settings(U)).status).toBe(200);
    expect(s.counters().faultsInjected.tokenExpire).toBe(1);
  });

  it('dailyLimitAfterRequests reaches the daily limit until the next UTC day', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 8, 0, 0));
    const s = await start({ clock, faults: { dailyLimitAfterRequests: 2 } });
    const api = await apiFor(s);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await api.settings(U));
    expect(statuses.map((a) => a.status)).toEqual([200, 200, 429, 429]);
    expect(statuses[2]!.headers.get('x-ratelimit-type')).toBe('Daily-limit');
    expect(statuses[2]!.headers.get('retry-after')).toBe('2026-11-29T00:00:00Z');
    expect(s.counters().faultsInjected.dailyLimit).toBe(1);
    clock.time = Date.UTC(2026, 10, 29, 0, 0, 1);
    expect((await (await apiFor(s)).settings(U)).status).toBe(200);
  });

  it('rates are shares of requests, drawn from the seed: same seed, same sequence', async () => {
    const run = async () => {
      const s = await startSimulator({ maxRps: 10_000, seed: 'faulty', faults: { errorRate: 0.3 } });
      try {
        const api = await apiFor(s);
        const statuses = [];
        for (let i = 0; i < 100; i++) statuses.push((await api.settings(U)).status);
        return { statuses, errors: s.counters().faultsInjected.error };
      } finally {
        await s.stop();
      }
    };
    const first = await run();
    const second = await run();
    expect(second.statuses).toEqual(first.statuses);
    expect(first.errors).toBe(first.statuses.filter((status) => status >= 500).length);
    expect(first.errors).toBeGreaterThan(15);
    expect(first.errors).toBeLessThan(45);
  });

  it('refuses invalid fault options with a message naming the option', async () => {
    const s = await start({});
    expect(() => s.setFaults({ errorRate: 2 })).toThrow('`errorRate`');
    expect(() => s.setFaults({ errorRate: 0.6, hangRate: 0.6 })).toThrow('add up to at most 1');
    expect(() => s.setFaults({ tokenExpireAfterRequests: -1 })).toThrow('`tokenExpireAfterRequests`');
  });
});
