/**
 * The per-second budget of the proactive limiter, counted the way the server counts: in whole clock seconds
 * (src/simulator/rate-limits.ts: floor(now / 1000); zoom-api-facts.md §5.1 names only "per second").
 *
 * Why clock seconds and a guard band: the server stamps a request when its own event loop reads it, some time after
 * the client released it. Under CPU load that delay swings by tens to hundreds of milliseconds, so a client that
 * spreads R requests evenly over each second sees the tail of one second stamped into the next, and the server
 * counts R + 5 there (65 at 60/s measured under load) and answers 429, which pauses every request for 1–1.5 s
 * (§5.3). Releasing a second's R requests in its first (1000 − guard) ms, and none in the last `guard` ms, lets a
 * request arrive up to `guard` ms late and still be counted in the second it was meant for, at the full rate.
 * The guard widens after every per-second 429 (the server saw a later stamp than the guard allowed for). It does
 * not follow the lateness of the limiter's own timers: a late client loop delays releases, which never makes the
 * server count more, and a wider band when the client is already behind only loses throughput (measured in virtual
 * time: 0.82 instead of 0.89 of the rate when 2 % of the timers fire 200 ms late).
 */

export interface ClockSecondOptions {
  /** Releases none in the last `guardMs` of each clock second. */
  guardMs?: number;
  /** The guard never grows beyond this (it compresses the second's releases into 1000 − guard ms). */
  maxGuardMs?: number;
}

export const DEFAULT_GUARD_MS = 250;
export const MAX_GUARD_MS = 500;
/** Added to the guard for every per-second 429. */
const GUARD_STEP_MS = 50;

export class ClockSeconds {
  private readonly maxGuardMs: number;
  private baseGuardMs: number;
  private second = Number.NaN;
  /** The fraction of a request a non-whole rate leaves over from one second to the next (1.6/s: 1, 2, 1, 2, 2 …). */
  private carry = 0;
  private carryAtStart = 0;
  private releasedInSecond = 0;

  constructor(options: ClockSecondOptions = {}) {
    this.maxGuardMs = Math.min(900, options.maxGuardMs ?? MAX_GUARD_MS);
    this.baseGuardMs = Math.min(this.maxGuardMs, Math.max(0, options.guardMs ?? DEFAULT_GUARD_MS));
  }

  /** The guard band in force, in ms. */
  guardMs(): number {
    return this.baseGuardMs;
  }

  /** How many more may go in the clock second holding `now` at `rps` (a cut rate takes effect at once). */
  remaining(now: number, rps: number): number {
    this.roll(now, rps);
    return Math.floor(this.carryAtStart + rps) - this.releasedInSecond;
  }

  /** Start of the guard band of the second holding `now`. */
  bandStart(now: number): number {
    return Math.floor(now / 1000) * 1000 + 1000 - this.baseGuardMs;
  }

  nextSecond(now: number): number {
    return Math.floor(now / 1000) * 1000 + 1000;
  }

  released(now: number, rps: number): void {
    this.roll(now, rps);
    this.releasedInSecond += 1;
  }

  /** The server counted more than its limit in one of its seconds: allow for later stamps from now on. */
  widen(): void {
    this.baseGuardMs = Math.min(this.maxGuardMs, this.baseGuardMs + GUARD_STEP_MS);
  }

  private roll(now: number, rps: number): void {
    const second = Math.floor(now / 1000);
    if (second === this.second) return;
    // Only the fraction carries: a second left unused (idle, paused) does not save up a burst for the next.
    if (second === this.second + 1) this.carry = Math.min(0.999, this.carryAtStart + rps - Math.floor(this.carryAtStart + rps));
    else this.carry = 0;
    this.second = second;
    this.carryAtStart = this.carry;
    this.releasedInSecond = 0;
  }
}
