/** What the simulator measured: the referee's numbers for tests and the benchmark. */
import type { FaultKind, RateLimitType, SimulatorCounters } from './types.js';

export class Stats {
  requests = 0;
  byStatus: Record<string, number> = {};
  rateLimited: Record<RateLimitType, number> = { QPS: 0, 'Daily-limit': 0, Concurrent: 0 };
  faultsInjected: Record<FaultKind, number> = { error: 0, reset: 0, hang: 0, qpsStorm: 0, tokenExpire: 0, dailyLimit: 0 };
  concurrentSameUser = 0;
  patchBodyBytes = 0;
  tokenRequests = 0;
  private maxInWindow = 0;
  private arrivals: number[] = [];
  private head = 0;

  /** One /v2 request arrived at clock time `now`; keeps the most seen within any 1,000 ms (sliding). */
  arrival(now: number): void {
    this.requests += 1;
    const last = this.arrivals[this.arrivals.length - 1];
    if (last !== undefined && now < last) {
      // A manual clock went backwards: start the window afresh rather than miscount.
      this.arrivals = [];
      this.head = 0;
    }
    this.arrivals.push(now);
    while (this.arrivals[this.head]! <= now - 1000) this.head += 1;
    this.maxInWindow = Math.max(this.maxInWindow, this.arrivals.length - this.head);
    if (this.head > 4096) {
      this.arrivals = this.arrivals.slice(this.head);
      this.head = 0;
    }
  }

  answered(status: number): void {
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
  }

  snapshot(tokensIssued: number): SimulatorCounters {
    return {
      requests: this.requests,
      byStatus: { ...this.byStatus },
      rateLimited: { ...this.rateLimited },
      faultsInjected: { ...this.faultsInjected },
      maxRequestsInAnyOneSecondWindow: this.maxInWindow,
      concurrentSameUser: this.concurrentSameUser,
      patchBodyBytes: this.patchBodyBytes,
      tokensIssued,
      tokenRequests: this.tokenRequests,
    };
  }
}

export interface Flight {
  /** Requests for the same user already in flight when this one arrived. */
  others: number;
  /** PATCHes for the same user already in flight. */
  otherPatches: number;
  /** Idempotent. */
  leave(): void;
}

/** Requests in flight per user, to catch simultaneous updates of one user's settings (§5.2). */
export class InFlight {
  private readonly all = new Map<string, number>();
  private readonly patches = new Map<string, number>();

  enter(userKey: string, isPatch: boolean): Flight {
    const others = this.all.get(userKey) ?? 0;
    const otherPatches = this.patches.get(userKey) ?? 0;
    bump(this.all, userKey, 1);
    if (isPatch) bump(this.patches, userKey, 1);
    let left = false;
    return {
      others,
      otherPatches,
      leave: () => {
        if (left) return;
        left = true;
        bump(this.all, userKey, -1);
        if (isPatch) bump(this.patches, userKey, -1);
      },
    };
  }
}

function bump(map: Map<string, number>, key: string, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next <= 0) map.delete(key);
  else map.set(key, next);
}
