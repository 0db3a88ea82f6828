import { describe, expect, it } from '@jest/globals';
import { DailyLimitError, RateLimiter } from '../../src/zoom/index.js';
import { maxInWindow, VirtualTimers } from './virtual-timers.js';

async function releaseTimes(limiter: RateLimiter, count: number): Promise<number[]> {
  return Promise.all(Array.from({ length: count }, () => limiter.acquire()));
}

function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((time, index) => time - times[index]!);
}

describe('RateLimiter grid', () => {
  it('spaces requests one interval apart, starting at once', async () => {
    const timers = new VirtualTimers();
    const start = timers.now();
    const limiter = new RateLimiter({ rps: 10, dailyBudget: null, timers });
    const times = await releaseTimes(limiter, 10);
    expect(times[0]).toBe(start);
    expect(gaps(times)).toEqual(Array(9).fill(100));
  });

  it('never bursts after idle: the grid restarts at the first new request', async () => {
    const timers = new VirtualTimers();
    const limiter = new RateLimiter({ rps: 10, dailyBudget: null, timers });
    await releaseTimes(limiter, 3);
    await timers.sleep(5000);
    const resumedAt = timers.now();
    const times = await releaseTimes(limiter, 10);
    expect(times[0]).toBe(resumedAt);
    expect(Math.min(...gaps(times))).toBe(100);
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
    }
  });

  it('without lateness runs at the grid rate, held only by the 1,005 ms window', async () => {
    const timers = new VirtualTimers();
    const limiter = new RateLimiter({ rps: 200, dailyBudget: null, timers });
    const times = await releaseTimes(limiter, 1001);
    // 1,000 requests after the first: five windows of 200 each, 1,005 ms apart.
    expect(times.at(-1)! - times[0]!).toBe(5 * 1005);
  });

  it('after a very late timer releases only a small catch-up at once, not the whole overslept debt', async () => {
    let sleeps = 0;
    const timers = new VirtualTimers(Date.UTC(2026, 0, 15), () => (++sleeps === 20 ? 300 : 0));
    const limiter = new RateLimiter({ rps: 200, dailyBudget: null, timers });
    const times = await releaseTimes(limiter, 150);
    const sameInstant = Math.max(...[...new Set(times)].map((time) => times.filter((t) => t === time).length));
    // 25 ms of debt at 5 ms a slot, plus the slot that was due.
    expect(sameInstant).toBeGreaterThan(1);
    expect(sameInstant).toBeLessThanOrEqual(6);
  });
});

describe('RateLimiter sliding-window guard', () => {
  it('holds the (rps+1)-th request until 1,005 ms after the first of the window', async () => {
    const timers = new VirtualTimers();
    const limiter = new RateLimiter({ rps: 10, dailyBudget: null, timers });
    const times = await releaseTimes(limiter, 21);
    expect(times[10]! - times[0]!).toBe(1005);
    expect(times[20]! - times[10]!).toBe(1005);
    expect(maxInWindow(times, 1005)).toBe(10);
  });

  it('keeps any 1-second window at rps even when late timers let the grid catch up', async () => {
    const timers = new VirtualTimers(Date.UTC(2026, 0, 15), lateEveryTenth());
    const limiter = new RateLimiter({ rps: 50, dailyBudget: null, timers });
    const times = await releaseTimes(limiter, 400);
    expect(maxInWindow(times, 1005)).toBeLessThanOrEqual(50);
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
    expect(gaps(times)).toEqual(Array(4).fill(100));
  });

  it('a pause called while requests wait delays all of them', async () => {
    const timers = new VirtualTimers();
    const limiter = new RateLimiter({ rps: 10, dailyBudget: null, timers });
    const pending = releaseTimes(limiter, 6);
    await timers.sleep(150);
    const pausedAt = timers.now();
    limiter.pause(1000);
    const times = await pending;
    expect(times.slice(0, 2)).toEqual([pausedAt - 150, pausedAt - 50]);
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
    const times = await releaseTimes(limiter, 5);
    expect(Math.min(...gaps(times))).toBe(100);
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
