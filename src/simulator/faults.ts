/**
 * Injected faults: what a client of Zoom must survive (5xx, dropped sockets, hangs, throttling storms, tokens that
 * die early, the daily cap). One seeded draw per request picks at most one of the rate-based faults, so the rates
 * are shares of requests and a run is reproducible.
 */
import type { Random } from './seeded-random.js';
import type { FaultOptions } from './types.js';

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'error'; status: 500 | 502 | 503 }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'qpsStorm' };

const RATES = ['errorRate', 'resetRate', 'hangRate', 'qpsStormRate'] as const;
const COUNTS = ['tokenExpireAfterRequests', 'dailyLimitAfterRequests'] as const;

/** Checks fault options once, at the boundary, with messages that name the option. */
export function validateFaults(faults: unknown): FaultOptions {
  if (typeof faults !== 'object' || faults === null || Array.isArray(faults)) {
    throw new RangeError('Expected fault options to be an object');
  }
  const input = faults as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!(RATES as readonly string[]).includes(key) && !(COUNTS as readonly string[]).includes(key)) {
      throw new RangeError(`Unknown fault option \`${key}\``);
    }
  }
  let total = 0;
  for (const key of RATES) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new RangeError(`Expected \`${key}\` to be a number from 0 to 1, got ${JSON.stringify(value)}`);
    }
    total += value;
  }
  if (total > 1) throw new RangeError(`Expected the fault rates to add up to at most 1, got ${total}`);
  for (const key of COUNTS) {
    const value = input[key];
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
      throw new RangeError(`Expected \`${key}\` to be a non-negative integer, got ${JSON.stringify(value)}`);
    }
  }
  return { ...input } as FaultOptions;
}

export class FaultInjector {
  private faults: FaultOptions = {};
  private apiRequests = 0;
  private mediumRequests = 0;
  private tokenExpiryFired = false;
  private dailyLimitFired = false;

  constructor(private readonly rng: Random) {}

  /** Replaces the fault set; the request counts behind the `…AfterRequests` faults restart from zero. */
  set(faults: FaultOptions): void {
    this.faults = validateFaults(faults);
    this.apiRequests = 0;
    this.mediumRequests = 0;
    this.tokenExpiryFired = false;
    this.dailyLimitFired = false;
  }

  /** Called as each API request arrives; true once, when the tokens issued so far must expire. */
  tokensExpireNow(): boolean {
    const limit = this.faults.tokenExpireAfterRequests;
    const fire = limit !== undefined && !this.tokenExpiryFired && this.apiRequests >= limit;
    if (fire) this.tokenExpiryFired = true;
    this.apiRequests += 1;
    return fire;
  }

  /** Called before the rate checks of each API request; true once, when the daily limit must be reached. */
  dailyLimitNow(): boolean {
    const limit = this.faults.dailyLimitAfterRequests;
    const fire = limit !== undefined && !this.dailyLimitFired && this.mediumRequests >= limit;
    if (fire) this.dailyLimitFired = true;
    return fire;
  }

  /** A MEDIUM request passed the rate checks and counts toward the budget. */
  countMedium(): void {
    this.mediumRequests += 1;
  }

  /** A counted request was answered 429 after all (QPS storm): it did not consume budget. */
  uncountMedium(): void {
    this.mediumRequests = Math.max(0, this.mediumRequests - 1);
  }

  pick(): FaultDecision {
    const { errorRate = 0, resetRate = 0, hangRate = 0, qpsStormRate = 0 } = this.faults;
    if (errorRate + resetRate + hangRate + qpsStormRate === 0) return { kind: 'none' };
    const draw = this.rng.next();
    if (draw < errorRate) return { kind: 'error', status: this.rng.pick([500, 502, 503] as const) };
    if (draw < errorRate + resetRate) return { kind: 'reset' };
    if (draw < errorRate + resetRate + hangRate) return { kind: 'hang' };
    if (draw < errorRate + resetRate + hangRate + qpsStormRate) return { kind: 'qpsStorm' };
    return { kind: 'none' };
  }
}
