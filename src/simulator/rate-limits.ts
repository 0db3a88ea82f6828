/**
 * Zoom's MEDIUM-label limits (zoom-api-facts.md §5): both settings endpoints and GET /users share one per-account
 * bucket. Per second: free 2, pro 20, business 60 (fixed one-second windows of the clock here). Per day: 2,000 on
 * free, reset at 00:00 UTC (§5.2). A 429 does not consume budget.
 */
import type { Clock, Plan } from './types.js';

export const PLAN_MEDIUM_RPS: Record<Plan, number> = { free: 2, pro: 20, business: 60 };
export const FREE_DAILY_MEDIUM = 2000;
const DAY_MS = 86_400_000;

export const QPS_MESSAGE = 'You have reached the maximum per-second rate limit for this API. Try again later.';
export const CONCURRENT_MESSAGE = 'Too many concurrent requests.';

export type Headers = Record<string, string>;

export type RateDecision =
  | { ok: true }
  | { ok: false; type: 'QPS' | 'Daily-limit'; body: { code: 429; message: string }; headers: Headers };

/** `2026-11-29T00:00:00Z`: the form of Zoom's Retry-After on a daily limit (§5.3). */
export function nextUtcMidnight(now: number): string {
  return new Date((Math.floor(now / DAY_MS) + 1) * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class RateLimiter {
  /** Add X-RateLimit-Limit/Remaining to answered requests (real 2xx were seen with the category only, §9.5). */
  withCounts = false;
  /** Daily-limit 429s without X-RateLimit-Type and Retry-After, as seen on real accounts (§9.5). */
  bareDailyLimit = false;
  private rps: number;
  private readonly dailyLimit: number | null;
  private second = Number.NaN;
  private secondCount = 0;
  private day = Number.NaN;
  private dayCount = 0;
  private dayExhausted = false;

  constructor(
    private readonly clock: Clock,
    plan: Plan,
    maxRps: number | undefined,
    dailyLimit: number | undefined,
  ) {
    this.rps = maxRps ?? PLAN_MEDIUM_RPS[plan];
    // Pro and Business+ have no daily MEDIUM cap (§5.1) unless the caller sets one.
    this.dailyLimit = dailyLimit ?? (plan === 'free' ? FREE_DAILY_MEDIUM : null);
  }

  setMaxRps(rps: number): void {
    this.rps = rps;
  }

  get perSecond(): number {
    return this.rps;
  }

  /** Whether one more MEDIUM request fits; does not count it. */
  check(): RateDecision {
    const now = this.clock.now();
    this.roll(now);
    const base = { 'X-RateLimit-Category': 'Medium', 'X-RateLimit-Remaining': '0' };
    if (this.dayExhausted || (this.dailyLimit !== null && this.dayCount >= this.dailyLimit)) {
      const limit = this.dailyLimit ?? this.dayCount;
      return {
        ok: false,
        type: 'Daily-limit',
        body: {
          code: 429,
          message:
            `You have exceeded the daily rate limit (${limit}) of Medium API requests permitted for this particular ` +
            'account. You may resume these requests at GMT 00:00:00.',
        },
        headers: this.bareDailyLimit
          ? { 'X-RateLimit-Category': 'Medium' }
          : { ...base, 'X-RateLimit-Type': 'Daily-limit', 'X-RateLimit-Limit': String(limit), 'Retry-After': nextUtcMidnight(now) },
      };
    }
    if (this.secondCount >= this.rps) {
      return {
        ok: false,
        type: 'QPS',
        body: { code: 429, message: QPS_MESSAGE },
        headers: { ...base, 'X-RateLimit-Type': 'QPS', 'X-RateLimit-Limit': String(this.rps) },
      };
    }
    return { ok: true };
  }

  count(): void {
    this.roll(this.clock.now());
    this.secondCount += 1;
    this.dayCount += 1;
  }

  /** Takes back a counted request that ended up answered 429 (a QPS storm fault). */
  uncount(): void {
    this.secondCount = Math.max(0, this.secondCount - 1);
    this.dayCount = Math.max(0, this.dayCount - 1);
  }

  /**
   * Headers of an answered request: the category alone (what a real 2xx carried, §9.5), or with `withCounts` the daily
   * figures where a daily cap applies, else per-second (§5.3).
   */
  headers(): Headers {
    if (!this.withCounts) return { 'X-RateLimit-Category': 'Medium' };
    const [limit, used] = this.dailyLimit !== null ? [this.dailyLimit, this.dayCount] : [this.rps, this.secondCount];
    return {
      'X-RateLimit-Category': 'Medium',
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(Math.max(0, limit - used)),
    };
  }

  /** The daily limit is reached now, until the next UTC day. */
  exhaustDay(): void {
    this.roll(this.clock.now());
    this.dayExhausted = true;
  }

  /** Clears the daily counter as if a new UTC day had begun. */
  nextDay(): void {
    this.dayCount = 0;
    this.dayExhausted = false;
  }

  private roll(now: number): void {
    const second = Math.floor(now / 1000);
    if (second !== this.second) {
      this.second = second;
      this.secondCount = 0;
    }
    const day = Math.floor(now / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.dayCount = 0;
      this.dayExhausted = false;
    }
  }
}
