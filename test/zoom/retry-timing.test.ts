import { describe, expect, it } from '@jest/globals';
import {
  backoffDelay,
  classifyTooManyRequests,
  dailyResetAt,
  derivedConcurrency,
  isPerSecondLimit,
  nextUtcMidnight,
  othersAreConsuming,
  parseRateLimitHeaders,
  parseRetryAfter,
  qpsPauseMs,
  retryAfterMeansLongLimit,
} from '../../src/core/retry-timing.js';

const NOW = Date.UTC(2026, 10, 28, 15, 30, 0);

describe('parseRetryAfter', () => {
  it.each([
    ['Zoom ISO date', '2026-11-29T00:00:00Z', Date.UTC(2026, 10, 29)],
    ['ISO date with offset', '2026-11-29T01:00:00+01:00', Date.UTC(2026, 10, 29)],
    ['HTTP date', 'Sun, 29 Nov 2026 00:00:00 GMT', Date.UTC(2026, 10, 29)],
    ['delta seconds', '120', NOW + 120_000],
    ['fractional seconds', '1.5', NOW + 1500],
    ['zero seconds', '0', NOW],
    ['padded', '  30 ', NOW + 30_000],
    ['absent', undefined, null],
    ['empty', '', null],
    ['garbage', 'soon', null],
    ['negative seconds', '-5', null],
    ['not a date', 'Mon, 99 Foo', null],
  ])('%s: %p', (_label, value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});

describe('parseRateLimitHeaders', () => {
  it.each([
    [
      'QPS 429',
      { 'x-ratelimit-category': 'Medium', 'x-ratelimit-type': 'QPS', 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '0' },
      { category: 'Medium', type: 'QPS', limit: 20, remaining: 0, retryAt: null },
    ],
    [
      'daily 429, mixed case',
      { 'X-RateLimit-Type': 'Daily-limit', 'X-RateLimit-Limit': '2000', 'X-RateLimit-Remaining': '0', 'Retry-After': '2026-11-29T00:00:00Z' },
      { category: null, type: 'Daily-limit', limit: 2000, remaining: 0, retryAt: Date.UTC(2026, 10, 29) },
    ],
    ['no headers', {}, { category: null, type: null, limit: null, remaining: null, retryAt: null }],
    [
      'unknown type and junk numbers',
      { 'x-ratelimit-type': 'Burst', 'x-ratelimit-limit': 'many', 'x-ratelimit-remaining': '-1' },
      { category: null, type: null, limit: null, remaining: null, retryAt: null },
    ],
    ['array values', { 'x-ratelimit-remaining': ['7', '8'] }, { category: null, type: null, limit: null, remaining: 7, retryAt: null }],
  ])('%s', (_label, headers, expected) => {
    expect(parseRateLimitHeaders(headers, NOW)).toEqual(expected);
  });
});

describe('classifyTooManyRequests', () => {
  it.each([
    ['QPS', undefined, 'QPS'],
    ['Daily-limit', undefined, 'Daily-limit'],
    [null, 'You have reached the maximum per-second rate limit for this API. Try again later.', 'QPS'],
    [null, 'You have exceeded the daily rate limit (2000) of Get user settings API requests', 'Daily-limit'],
    [null, 'Too many concurrent requests.', 'Concurrent'],
    [null, undefined, 'QPS'],
  ] as const)('type %p, message %p → %s', (type, message, expected) => {
    expect(classifyTooManyRequests(type, message)).toBe(expected);
  });
});

describe('daily reset', () => {
  it.each([
    [NOW, Date.UTC(2026, 10, 29)],
    [Date.UTC(2026, 10, 29), Date.UTC(2026, 10, 30)],
    [Date.UTC(2026, 11, 31, 23, 59, 59, 999), Date.UTC(2027, 0, 1)],
  ])('next UTC midnight after %p', (now, expected) => {
    expect(nextUtcMidnight(now)).toBe(expected);
  });

  it('prefers Retry-After, else the next UTC midnight, never the past', () => {
    expect(dailyResetAt(Date.UTC(2026, 10, 29, 1), NOW)).toBe(Date.UTC(2026, 10, 29, 1));
    expect(dailyResetAt(null, NOW)).toBe(Date.UTC(2026, 10, 29));
    expect(dailyResetAt(NOW - 1000, NOW)).toBe(Date.UTC(2026, 10, 29));
  });
});

describe('backoffDelay (full jitter)', () => {
  it.each([
    [1, 0.5, 250],
    [2, 0.5, 500],
    [3, 0.5, 1000],
    [6, 0.5, 8000],
    [6, 0.999, 15_984],
    [7, 0.999, 19_980],
    [8, 0.999, 19_980],
    [40, 0.999, 19_980],
    [1, 0, 0],
  ])('retry %p with random %p → %p ms', (retry, random, expected) => {
    expect(backoffDelay(retry, () => random)).toBe(expected);
  });

  it('stays below the cap whatever the random source returns', () => {
    for (const value of [1, 2, Number.NaN, -1, Number.POSITIVE_INFINITY]) {
      const delay = backoffDelay(20, () => value);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(20_000);
    }
  });

  it('takes a custom base and cap', () => {
    expect(backoffDelay(3, () => 0.5, { baseMs: 10, capMs: 30 })).toBe(15);
  });
});

describe('retryAfterMeansLongLimit (a per-second 429 that asks for a long wait)', () => {
  it.each([
    ['no Retry-After', null, false],
    ['a second', NOW + 1000, false],
    ['exactly 5 s: still waited out', NOW + 5000, false],
    ['just over 5 s', NOW + 5001, true],
    ['an hour', NOW + 3_600_000, true],
    ['in the past', NOW - 1000, false],
  ])('%s', (_name, retryAt, expected) => {
    expect(retryAfterMeansLongLimit(retryAt, NOW)).toBe(expected);
  });
});

describe('qpsPauseMs', () => {
  it.each([
    [0, 1000],
    [0.5, 1250],
    [0.999, 1499],
  ])('random %p → %p ms', (random, expected) => {
    expect(qpsPauseMs(() => random)).toBe(expected);
  });
});

describe('othersAreConsuming', () => {
  it.each([
    ['alone at the full rate', { limit: 20, remaining: 0, ourRecent: 20 }, false],
    ['alone, a little behind', { limit: 20, remaining: 1, ourRecent: 19 }, false],
    ['plenty left', { limit: 20, remaining: 10, ourRecent: 2 }, false],
    ['low and not ours', { limit: 20, remaining: 1, ourRecent: 2 }, true],
    ['low, partly ours, still short by more than 10 %', { limit: 60, remaining: 5, ourRecent: 40 }, true],
    ['low, mostly ours', { limit: 60, remaining: 5, ourRecent: 50 }, false],
    ['no limit', { limit: 0, remaining: 0, ourRecent: 0 }, false],
  ])('%s', (_label, input, expected) => {
    expect(othersAreConsuming(input)).toBe(expected);
  });

  it('tells per-second figures from daily ones', () => {
    expect(isPerSecondLimit(60)).toBe(true);
    expect(isPerSecondLimit(2000)).toBe(false);
  });
});

describe('derivedConcurrency', () => {
  it.each([
    [20, 100, 5],
    [48, 500, 38],
    [200, 20, 8],
    [1.6, 50, 3],
    [0.5, 10, 3],
    [2000, 2000, 256],
  ])('%p rps at %p ms → %p', (rps, latency, expected) => {
    expect(derivedConcurrency(rps, latency)).toBe(expected);
  });
});
