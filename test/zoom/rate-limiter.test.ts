import { describe, expect, it } from '@jest/globals';
import { DailyLimitError, RateLimiter } from '../../src/zoom/index.js';
import { maxInWindow, VirtualTimers } from './virtual-timers.js';

async function releaseTimes(limiter: RateLimiter, count: number): Promise<number[]> {
  return Promise.all(Array.from({ length: count }, () => limiter.acquire()));
}

function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((time, index) => time - times[index]!);
}

/** Requests per whole clock second, as the server counts them (src/simulator/rate-limits.ts: floor(now / 1000)). */
function perClockSecond(times: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const time of times) counts.set(Math.floor(time / 1000), (counts.get(Math.floor(time / 1000)) ?? 0) + 1);
  return counts;
}

const maxPerClockSecond = (times: readonly number[]): number => Math.max(...perClockSecond(times).values());

describe('RateLimiter grid', () => {
  it('spaces a second\u2019s requests evenly before its guard band, starting at once', async () => {
    const timers = new VirtualTimers();
    const start = timers.now();
    const limiter = new RateLimiter({ rps: 10, dailyBudget: null, timers });
    const times = await releaseTimes(limiter, 10);
    expect(times[0]).toBe(start);
    // 10 slots in the 750 ms before the 250 ms band.
    expect(gaps(times)).toEqual(Array(9).fill(75));
  });

  it('never bursts after idle: the grid restarts at the first new request', async () => {
    const timers = new VirtualTimers();
    const limiter = new RateLimiter({ rps: 10, dailyBudget: null, timers });
    await releaseTimes(limiter, 3);
    await timers.sleep(5000);
    const resumedAt = timers.now();
    const times = await releaseTimes(limiter, 10);
    expect(times[0]).toBe(resumedAt);
    // Mid-second, the second's budget is spread over what is left of it, never faster than 4 times the grid's pace.
    expect(Math.min(...gaps(times))).toBeGreaterThanOrEqual(75 / 4);
    expect(maxPerClockSecond(times)).toBeLessThanOrEqual(10);
  });

  it('does not let timer lateness accumulate: ≥ 97 % of the ideal throughput at 200 req/s', async () => {
    for (const lateMs of [1, 3, 7]) {
      const timers = new VirtualTimers(Date.UTC(2026, 0, 15), () => lateMs);
      const limiter = new RateLimiter({ rps: 200, dailyBudget: null, timers });
      const times = await releaseTimes(limiter, 2000);
      const seconds = (times.at(-1)! - times[0]!) / 1000;
      const ideal = (times.length - 1) / 200;
      expect(ideal / seconds).toBeGreaterThanOrEqual(0.97);
      expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(200);
      expect(maxPerClockSecond(times)).toBeLessThanOrEqual(200);
    }
  });

  it('without lateness runs at exactly the rate: rps in every clock second', async () => {
    const timers = new VirtualTimers();
    const limiter = new RateLimiter({ rps: 200, dailyBudget: null, timers });
    const times = await releaseTimes(limiter, 1001);
    // 1,000 requests after the first: five whole seconds of 200 each.
    expect(times.at(-1)! - times[0]!).toBe(5 * 1000);
    expect([...perClockSecond(times).values()]).toEqual([200, 200, 200, 200, 200, 1]);
  });

  it('after a very late timer releases only a small catch-up at once, not the whole overslept debt', async () => {
    let sleeps = 0;
    const timers = new VirtualTimers(Date.UTC(2026, 0, 15), () => (++sleeps === 20 ? 300 : 0));
    const limiter = new RateLimiter({ rps: 200, dailyBudget: null, timers });
    const times = await releaseTimes(limiter, 150);
    const sameInstant = Math.max(...[...new Set(times)].map((time) => times.filter((t) => t === time).length));
    // At most 100 ms worth of the rate at one instant: 20 at 200/s (not the 60 slots it overslept).
    expect(sameInstant).toBeGreaterThan(1);
    expect(sameInstant).toBeLessThanOrEqual(20);
  });
});

describe('RateLimiter clock seconds and sliding window', () => {
  it('holds the (rps+1)-th request until the next clock second, and releases none in the guard band', async () => {
    const timers = new VirtualTimers();
    const limiter = new RateLimiter({ rps: 10, dailyBudget: null, timers });
    const times = await releaseTimes(limiter, 21);
    expect(times[10]! - times[0]!).toBe(1000);
    expect(times[20]! - times[10]!).toBe(1000);
    expect(maxInWindow(times, 1000)).toBe(10);
    expect(Math.max(...times.map((time) => time % 1000))).toBeLessThan(1000 - 250);
  });

  it('keeps every clock second and any 1-second window at rps even when late timers let the grid catch up', async () => {
    const timers = new VirtualTimers(Date.UTC(2026, 0, 15), lateEveryTenth());
    const limiter = new RateLimiter({ rps: 50, dailyBudget: null, timers });
    const times = await releaseTimes(limiter, 400);
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(50);
    expect(maxPerClockSecond(times)).toBeLessThanOrEqual(50);
  });

  it('a non-whole rate carries its fraction: 1.6/s gives 1 or 2 a second, 8 in 5 seconds', async () => {
    const timers = new VirtualTimers();
    const limiter = new RateLimiter({ rps: 1.6, dailyBudget: null, timers });
    const start = timers.now();
    const times = await releaseTimes(limiter, 9);
    expect(times.filter((time) => time < start + 5000)).toHaveLength(8);
    expect(maxPerClockSecond(times)).toBeLessThanOrEqual(2);
  });
});

/**
 * The server stamps a request when its own event loop reads it, and counts whole clock seconds, answering 429 above
 * the limit (src/simulator/rate-limits.ts). A loaded machine delays the stamp a little always, and a lot in a
 * stall: every request that arrives during a stall is stamped when the stall ends. Returns the busiest second.
 */
function busiestServerSecond(times: readonly number[], delay: (index: number) => number, stalled: (stamp: number) => number = (stamp) => stamp): number {
  return maxPerClockSecond(times.map((time, index) => stalled(time + delay(index))));
}

/** A 240 ms stall across the turn of every fourth second: [s + 850, s + 1090) is stamped at s + 1090. */
const stallAcrossTheTurn = (stamp: number): number => {
  const second = Math.floor(stamp / 1000);
  const intoSecond = stamp - second * 1000;
  if (second % 4 === 0 && intoSecond >= 850) return second * 1000 + 1090;
  if (second % 4 === 1 && intoSecond < 90) return second * 1000 + 90;
  return stamp;
};

describe('RateLimiter on a late event loop', () => {
  // Small delays that swing from 0 to 40 ms, request by request (deterministic).
  const swinging = (index: number): number => (index * 7) % 41;

  it('at exactly 60/s, a server whose loop stalls across the turn of each second still counts at most 60 in each', async () => {
    const timers = new VirtualTimers(Date.UTC(2026, 0, 15), lateEveryTenth());
    const limiter = new RateLimiter({ rps: 60, dailyBudget: null, timers });
    const times = await releaseTimes(limiter, 60 * 20);
    expect(busiestServerSecond(times, swinging, stallAcrossTheTurn)).toBeLessThanOrEqual(60);
    // ...at ≥ 97 % of the full rate although every tenth timer fires 40 ms late.
    const seconds = (times.at(-1)! - times[0]!) / 1000;
    expect((times.length - 1) / 60 / seconds).toBeGreaterThanOrEqual(0.97);
  });

  it('an even grid over the whole second (no guard band) would draw a 429 from the same server', async () => {
    const timers = new VirtualTimers(Date.UTC(2026, 0, 15), lateEveryTenth());
    const limiter = new RateLimiter({ rps: 60, dailyBudget: null, timers, guardMs: 0, maxGuardMs: 0 });
    const times = await releaseTimes(limiter, 60 * 20);
    expect(busiestServerSecond(times, swinging, stallAcrossTheTurn)).toBeGreaterThan(60);
  });

  it('a per-second 429 (pause) widens the guard band by 50 ms, up to 500', async () => {
    const timers = new VirtualTimers();
    const limiter = new RateLimiter({ rps: 60, dailyBudget: null, timers });
    limiter.pause(1000);
    expect(limiter.guardMs()).toBe(300);
    for (let k = 0; k < 10; k++) limiter.pause(1000);
    expect(limiter.guardMs()).toBe(500);
  });
});

describe('RateLimiter pause', () => {
  it('holds every waiting request until the pause ends, then resumes on the grid', async () => {
    const timers = new VirtualTimers();
    const limiter = new RateLimiter({ rps: 10, dailyBudget: null, timers });
    await releaseTimes(limiter, 2);
    const pausedAt = timers.now();
    limiter.pause(1200);
    const times = await releaseTimes(limiter, 5);
    expect(times[0]).toBe(pausedAt + 1200);
    // Resumed 275 ms into a second: its 10 slots spread evenly over the 425 ms before the band (300 ms now), on
    // whole-millisecond timers.
    expect(gaps(times).every((gap) => Math.abs(gap - 42.5) <= 0.5)).toBe(true);
    expect(maxPerClockSecond(times)).toBeLessThanOrEqual(10);
  });

  it('a pause called while requests wait delays all of them', async () => {
    const timers = new VirtualTimers();
    const limiter = new RateLimiter({ rps: 10, dailyBudget: null, timers });
    const pending = releaseTimes(limiter, 6);
    await timers.sleep(150);
    const pausedAt = timers.now();
    limiter.pause(1000);
    const times = await pending;
    expect(times.slice(0, 2)).toEqual([pausedAt - 150, pausedAt - 75]);
    expect(times[2]).toBeGreaterThanOrEqual(pausedAt + 1000);
  });
});

describe('RateLimiter AIMD', () => {
  it('halves the rate when remaining is lower than our own use explains, then recovers gradually', async () => {
    const timers = new VirtualTimers();
    const limiter = new RateLimiter({ rps: 20, dailyBudget: null, timers });
    const sentAt = (await releaseTimes(limiter, 2))[1]!;
    // We sent 2 in the last second; the server has 1 of 20 left: someone else used 17.
    expect(limiter.observeRemaining(20, 1, sentAt)).toBe(true);
    expect(limiter.currentRps()).toBe(10);
    // At most one cut a second, however many answers report it.
    expect(limiter.observeRemaining(20, 0, sentAt)).toBe(false);
    // At once: this second's budget is 10, two of which are spent.
    const times = await releaseTimes(limiter, 20);
    expect(times.filter((time) => time < 1000 * Math.ceil(sentAt / 1000))).toHaveLength(8);
    await timers.sleep(3000);
    const midway = limiter.currentRps();
    expect(midway).toBeGreaterThan(10);
    expect(midway).toBeLessThan(20);
    await timers.sleep(10_000);
    expect(limiter.currentRps()).toBe(20);
  });

  it('a client alone at the full rate does not slow itself down', async () => {
    const timers = new VirtualTimers();
    const limiter = new RateLimiter({ rps: 20, dailyBudget: null, timers });
    const times = await releaseTimes(limiter, 20);
    // The server's window holds exactly our 20: remaining 0 is fully explained by our own use.
    for (const [index, sentAt] of times.entries()) {
      expect(limiter.observeRemaining(20, Math.max(0, 20 - (index + 1)), sentAt)).toBe(false);
    }
    expect(limiter.currentRps()).toBe(20);
    expect(limiter.stats().slowdowns).toBe(0);
  });

  it('ignores daily figures in X-RateLimit-Limit', async () => {
    const timers = new VirtualTimers();
    const limiter = new RateLimiter({ rps: 2, dailyBudget: 2000, timers });
    const [sentAt] = await releaseTimes(limiter, 1);
    expect(limiter.observeRemaining(2000, 10, sentAt!)).toBe(false);
  });
});

describe('RateLimiter daily stop', () => {
  it('rejects waiting and later requests with the reset time, and resumes after it', async () => {
    const timers = new VirtualTimers(Date.UTC(2026, 10, 28, 22, 0, 0));
    const limiter = new RateLimiter({ rps: 1, dailyBudget: null, timers });
    await limiter.acquire();
    const waiting = limiter.acquire();
    const resetAt = Date.UTC(2026, 10, 29);
    limiter.stopUntil(resetAt, 'zoom');
    await expect(waiting).rejects.toBeInstanceOf(DailyLimitError);
    const later = await limiter.acquire().catch((error: unknown) => error);
    expect(later).toBeInstanceOf(DailyLimitError);
    expect((later as DailyLimitError).resetAt.toISOString()).toBe('2026-11-29T00:00:00.000Z');
    timers.advance(2 * 3_600_000);
    await expect(limiter.acquire()).resolves.toBe(resetAt);
  });

  it('spends the free-plan budget per UTC day', async () => {
    const timers = new VirtualTimers(Date.UTC(2026, 10, 28, 23, 59, 0));
    const limiter = new RateLimiter({ rps: 100, dailyBudget: 3, timers });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => limiter.acquire()));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    const error = (results[3] as PromiseRejectedResult).reason as DailyLimitError;
    expect(error.source).toBe('budget');
    expect(error.resetAt.toISOString()).toBe('2026-11-29T00:00:00.000Z');
    timers.advance(60_000);
    await expect(limiter.acquire()).resolves.toBeGreaterThanOrEqual(Date.UTC(2026, 10, 29));
  });
});

/** Every tenth timer fires 40 ms late (deterministic). */
function lateEveryTenth(): () => number {
  let count = 0;
  return () => (++count % 10 === 0 ? 40 : 0);
}
