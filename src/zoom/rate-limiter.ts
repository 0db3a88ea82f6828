/**
 * The proactive limiter for Zoom's MEDIUM label: one per client, shared by every call (no module globals), because
 * the limit is per account and shared with every other app on it (zoom-api-facts.md §5.1, §5.2).
 *
 * - Clock seconds with a guard band (clock-seconds.ts): at most rps requests in each whole clock second, all of them
 *   released before its last `guard` ms (250 ms, 50 ms wider after each 429), so a request the
 *   server stamps late, on a loaded machine, is still counted in the second it was released in.
 * - Within a second, slots on a grid: what is left of the second's budget spread over what is left of its time
 *   before the band (at most 4 times the plain grid's pace), so lateness does not accumulate; a late timer
 *   releases the slots that fell due (catch-up bounded to 100 ms worth of the rate at one instant). No burst after idle: a request that finds the queue empty and the grid
 *   more than one interval behind "now" restarts the grid at now.
 * - A sliding-window guard: never release when ceil(rps) requests were released in the last 1000 ms, so any
 *   1-second window holds at most rps, should the server count sliding windows instead of clock seconds.
 * - A whole-limiter pause after a per-second 429 (§5.3 client policy).
 * - AIMD: halve the rate for a few seconds when X-RateLimit-Remaining shows another app consuming the account's
 *   budget, then recover gradually.
 * - A daily stop: after a Daily-limit 429, or when the free plan's own daily budget is spent, every waiting and later
 *   request fails with DailyLimitError until the reset (§5.2).
 */
import { isPerSecondLimit, nextUtcMidnight, othersAreConsuming, utcDay } from '../core/retry-timing.js';
import { ClockSeconds } from './clock-seconds.js';
import { DailyLimitError, type DailyLimitSource } from './errors.js';
import type { Timers } from './timers.js';

export interface RateLimiterOptions {
  rps: number;
  dailyBudget: number | null;
  timers: Timers;
  /** Added to the sliding 1-second window (default 0: the clock-second guard band absorbs late stamps). */
  windowSlackMs?: number;
  /** No release in the last `guardMs` of a clock second (default 250; 50 ms more after each 429). */
  guardMs?: number;
  /** The most the guard band grows to (default 500). */
  maxGuardMs?: number;
  /** How long a halved rate holds before recovering. */
  slowdownHoldMs?: number;
  /** Share of the full rate regained per second after the hold. */
  recoveryPerSecond?: number;
  /** The lowest share of the full rate AIMD goes down to. */
  minRateFactor?: number;
}

const MAX_CATCH_UP_MS = 100;

interface Waiter {
  enqueuedAt: number;
  resolve: (releasedAt: number) => void;
  reject: (error: Error) => void;
}

export class RateLimiter {
  readonly rps: number;
  readonly dailyBudget: number | null;
  private readonly timers: Timers;
  private readonly windowMs: number;
  private readonly windowCap: number;
  private readonly holdMs: number;
  private readonly recoveryPerSecond: number;
  private readonly minFactor: number;
  private readonly seconds: ClockSeconds;

  private readonly queue: Array<Waiter | undefined> = [];
  private queueHead = 0;
  private draining = false;
  private nextSlot = Number.NEGATIVE_INFINITY;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private stop: { resetAt: number; source: DailyLimitSource } | null = null;

  /** Ring buffer of release times, long enough for the window guard and for "our use in the last second". */
  private readonly history: Float64Array;
  private historyNext = 0;
  private historySize = 0;

  private day = Number.NaN;
  private dayCount = 0;

  private reducedFactor = 1;
  private holdUntil = Number.NEGATIVE_INFINITY;
  private lastCutAt = Number.NEGATIVE_INFINITY;

  private released = 0;
  private waitedMs = 0;
  private slowdowns = 0;

  constructor(options: RateLimiterOptions) {
    if (!(options.rps > 0) || !Number.isFinite(options.rps)) throw new RangeError(`rps must be a finite number > 0 (got ${options.rps})`);
    this.rps = options.rps;
    this.dailyBudget = options.dailyBudget;
    this.timers = options.timers;
    this.windowMs = 1000 + (options.windowSlackMs ?? 0);
    this.seconds = new ClockSeconds({ ...(options.guardMs !== undefined ? { guardMs: options.guardMs } : {}), ...(options.maxGuardMs !== undefined ? { maxGuardMs: options.maxGuardMs } : {}) });
    this.windowCap = Math.max(1, Math.ceil(options.rps));
    this.holdMs = options.slowdownHoldMs ?? 3000;
    this.recoveryPerSecond = options.recoveryPerSecond ?? 0.1;
    this.minFactor = options.minRateFactor ?? 0.125;
    this.history = new Float64Array(Math.max(64, this.windowCap * 4));
  }

  /** Resolves with the release time when the request may be sent; rejects with DailyLimitError when stopped. */
  acquire(): Promise<number> {
    const now = this.timers.now();
    const stopped = this.stoppedError(now);
    if (stopped) return Promise.reject(stopped);
    if (this.queueHead === this.queue.length && this.nextSlot < now - this.spacing(now)) this.nextSlot = now;
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ enqueuedAt: now, resolve, reject });
      void this.drain();
    });
  }

  /**
   * Hold every request until `ms` from now (a per-second 429 means the account's window is full). The server saw
   * more in one of its seconds than we released in ours, so its stamps are later than the guard band allowed
   * for: widen the band.
   */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.timers.now() + ms);
    this.nextSlot = Math.max(this.nextSlot, this.pausedUntil);
    this.seconds.widen();
  }

  /** Stop sending until `resetAt`: the waiting requests and every later one fail with DailyLimitError. */
  stopUntil(resetAt: number, source: DailyLimitSource): DailyLimitError {
    if (!this.stop || this.stop.resetAt < resetAt) this.stop = { resetAt, source };
    const error = new DailyLimitError(new Date(this.stop.resetAt), this.stop.source);
    this.rejectAll(error);
    return error;
  }

  /**
   * Feed X-RateLimit-Limit/Remaining of an answer to a request released at `sentAt`. Halves the rate (at most once
   * a second) when the remaining budget is lower than our own requests explain. Returns true when it slowed down.
   */
  observeRemaining(limit: number, remaining: number, sentAt: number): boolean {
    if (!isPerSecondLimit(limit)) return false;
    const now = this.timers.now();
    // Every request of ours the server can have counted in the window that held `sentAt` was released after sentAt − 1 s.
    const ourRecent = this.releasedSince(sentAt - 1000);
    if (!othersAreConsuming({ limit, remaining, ourRecent })) return false;
    if (now - this.lastCutAt < 1000) return false;
    this.reducedFactor = Math.max(this.minFactor, this.rateFactor(now) / 2);
    this.holdUntil = now + this.holdMs;
    this.lastCutAt = now;
    this.slowdowns += 1;
    return true;
  }

  /** The share of the full rate in force now (1 unless AIMD slowed down). */
  rateFactor(now: number = this.timers.now()): number {
    if (now < this.holdUntil) return this.reducedFactor;
    const recovered = this.reducedFactor + (this.recoveryPerSecond * (now - this.holdUntil)) / 1000;
    return Math.min(1, recovered);
  }

  currentRps(now: number = this.timers.now()): number {
    return this.rps * this.rateFactor(now);
  }

  /** The grid's step when a second's whole budget lies ahead: its rps slots in the (1000 − guard) ms before the band. */
  private spacing(now: number): number {
    return (1000 - this.seconds.guardMs()) / Math.max(1, Math.ceil(this.currentRps(now)));
  }

  /** The guard band in force now (ms at the end of each clock second with no release). */
  guardMs(): number {
    return this.seconds.guardMs();
  }

  /** Releases after `since` (exclusive), as far as the history reaches. */
  releasedSince(since: number): number {
    let count = 0;
    for (let k = 1; k <= this.historySize; k += 1) {
      if (this.releaseTime(k) <= since) break;
      count += 1;
    }
    return count;
  }

  stats(): { released: number; waitedMs: number; waiting: number; slowdowns: number; pausedUntil: number; rateFactor: number } {
    return {
      released: this.released,
      waitedMs: this.waitedMs,
      waiting: this.queue.length - this.queueHead,
      slowdowns: this.slowdowns,
      pausedUntil: this.pausedUntil,
      rateFactor: this.rateFactor(),
    };
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queueHead < this.queue.length) {
        const wait = this.releaseDue(this.timers.now());
        if (wait > 0) await this.timers.sleep(Math.ceil(wait));
      }
    } finally {
      this.draining = false;
    }
  }

  /** Releases every waiter that is due at `now`; returns the ms until the next one may go (0 when none wait). */
  private releaseDue(now: number): number {
    // However late the timer, at most this many go at one instant (20 at 200/s, 6 at 60/s).
    const burst = Math.max(2, Math.ceil((this.currentRps(now) * MAX_CATCH_UP_MS) / 1000));
    for (let releasedNow = 0; this.queueHead < this.queue.length; releasedNow += 1) {
      const stopped = this.stoppedError(now);
      if (stopped) {
        this.rejectAll(stopped);
        return 0;
      }
      if (now < this.pausedUntil) return this.pausedUntil - now;
      const rps = this.currentRps(now);
      const bandStart = this.seconds.bandStart(now);
      if (this.seconds.remaining(now, rps) <= 0 || now >= bandStart) return this.seconds.nextSecond(now) - now;
      const spacing = this.spacing(now);
      // A late timer may release the slots it overslept, but only a little debt is kept (never a burst), and none
      // from before this clock second.
      const slot = Math.max(this.nextSlot, now - Math.max(2 * spacing, MAX_CATCH_UP_MS), Math.floor(now / 1000) * 1000);
      if (slot > now) return slot - now;
      if (releasedNow >= burst) {
        this.nextSlot = now + spacing / 4;
        return spacing / 4;
      }
      if (this.historySize >= this.windowCap) {
        const windowOpensAt = this.releaseTime(this.windowCap) + this.windowMs;
        if (windowOpensAt > now) return windowOpensAt - now;
      }
      this.release(now);
      this.seconds.released(now, rps);
      // What is left of this second's budget, spread over what is left of its time before the band (at most four
      // times the plain grid's pace, so a late start does not turn into a burst).
      const left = this.seconds.remaining(now, rps);
      this.nextSlot = slot + (left > 0 ? Math.max(spacing / 4, (bandStart - slot) / (left + 1)) : spacing);
    }
    return 0;
  }

  private release(now: number): void {
    const waiter = this.queue[this.queueHead]!;
    this.queue[this.queueHead] = undefined;
    this.queueHead += 1;
    this.compactQueue();
    this.history[this.historyNext] = now;
    this.historyNext = (this.historyNext + 1) % this.history.length;
    this.historySize = Math.min(this.historySize + 1, this.history.length);
    this.countToday(now);
    this.released += 1;
    this.waitedMs += now - waiter.enqueuedAt;
    waiter.resolve(now);
  }

  /** The k-th most recent release time (k = 1 is the latest). */
  private releaseTime(k: number): number {
    const index = (this.historyNext - k + this.history.length * 2) % this.history.length;
    return this.history[index]!;
  }

  private countToday(now: number): void {
    const today = utcDay(now);
    if (today !== this.day) {
      this.day = today;
      this.dayCount = 0;
    }
    this.dayCount += 1;
  }

  private stoppedError(now: number): DailyLimitError | null {
    if (this.stop) {
      if (now < this.stop.resetAt) return new DailyLimitError(new Date(this.stop.resetAt), this.stop.source);
      this.stop = null;
    }
    if (this.dailyBudget !== null && utcDay(now) === this.day && this.dayCount >= this.dailyBudget) {
      this.stop = { resetAt: nextUtcMidnight(now), source: 'budget' };
      return new DailyLimitError(new Date(this.stop.resetAt), 'budget');
    }
    return null;
  }

  private rejectAll(error: DailyLimitError): void {
    while (this.queueHead < this.queue.length) {
      const waiter = this.queue[this.queueHead]!;
      this.queueHead += 1;
      waiter.reject(error);
    }
    this.queue.length = 0;
    this.queueHead = 0;
  }

  private compactQueue(): void {
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
  }
}
