/** What a run can read at its end: requests by status, retries, 429s by type, limiter wait, effective rate. */
import type { TooManyRequestsKind } from '../core/retry-timing.js';

export interface ClientMetrics {
  /** API requests sent (every attempt; token requests not included). */
  requests: number;
  /** By HTTP status ('200', '429', …) or, with no answer, by failure ('timeout', 'ECONNRESET', …). */
  byStatus: Record<string, number>;
  retries: number;
  rateLimited: Record<TooManyRequestsKind, number>;
  tokenRequests: number;
  /** Total time requests waited on the proactive limiter. */
  limiterWaitMs: number;
  /** From the first request sent to the last answer. */
  elapsedMs: number;
  /** requests / elapsed seconds. */
  effectiveRps: number;
  /** The concurrency cap in force now. */
  concurrency: number;
  /** The most requests on the wire at once. */
  maxInFlight: number;
  inFlight: number;
  latencyEwmaMs: number;
  /** The limiter's rate now (below the configured rate while AIMD holds it down). */
  currentRps: number;
  /** Times AIMD halved the rate because another app was consuming the account's budget. */
  slowdowns: number;
}

const LATENCY_ALPHA = 0.2;

export class MetricsRecorder {
  requests = 0;
  retries = 0;
  inFlight = 0;
  maxInFlight = 0;
  readonly byStatus: Record<string, number> = {};
  readonly rateLimited: Record<TooManyRequestsKind, number> = { QPS: 0, 'Daily-limit': 0, Concurrent: 0 };
  private firstSentAt: number | null = null;
  private lastDoneAt: number | null = null;
  private latency: number | null = null;

  constructor(private readonly initialLatencyMs: number) {}

  sent(now: number): void {
    this.requests += 1;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.firstSentAt ??= now;
  }

  done(now: number, outcome: string): void {
    this.inFlight -= 1;
    this.lastDoneAt = now;
    this.byStatus[outcome] = (this.byStatus[outcome] ?? 0) + 1;
  }

  /** The first answer replaces the initial guess; later ones move an EWMA. */
  observeLatency(ms: number): number {
    this.latency = this.latency === null ? ms : this.latency * (1 - LATENCY_ALPHA) + ms * LATENCY_ALPHA;
    return this.latency;
  }

  get latencyEwmaMs(): number {
    return this.latency ?? this.initialLatencyMs;
  }

  get elapsedMs(): number {
    return this.firstSentAt === null || this.lastDoneAt === null ? 0 : Math.max(0, this.lastDoneAt - this.firstSentAt);
  }
}
