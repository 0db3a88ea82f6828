/**
 * Pure timing rules for talking to Zoom: Retry-After and X-RateLimit-* parsing, backoff, 429 classification.
 * No node:*, no axios, no timers: every function takes the current time and the random source it needs.
 * The Zoom facts behind each rule are in shared/zoom-api/zoom-api-facts.md (cited as §x).
 */

export const DAY_MS = 86_400_000;

/** Headers as a plain lower- or mixed-case record (axios, fetch or a test table). */
export type HeaderBag = Record<string, unknown>;

function header(headers: HeaderBag, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : undefined;
    if (value === undefined || value === null) return undefined;
    return String(value);
  }
  return undefined;
}

function nonNegativeInteger(text: string | undefined): number | null {
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return null;
  return Number(text.trim());
}

/** The next 00:00 UTC strictly after `nowMs`: Zoom's daily limits reset then, not in the account's zone (§5.2). */
export function nextUtcMidnight(nowMs: number): number {
  return (Math.floor(nowMs / DAY_MS) + 1) * DAY_MS;
}

/** The UTC day number of `nowMs`, for counting a daily budget. */
export function utcDay(nowMs: number): number {
  return Math.floor(nowMs / DAY_MS);
}

/**
 * Retry-After as an absolute time (ms). Zoom sends an ISO-8601 UTC date on daily-limit 429s, not seconds (§5.3);
 * delta-seconds (RFC 9110) are accepted too. Returns null when absent or unparsable.
 */
export function parseRetryAfter(value: string | undefined | null, nowMs: number): number | null {
  if (value === undefined || value === null) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return nowMs + Math.round(Number(text) * 1000);
  // A date needs at least a year-month-day or an HTTP-date; Date.parse alone accepts odd fragments like "1".
  if (!/\d{4}/.test(text)) return null;
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? null : parsed;
}

export type RateLimitType = 'QPS' | 'Daily-limit';

export interface RateLimitHeaders {
  category: string | null;
  type: RateLimitType | null;
  limit: number | null;
  remaining: number | null;
  /** Absolute ms from Retry-After, when present and parsable. */
  retryAt: number | null;
}

/** X-RateLimit-* and Retry-After (§5.3). Headers are not always all present, so every field may be null. */
export function parseRateLimitHeaders(headers: HeaderBag, nowMs: number): RateLimitHeaders {
  const rawType = header(headers, 'x-ratelimit-type')?.trim().toLowerCase();
  const type: RateLimitType | null = rawType === 'qps' ? 'QPS' : rawType === 'daily-limit' ? 'Daily-limit' : null;
  return {
    category: header(headers, 'x-ratelimit-category')?.trim() || null,
    type,
    limit: nonNegativeInteger(header(headers, 'x-ratelimit-limit')),
    remaining: nonNegativeInteger(header(headers, 'x-ratelimit-remaining')),
    retryAt: parseRetryAfter(header(headers, 'retry-after'), nowMs),
  };
}

export type TooManyRequestsKind = 'QPS' | 'Daily-limit' | 'Concurrent';

/**
 * What a 429 means. Daily: the type header, or a daily message without it (one observed daily 429 had no
 * X-RateLimit-Type, §5.3). Concurrent: Zoom's "Too many concurrent requests" (§5.2). Anything else is per-second.
 */
export function classifyTooManyRequests(type: RateLimitType | null, zoomMessage: string | undefined): TooManyRequestsKind {
  if (type === 'Daily-limit') return 'Daily-limit';
  if (type === 'QPS') return 'QPS';
  const message = zoomMessage ?? '';
  if (/daily/i.test(message)) return 'Daily-limit';
  if (/concurrent/i.test(message)) return 'Concurrent';
  return 'QPS';
}

/**
 * The longest Retry-After a per-second (or concurrent) 429 is waited out. Zoom's per-second window is one second
 * (§5.2) and Retry-After is documented on daily-limit 429s, as a date (§5.3); a server that asks a per-second
 * 429 to wait longer than a few seconds is describing a limit that lasts, and waiting it out on every retry would
 * hold the whole run for hours (one user took 541 s at Retry-After: 3600 with a 60 s bound).
 */
export const MAX_QPS_RETRY_AFTER_MS = 5_000;

/** Does a non-daily 429's Retry-After ask for longer than a per-second limit can mean? */
export function retryAfterMeansLongLimit(retryAt: number | null, nowMs: number): boolean {
  return retryAt !== null && retryAt - nowMs > MAX_QPS_RETRY_AFTER_MS;
}

/** When a daily limit lifts: Retry-After if given, else the next 00:00 UTC (§5.2). */
export function dailyResetAt(retryAt: number | null, nowMs: number): number {
  return retryAt !== null && retryAt > nowMs ? retryAt : nextUtcMidnight(nowMs);
}

/**
 * X-RateLimit-Limit reports the daily quota where one applies (§5.3: 6000 seen on Light calls of a small account).
 * No MEDIUM per-second limit comes near 1,000 (60/s on Business+, §5.1) and the smallest daily cap is 2,000,
 * so a larger limit describes a day, not a second.
 */
export function isPerSecondLimit(limit: number): boolean {
  return limit < 1000;
}

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 20_000 };

/**
 * "Full jitter" exponential backoff: uniform in [0, min(cap, base × 2^(retry−1))). `retry` is 1 for the first retry.
 * Jitter spreads retries of many callers so they do not hit the shared account limit together.
 */
export function backoffDelay(retry: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, retry - 1);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(exponent, 30));
  return Math.floor(clampUnit(random()) * ceiling);
}

/** The whole-limiter pause after a per-second 429: about one second (Zoom's window) plus up to 500 ms of jitter (§5.3). */
export function qpsPauseMs(random: () => number): number {
  return 1000 + Math.floor(clampUnit(random()) * 500);
}

function clampUnit(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return value >= 1 ? 0.999_999 : value;
}

export interface SharedUseInput {
  limit: number;
  remaining: number;
  /** Requests we sent that the server can have counted in its current window. */
  ourRecent: number;
}

/**
 * Is someone else consuming the account's per-second budget? The limit is per account, shared by every app (§5.2).
 * Only when remaining is low (< 20 % of the limit) AND lower than our own use explains (by more than 10 % of the
 * limit): a client alone at the full rate sees remaining near 0 but fully explained by its own requests.
 */
export function othersAreConsuming({ limit, remaining, ourRecent }: SharedUseInput): boolean {
  if (limit <= 0) return false;
  return remaining < 0.2 * limit && remaining < limit - ourRecent - 0.1 * limit;
}

/**
 * The concurrency that keeps the RATE, not concurrency, the bound: in flight ≈ rate × latency (Little's law),
 * × 1.5 for latency spread, + 2, clamped to [2, 256].
 */
export function derivedConcurrency(rps: number, latencyMs: number): number {
  const wanted = Math.ceil(rps * (latencyMs / 1000) * 1.5) + 2;
  return Math.min(256, Math.max(2, wanted));
}
