import { afterEach, describe, expect, it } from '@jest/globals';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { ManualClock, NOON, apiFor } from './sim-helpers.js';

const U = 'user00001@example.com';

describe('simulator rate limits (zoom-api-facts.md §5)', () => {
  let sim: SimulatorHandle | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('answers 429 QPS with Zoom headers past the per-second limit of one clock second', async () => {
    const clock = new ManualClock(NOON + 100);
    sim = await startSimulator({ clock, plan: 'pro', maxRps: 5, quirks: { rateLimitCounts: true } });
    const api = await apiFor(sim);
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await api.settings(U));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(answers.slice(0, 5).map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['4', '3', '2', '1', '0']);
    expect(answers[0]!.headers.get('x-ratelimit-limit')).toBe('5');
    expect(answers[0]!.headers.get('x-ratelimit-category')).toBe('Medium');
    const limited = answers[5]!;
    expect(limited.body).toEqual({ code: 429, message: 'You have reached the maximum per-second rate limit for this API. Try again later.' });
    expect({
      category: limited.headers.get('x-ratelimit-category'),
      type: limited.headers.get('x-ratelimit-type'),
      limit: limited.headers.get('x-ratelimit-limit'),
      remaining: limited.headers.get('x-ratelimit-remaining'),
      retryAfter: limited.headers.get('retry-after'),
    }).toEqual({ category: 'Medium', type: 'QPS', limit: '5', remaining: '0', retryAfter: null });
    expect(sim.counters().rateLimited.QPS).toBe(2);
    expect(sim.requestLog.filter((e) => e.rateLimitType === 'QPS')).toHaveLength(2);

    // The next clock second has the full budget again: the 429s did not count.
    clock.advance(900);
    const next = [];
    for (let i = 0; i < 6; i++) next.push((await api.settings(U)).status);
    expect(next).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('uses the plan rate: free allows 2 per second', async () => {
    sim = await startSimulator({ clock: new ManualClock(), plan: 'free' });
    const api = await apiFor(sim);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await api.settings(U)).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('answers 429 Daily-limit with Retry-After = next 00:00 UTC, and resets on the next UTC day', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 23, 59, 0));
    sim = await startSimulator({ clock, plan: 'free', maxRps: 100, dailyLimit: 3, quirks: { rateLimitCounts: true } });
    const api = await apiFor(sim);
    const ok = [];
    for (let i = 0; i < 3; i++) ok.push(await api.settings(U));
    // Where a daily cap applies, successful answers carry the daily figures (§5.3).
    expect(ok.map((a) => [a.status, a.headers.get('x-ratelimit-limit'), a.headers.get('x-ratelimit-remaining')])).toEqual([
      [200, '3', '2'],
      [200, '3', '1'],
      [200, '3', '0'],
    ]);
    clock.advance(5_000);
    const limited = await api.settings(U);
    expect(limited.status).toBe(429);
    expect(limited.body.message).toMatch(/daily rate limit \(3\)/);
    expect({
      category: limited.headers.get('x-ratelimit-category'),
      type: limited.headers.get('x-ratelimit-type'),
      limit: limited.headers.get('x-ratelimit-limit'),
      remaining: limited.headers.get('x-ratelimit-remaining'),
      retryAfter: limited.headers.get('retry-after'),
    }).toEqual({ category: 'Medium', type: 'Daily-limit', limit: '3', remaining: '0', retryAfter: '2026-11-29T00:00:00Z' });
    expect(sim.counters().rateLimited['Daily-limit']).toBe(1);
    clock.time = Date.UTC(2026, 10, 29, 0, 0, 0);
    expect((await api.settings(U)).status).toBe(200);
  });

  it('free has 2,000/day by default; pro has no daily cap unless dailyLimit is set', async () => {
    sim = await startSimulator({ clock: new ManualClock(), plan: 'free', quirks: { rateLimitCounts: true } });
    expect((await (await apiFor(sim)).settings(U)).headers.get('x-ratelimit-limit')).toBe('2000');
    await sim.stop();
    sim = await startSimulator({ clock: new ManualClock(), plan: 'pro', dailyLimit: 1 });
    const api = await apiFor(sim);
    expect((await api.settings(U)).status).toBe(200);
    expect((await api.settings(U)).headers.get('x-ratelimit-type')).toBe('Daily-limit');
  });

  it('answers 429 "Too many concurrent requests." to a second PATCH for the same user while one is in flight', async () => {
    sim = await startSimulator({ latency: { minMs: 150, maxMs: 150 } });
    const api = await apiFor(sim);
    const [first, second] = await Promise.all([
      api.patchSettings(U, { in_meeting: { chat: true } }),
      api.patchSettings(U.toUpperCase(), { in_meeting: { polling: true } }),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([204, 429]);
    const limited = first.status === 429 ? first : second;
    expect(limited.body).toEqual({ code: 429, message: 'Too many concurrent requests.' });
    expect(limited.headers.get('x-ratelimit-type')).toBeNull();
    const counters = sim.counters();
    expect(counters.rateLimited.Concurrent).toBe(1);
    expect(counters.concurrentSameUser).toBe(1);
    expect(sim.requestLog.filter((e) => e.rateLimitType === 'Concurrent')).toHaveLength(1);
  });

  it('counts overlapping GETs for one user without refusing them; other users never count', async () => {
    sim = await startSimulator({ latency: { minMs: 100, maxMs: 100 } });
    const api = await apiFor(sim);
    const answers = await Promise.all([api.settings(U), api.settings(U), api.settings('user00002@example.com')]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(sim.counters().concurrentSameUser).toBe(1);
    await Promise.all([api.patchSettings(U, { in_meeting: { chat: true } }), api.patchSettings('user00002@example.com', { in_meeting: { chat: true } })]);
    expect(sim.counters().concurrentSameUser).toBe(1);
  });

  it('measures the most requests in any sliding second of clock time', async () => {
    const clock = new ManualClock(NOON);
    sim = await startSimulator({ clock, maxRps: 100 });
    const api = await apiFor(sim);
    for (const at of [0, 500, 900, 1_500, 1_600, 1_700, 1_900, 2_800]) {
      clock.time = NOON + at;
      await api.settings(U);
    }
    // (700, 1700] holds 900, 1500, 1600, 1700 → 4; at 1900 the request at 900 is exactly 1,000 ms old and out.
    expect(sim.counters().maxRequestsInAnyOneSecondWindow).toBe(4);
  });
});
