/**
 * The Zoom API client: one HTTP transport with keep-alive sockets, one token provider, one MEDIUM rate limiter,
 * one concurrency cap and one per-user serialiser per client, shared by every call (no module globals).
 * Each call: per-user queue → concurrency slot → rate-limiter slot → token → HTTP → classify → retry or answer.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import {
  backoffDelay,
  classifyTooManyRequests,
  dailyResetAt,
  derivedConcurrency,
  parseRateLimitHeaders,
  qpsPauseMs,
  retryAfterMeansLongLimit,
  type HeaderBag,
  type TooManyRequestsKind,
} from '../core/retry-timing.js';
import { UsageError } from '../core/errors.js';
import { SecretValues } from '../core/redact.js';
import type { Logger } from '../io/logger.js';
import type { Variant } from '../schema/index.js';
import type { LockVariant } from '../schema/hierarchy.js';
import { lockSettingsUrl, settingsUrl, type Target } from '../core/targets/registry.js';
import { DEFAULT_API_BASE_URL, rateLimitFor, type ZoomClientConfig } from './config.js';
import { ZoomApiError, type FieldError, type ZoomApiErrorDetails } from './errors.js';
import { MetricsRecorder, type ClientMetrics } from './metrics.js';
import { describeNetworkError, isRetryableNetworkError, networkErrorCode } from './network-errors.js';
import { createHttpTransport } from './http-transport.js';
import { DEFAULT_MAX_RESPONSE_BYTES, type HttpResponse, type HttpTransport } from './transport.js';
import { KeyedSerializer } from './keyed-serializer.js';
import { MAX_FIELD_ERRORS, serverText } from './server-text.js';
import { RateLimiter } from './rate-limiter.js';
import { RunLatch } from './run-latch.js';
import { realTimers, type Timers } from './timers.js';
import { OAuthTokenProvider, StaticTokenProvider, type AccessToken, type TokenProvider } from './token-provider.js';

export interface ZoomClientDeps {
  logger: Logger;
  timers?: Timers;
  random?: () => number;
  /**
   * The run's known secret values: the client adds its credentials and every access token it is issued, and
   * redacts them (with other secret-shaped text) from what servers answer. Shared with the logger and the plan's
   * secret context, so a passcode being sent is known too.
   */
  secrets?: SecretValues;
  /** Calls in a row failing the same way (5xx after retries, no answer) that stop the run; default 20. */
  outageThreshold?: number;
}

export interface ZoomUserSummary {
  id: string;
  email: string;
  status: string;
  firstName?: string;
  lastName?: string;
  type?: number;
}

export interface ZoomGroupSummary {
  id: string;
  name: string;
  totalMembers: number;
}

export interface ZoomClient {
  /** The account id, or 'access-token' when ZOOM_ACCESS_TOKEN is used. */
  readonly accountLabel: string;
  readonly rateLimit: { rps: number; dailyBudget: number | null };
  /** 'default' sends no option. */
  getUserSettings(userId: string, option: Variant): Promise<Record<string, unknown>>;
  patchUserSettings(userId: string, option: Variant, body: Record<string, unknown>): Promise<void>;
  listUsers(options?: { status?: 'active' | 'pending'; pageSize?: number }): AsyncIterable<ZoomUserSummary>;
  /** Any target's settings in one variant (GET /users|groups|accounts/{id}/settings[?option=…]), MEDIUM. */
  getSettings(target: Target, option: Variant): Promise<Record<string, unknown>>;
  /** A group's or the account's lock settings (GET …/lock_settings[?option=…]), MEDIUM. */
  getLocks(target: Target, option: LockVariant): Promise<Record<string, unknown>>;
  /**
   * PATCH any target's settings (…/settings[?option=…]) or, with `lock`, a group's or the account's lock settings
   * (…/lock_settings[?option=…]), MEDIUM; one target's requests never overlap.
   */
  patchTarget(target: Target, option: Variant, body: Record<string, unknown>, lock?: boolean): Promise<void>;
  /** How many active users the account has (GET /users, one page of one: its total_records). */
  countUsers(): Promise<number>;
  /** GET /groups, every page (zoom-api-facts.md §9.10). */
  listGroups(): Promise<ZoomGroupSummary[]>;
  /** GET /groups/{groupId}/members, every page. */
  listGroupMembers(groupId: string): AsyncIterable<{ id: string; email: string }>;
  metrics(): ClientMetrics;
  /** How many users a caller should keep in flight to saturate the rate (≈ concurrency). */
  recommendedParallelism(): number;
  /** Destroys the keep-alive sockets. */
  close(): void;
}

interface CallSpec {
  method: 'GET' | 'PATCH';
  /** Relative to the API base, with the query. */
  path: string;
  option: Variant | null;
  userId: string | null;
  body?: Record<string, unknown>;
  /**
   * The account and group levels (issue 15) are optional: a token without their scopes answers those reads with a
   * scope error that must not stop the run (the run latch), only the lock awareness.
   */
  scopeOptional?: boolean;
}

type AttemptResult =
  | { kind: 'ok'; response: HttpResponse }
  | { kind: 'refused'; response: HttpResponse }
  | { kind: 'token-rejected'; response: HttpResponse; token: AccessToken }
  | { kind: 'rate-limited'; response: HttpResponse; type: TooManyRequestsKind; retryAt: number | null; now: number }
  | { kind: 'transient'; response?: HttpResponse; error?: unknown }
  | { kind: 'unreachable'; error: unknown };

/** Before any answer, assume a slow-ish API so the first derived concurrency does not make concurrency the bound. */
const INITIAL_LATENCY_GUESS_MS = 500;
/** 5xx worth retrying (zoom-api-facts.md §5.3 client policy; same request, same result, so PATCH too). */
const RETRYABLE_STATUSES = new Set([500, 502, 503, 504]);
/** Per-second 429s are expected on a shared account; they get more attempts than server errors. */
const MIN_RATE_LIMITED_ATTEMPTS = 10;
const MAX_CONCURRENCY = 256;
const USER_AGENT = 'zoom-settings/0.1.0';

/** The credentials as they travel: the secret itself, `id:secret` and its Basic header value, or the static token. */
function registerCredentials(config: ZoomClientConfig, secrets: SecretValues): void {
  if (config.auth.kind === 'token') {
    secrets.add(config.auth.accessToken);
    return;
  }
  const { clientId, clientSecret } = config.auth;
  secrets.add(clientSecret);
  secrets.add(`${clientId}:${clientSecret}`);
  secrets.add(Buffer.from(`${clientId}:${clientSecret}`).toString('base64'));
}

export function createZoomClient(config: ZoomClientConfig, deps: ZoomClientDeps): ZoomClient {
  return new HttpZoomClient(config, deps);
}

/** Only the headers the rate rules read (zoom-api-facts.md §5.3): a small bag keeps parsing them cheap. */
const RATE_HEADERS = ['x-ratelimit-category', 'x-ratelimit-type', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'retry-after'] as const;

function headersOf(response: HttpResponse): HeaderBag {
  const bag: HeaderBag = {};
  for (const name of RATE_HEADERS) {
    const value = response.headers[name];
    if (value !== undefined) bag[name] = value;
  }
  return bag;
}

function asRecord(data: unknown): Record<string, unknown> | null {
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
}

/** Zoom's error body, every string redacted, capped and escaped (server-text.ts): it may echo what was sent. */
function zoomErrorBody(data: unknown, secrets?: SecretValues): { code: number | null; message: string | null; fieldErrors: FieldError[] } {
  const body = asRecord(data);
  if (!body) return { code: null, message: typeof data === 'string' && data.trim() ? serverText(data.trim(), secrets) : null, fieldErrors: [] };
  const errors = Array.isArray(body.errors) ? body.errors.slice(0, MAX_FIELD_ERRORS) : [];
  return {
    code: typeof body.code === 'number' ? body.code : null,
    message: typeof body.message === 'string' ? serverText(body.message, secrets) : null,
    fieldErrors: errors.flatMap((entry) => {
      const item = asRecord(entry);
      return item ? [{ field: serverText(String(item.field ?? ''), secrets), message: serverText(String(item.message ?? ''), secrets) }] : [];
    }),
  };
}

function identify(spec: CallSpec): Pick<ZoomApiErrorDetails, 'method' | 'path' | 'option' | 'userId'> {
  return { method: spec.method, path: spec.path, option: spec.option, userId: spec.userId };
}

class HttpZoomClient implements ZoomClient {
  readonly accountLabel: string;
  readonly rateLimit: { rps: number; dailyBudget: number | null };
  private readonly transport: HttpTransport;
  private readonly tokens: TokenProvider;
  private readonly limiter: RateLimiter;
  private readonly slots: LimitFunction;
  private readonly perUser = new KeyedSerializer();
  private readonly recorder = new MetricsRecorder(INITIAL_LATENCY_GUESS_MS);
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly log: Logger;
  private readonly maxRateLimitedAttempts: number;
  private readonly secrets: SecretValues;
  private readonly latch: RunLatch;

  constructor(private readonly config: ZoomClientConfig, deps: ZoomClientDeps) {
    this.secrets = deps.secrets ?? new SecretValues();
    registerCredentials(config, this.secrets);
    this.timers = deps.timers ?? realTimers;
    this.random = deps.random ?? Math.random;
    this.log = deps.logger;
    this.rateLimit = rateLimitFor(config);
    this.accountLabel = config.auth.kind === 'oauth' ? config.auth.accountId : 'access-token';
    this.maxRateLimitedAttempts = Math.max(MIN_RATE_LIMITED_ATTEMPTS, 2 * config.maxAttempts);
    this.latch = new RunLatch(deps.outageThreshold);

    // Sockets open only as requests need them; the derived concurrency moves with latency, so allow its ceiling.
    this.transport = createHttpTransport({
      deadlineMs: config.timeoutMs,
      maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
      maxSockets: config.concurrency ?? MAX_CONCURRENCY,
      userAgent: USER_AGENT,
    });

    this.limiter = new RateLimiter({ rps: this.rateLimit.rps, dailyBudget: this.rateLimit.dailyBudget, timers: this.timers });
    this.slots = pLimit(config.concurrency ?? derivedConcurrency(this.rateLimit.rps, INITIAL_LATENCY_GUESS_MS));
    this.tokens =
      config.auth.kind === 'oauth'
        ? new OAuthTokenProvider({
            auth: config.auth,
            http: this.transport,
            timers: this.timers,
            random: this.random,
            logger: this.log,
            maxAttempts: config.maxAttempts,
            secrets: this.secrets,
          })
        : new StaticTokenProvider(config.auth.accessToken);
  }

  async getUserSettings(userId: string, option: Variant): Promise<Record<string, unknown>> {
    return this.getSettings({ kind: 'user', id: userId }, option);
  }

  async getSettings(target: Target, option: Variant): Promise<Record<string, unknown>> {
    return this.getObject(target, settingsUrl(target, option), option);
  }

  async getLocks(target: Target, option: LockVariant): Promise<Record<string, unknown>> {
    return this.getObject(target, lockSettingsUrl(target, option), option);
  }

  async listGroups(): Promise<ZoomGroupSummary[]> {
    const groups: ZoomGroupSummary[] = [];
    for await (const page of this.pages('/groups', new URLSearchParams({ page_size: '300' }))) {
      for (const entry of Array.isArray(page.groups) ? page.groups : []) {
        const group = asRecord(entry);
        if (!group || typeof group.id !== 'string') continue;
        groups.push({ id: group.id, name: typeof group.name === 'string' ? group.name : group.id, totalMembers: Number(group.total_members ?? 0) });
      }
    }
    return groups;
  }

  async *listGroupMembers(groupId: string): AsyncIterable<{ id: string; email: string }> {
    const path = `/groups/${encodeURIComponent(groupId)}/members`;
    for await (const page of this.pages(path, new URLSearchParams({ page_size: '2000' }))) {
      for (const entry of Array.isArray(page.members) ? page.members : []) {
        const member = asRecord(entry);
        if (member && typeof member.id === 'string') yield { id: member.id, email: typeof member.email === 'string' ? member.email : '' };
      }
    }
  }

  /** Every page of a list endpoint that pages with next_page_token. */
  private async *pages(path: string, query: URLSearchParams): AsyncIterable<Record<string, unknown>> {
    let pageToken = '';
    do {
      if (pageToken) query.set('next_page_token', pageToken);
      const response = await this.call({ method: 'GET', path: `${path}?${query.toString()}`, option: null, userId: null, scopeOptional: true });
      const page = asRecord(response.data) ?? {};
      yield page;
      pageToken = typeof page.next_page_token === 'string' ? page.next_page_token : '';
    } while (pageToken);
  }

  /** One GET of a JSON object; a user's requests queue behind each other (§5.2: one user's settings at a time). */
  private async getObject(target: Target, path: string, option: Variant): Promise<Record<string, unknown>> {
    const spec: CallSpec = { method: 'GET', path, option, userId: target.kind === 'user' ? target.id : null, scopeOptional: target.kind !== 'user' };
    const key = `${target.kind}:${target.id.toLowerCase()}`;
    const response = await this.perUser.run(target.kind === 'user' ? target.id.toLowerCase() : key, () => this.call(spec));
    const body = asRecord(response.data);
    if (!body) {
      throw new ZoomApiError({ ...identify(spec), attempts: 1, status: response.status, code: null, zoomMessage: 'the answer is not a JSON object', fieldErrors: [] });
    }
    return body;
  }

  async patchUserSettings(userId: string, option: Variant, body: Record<string, unknown>): Promise<void> {
    await this.patchTarget({ kind: 'user', id: userId }, option, body);
  }

  async patchTarget(target: Target, option: Variant, body: Record<string, unknown>, lock = false): Promise<void> {
    if (lock && option !== 'default' && option !== 'meeting_security') throw new UsageError(`lock settings have no "${option}" option`);
    const path = lock ? lockSettingsUrl(target, option as LockVariant) : settingsUrl(target, option);
    const isUser = target.kind === 'user';
    const spec: CallSpec = { method: 'PATCH', path, option, userId: isUser ? target.id : null, body, scopeOptional: false };
    // Keys only: values can be passcodes (zoom-api-facts.md §4.3).
    this.log.trace({ method: 'PATCH', path: spec.path, option, keys: Object.keys(body) }, 'patch body keys');
    await this.perUser.run(isUser ? target.id.toLowerCase() : `${target.kind}:${target.id.toLowerCase()}`, () => this.call(spec));
  }

  async countUsers(): Promise<number> {
    const response = await this.call({ method: 'GET', path: '/users?status=active&page_size=1', option: null, userId: null });
    const total = Number((asRecord(response.data) ?? {}).total_records);
    return Number.isFinite(total) && total >= 0 ? total : 0;
  }

  async *listUsers(options: { status?: 'active' | 'pending'; pageSize?: number } = {}): AsyncIterable<ZoomUserSummary> {
    const pageSize = options.pageSize ?? 300;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 2000) {
      throw new UsageError(`pageSize must be a whole number from 1 to 2000 (got ${pageSize})`);
    }
    let pageToken = '';
    do {
      const query = new URLSearchParams({ status: options.status ?? 'active', page_size: String(pageSize) });
      if (pageToken) query.set('next_page_token', pageToken);
      const response = await this.call({ method: 'GET', path: `/users?${query.toString()}`, option: null, userId: null });
      const page = asRecord(response.data) ?? {};
      for (const entry of Array.isArray(page.users) ? page.users : []) {
        const user = asRecord(entry);
        if (!user || typeof user.id !== 'string') continue;
        yield {
          id: user.id,
          email: typeof user.email === 'string' ? user.email : '',
          status: typeof user.status === 'string' ? user.status : options.status ?? 'active',
          ...(typeof user.first_name === 'string' ? { firstName: user.first_name } : {}),
          ...(typeof user.last_name === 'string' ? { lastName: user.last_name } : {}),
          ...(typeof user.type === 'number' ? { type: user.type } : {}),
        };
      }
      pageToken = typeof page.next_page_token === 'string' ? page.next_page_token : '';
    } while (pageToken);
  }

  metrics(): ClientMetrics {
    const limiter = this.limiter.stats();
    const elapsedMs = this.recorder.elapsedMs;
    return {
      requests: this.recorder.requests,
      byStatus: { ...this.recorder.byStatus },
      retries: this.recorder.retries,
      rateLimited: { ...this.recorder.rateLimited },
      tokenRequests: this.tokens.requests,
      limiterWaitMs: limiter.waitedMs,
      elapsedMs,
      effectiveRps: elapsedMs > 0 ? this.recorder.requests / (elapsedMs / 1000) : 0,
      concurrency: this.slots.concurrency,
      maxInFlight: this.recorder.maxInFlight,
      inFlight: this.recorder.inFlight,
      latencyEwmaMs: this.recorder.latencyEwmaMs,
      currentRps: this.limiter.currentRps(),
      slowdowns: limiter.slowdowns,
    };
  }

  recommendedParallelism(): number {
    return this.slots.concurrency;
  }

  close(): void {
    this.transport.close();
  }

  /**
   * One operation through the run latch: after a scope refusal or an outage (run-latch.ts) every call fails at once
   * with that error, without sending anything.
   */
  private async call(spec: CallSpec): Promise<HttpResponse> {
    this.latch.check();
    try {
      const response = await this.callWithRetries(spec);
      this.latch.succeeded();
      return response;
    } catch (error) {
      if (spec.scopeOptional && error instanceof ZoomApiError && error.isScopeError) throw error;
      throw this.latch.failed(error);
    }
  }

  /** One operation with its retries. A DailyLimitError from the limiter ends it at once. */
  private async callWithRetries(spec: CallSpec): Promise<HttpResponse> {
    let transientFailures = 0;
    let rateLimited = 0;
    let tokenRefreshed = false;
    for (let attempt = 1; ; attempt += 1) {
      this.latch.check();
      const result = await this.slots(() => this.attempt(spec, attempt));
      switch (result.kind) {
        case 'ok':
          return result.response;
        case 'refused':
          throw this.answerError(spec, attempt, result.response);
        case 'unreachable':
          throw this.networkError(spec, attempt, result.error);
        case 'token-rejected':
          // A token can be rejected before its expiry; retry once with a fresh one (zoom-api-facts.md §6).
          if (tokenRefreshed || !this.tokens.invalidate(result.token)) throw this.answerError(spec, attempt, result.response);
          tokenRefreshed = true;
          this.noteRetry(spec, attempt, 0, 'access token rejected (code 124); fetching a new one');
          break;
        case 'rate-limited': {
          // A per-second 429 that asks for a long wait is a daily (or hourly) limit in disguise: stop and defer,
          // resumable, rather than hold every request for an hour per retry.
          const disguised = result.type !== 'Daily-limit' && retryAfterMeansLongLimit(result.retryAt, result.now);
          if (result.type === 'Daily-limit' || disguised) {
            const error = this.limiter.stopUntil(dailyResetAt(result.retryAt, result.now), disguised ? 'zoom-long-wait' : 'zoom');
            const message = disguised ? `a ${result.type} 429 asked to wait until the reset; stopping MEDIUM requests` : 'daily limit reached; stopping MEDIUM requests';
            this.log.warn({ method: spec.method, path: spec.path, resetAt: error.resetAt.toISOString() }, message);
            throw error;
          }
          rateLimited += 1;
          if (rateLimited >= this.maxRateLimitedAttempts) throw this.answerError(spec, attempt, result.response);
          // About a second (Zoom's window), longer when Retry-After asks for a few seconds (zoom-api-facts.md §5.3).
          const asked = result.retryAt === null ? 0 : result.retryAt - result.now;
          const pauseMs = Math.max(qpsPauseMs(this.random), asked);
          this.limiter.pause(pauseMs);
          this.log.warn({ method: spec.method, path: spec.path, type: result.type, pauseMs, attempt }, 'rate limited; pausing all requests');
          this.noteRetry(spec, attempt, pauseMs, `429 ${result.type}`);
          break;
        }
        case 'transient': {
          transientFailures += 1;
          if (transientFailures >= this.config.maxAttempts) {
            throw result.response ? this.answerError(spec, attempt, result.response) : this.networkError(spec, attempt, result.error);
          }
          const delayMs = backoffDelay(transientFailures, this.random);
          const reason = result.response ? `HTTP ${result.response.status}` : describeNetworkError(result.error);
          this.noteRetry(spec, attempt, delayMs, reason);
          await this.timers.sleep(delayMs);
          break;
        }
      }
    }
  }

  /**
   * One HTTP request, inside a concurrency slot, sent as soon as the rate limiter releases it. The token comes
   * first: waiting for a token AFTER the release would bunch the requests released meanwhile into a burst.
   */
  private async attempt(spec: CallSpec, attempt: number): Promise<AttemptResult> {
    this.latch.check();
    const token = await this.tokens.get();
    const releasedAt = await this.latch.race(this.limiter.acquire());
    // Released in the same tick the latch tripped: still not sent.
    this.latch.check();
    const started = this.timers.now();
    this.recorder.sent(started);
    const logFields = { method: spec.method, path: spec.path, option: spec.option, attempt };
    let response: HttpResponse;
    try {
      response = await this.transport.request({
        method: spec.method,
        url: this.baseUrl(token) + spec.path,
        headers: { Authorization: `Bearer ${token.value}` },
        ...(spec.body !== undefined ? { json: spec.body } : {}),
      });
    } catch (error) {
      const now = this.timers.now();
      const failure = networkErrorCode(error);
      this.recorder.done(now, failure);
      this.log.debug({ ...logFields, status: null, error: failure, ms: now - started }, 'zoom request failed');
      return isRetryableNetworkError(error) ? { kind: 'transient', error } : { kind: 'unreachable', error };
    }
    const now = this.timers.now();
    this.recorder.done(now, String(response.status));
    this.observeLatency(now - started);
    this.log.debug({ ...logFields, status: response.status, ms: now - started }, 'zoom request');
    const result = this.classify(response, token, releasedAt, now);
    // A refusal trips the latch here, before this slot goes to a waiting call (a scope error stops it from sending).
    if (result.kind === 'refused') {
      const refusal = this.answerError(spec, attempt, response);
      if (!(spec.scopeOptional && refusal.isScopeError)) this.latch.failed(refusal);
    }
    return result;
  }

  private classify(response: HttpResponse, token: AccessToken, releasedAt: number, now: number): AttemptResult {
    const status = response.status;
    const limits = parseRateLimitHeaders(headersOf(response), now);
    if (status === 429) {
      const type = classifyTooManyRequests(limits.type, zoomErrorBody(response.data, this.secrets).message ?? undefined);
      this.recorder.rateLimited[type] += 1;
      return { kind: 'rate-limited', response, type, retryAt: limits.retryAt, now };
    }
    if (limits.limit !== null && limits.remaining !== null && this.limiter.observeRemaining(limits.limit, limits.remaining, releasedAt)) {
      this.log.warn(
        { limit: limits.limit, remaining: limits.remaining, rps: Math.round(this.limiter.currentRps() * 100) / 100 },
        'another app is using the account rate limit; slowing down',
      );
    }
    if (status >= 200 && status < 300) return { kind: 'ok', response };
    if (status === 401 && zoomErrorBody(response.data, this.secrets).code === 124) return { kind: 'token-rejected', response, token };
    if (RETRYABLE_STATUSES.has(status)) return { kind: 'transient', response };
    return { kind: 'refused', response };
  }

  private observeLatency(ms: number): void {
    const ewma = this.recorder.observeLatency(ms);
    if (this.config.concurrency !== undefined) return;
    const wanted = derivedConcurrency(this.rateLimit.rps, ewma);
    if (wanted !== this.slots.concurrency) this.slots.concurrency = wanted;
  }

  private baseUrl(token: AccessToken): string {
    if (this.config.apiBaseUrl) return this.config.apiBaseUrl.replace(/\/+$/, '');
    if (token.apiUrl) return `${token.apiUrl.replace(/\/+$/, '')}/v2`;
    return DEFAULT_API_BASE_URL;
  }

  private noteRetry(spec: CallSpec, attempt: number, delayMs: number, reason: string): void {
    this.recorder.retries += 1;
    this.log.info({ method: spec.method, path: spec.path, option: spec.option, attempt, delayMs, reason }, 'retrying zoom request');
  }

  private answerError(spec: CallSpec, attempts: number, response: HttpResponse): ZoomApiError {
    const body = zoomErrorBody(response.data, this.secrets);
    return new ZoomApiError({
      ...identify(spec),
      attempts,
      status: response.status,
      code: body.code,
      zoomMessage: body.message,
      fieldErrors: body.fieldErrors,
    });
  }

  private networkError(spec: CallSpec, attempts: number, error: unknown): ZoomApiError {
    const cause = new Error(describeNetworkError(error));
    return new ZoomApiError({ ...identify(spec), attempts, status: null, code: null, zoomMessage: null, fieldErrors: [], cause });
  }
}
