/** The simulator's public types (see /work/briefs/simulator.md "In-process API"). */
import type { Variant } from '../schema/index.js';
import type { HierarchySeed, LockedPatchMode } from './hierarchy.js';
import type { PortalChange, PortalLogEntry, PortalResult, PortalTarget } from './portal.js';
import type { ValidationCheck, WebhookDelivery, WebhookOptions } from './webhook-delivery.js';
import type { UserSettingsMode } from './inheritance.js';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now() };

export type Plan = 'free' | 'pro' | 'business';
/**
 * `pending`: invited, never accepted; Zoom answers its settings with 400 code 1000 (zoom-api-facts.md §9.1).
 * `expired`: the invitation expired; Zoom answers 400 code 1120. GET /users lists both as `pending`.
 */
export type UserStatus = 'active' | 'pending' | 'expired';

/**
 * Where real Zoom is less kind than the spec (zoom-api-facts.md §9), the simulator behaves like real Zoom by default;
 * each switch brings back the kinder behaviour, so tests can cover both.
 */
export interface QuirkOptions {
  /** Default false: an authentication GET whose toggle is off carries no `authentication_options` (§9.2). */
  authProfilesWhenOff?: boolean;
  /** Default false: 2xx answers carry only X-RateLimit-Category (§9.5); true adds X-RateLimit-Limit/Remaining. */
  rateLimitCounts?: boolean;
  /** Default false: a daily-limit 429 has X-RateLimit-Type and Retry-After; true: only the message (§9.5). */
  bareDailyLimit?: boolean;
  /**
   * Default 'concurrent': several tokens of one app are valid at once (Zoom since 2023-06-20, §9.7);
   * 'latest-only': a new token invalidates the ones issued before it (Zoom before that date).
   */
  tokenRegime?: 'concurrent' | 'latest-only';
}

export interface SeedUser {
  /** At least one of email and id; a missing id is generated deterministically from the seed. */
  email?: string;
  id?: string;
  /** Default active. */
  status?: UserStatus;
  /**
   * GET-shaped partial settings per variant; each leaf is copied onto the generated settings with probability
   * `preferShare` (seeded), so the user differs from the desired state on some keys and matches on others.
   */
  prefer?: Partial<Record<Variant, Record<string, unknown>>>;
}

export interface FaultOptions {
  /** Share of API requests answered 500, 502 or 503 (seeded pick); a faulted PATCH is not applied. */
  errorRate?: number;
  /** Share whose socket is destroyed with no answer; not applied. */
  resetRate?: number;
  /** Share never answered (the client must time out); released on stop(). */
  hangRate?: number;
  /** Share answered 429 QPS whatever the budget. */
  qpsStormRate?: number;
  /** After N API requests, every token issued so far expires (once). */
  tokenExpireAfterRequests?: number;
  /** After N MEDIUM requests, the daily limit is reached until the next UTC day (once). */
  dailyLimitAfterRequests?: number;
}

export type FaultKind = 'error' | 'reset' | 'hang' | 'qpsStorm' | 'tokenExpire' | 'dailyLimit';

export interface LockSpec {
  user: string;
  variant: Variant;
  path: string[];
}

export interface SimulatorOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Generated users; default 20. */
  users?: number;
  /** Default 1. */
  seed?: number | string;
  /** Default pro. */
  plan?: Plan;
  /** Overrides the plan's MEDIUM per-second limit. */
  maxRps?: number;
  /** A daily MEDIUM cap; free has 2,000 by default, other plans none unless set. */
  dailyLimit?: number;
  /** Defaults sim-account, sim-client, sim-secret. */
  accountId?: string;
  clientId?: string;
  clientSecret?: string;
  /** Default 3600. */
  tokenTtlSeconds?: number;
  seedUsers?: SeedUser[];
  /** Default 0.6. */
  preferShare?: number;
  /** Load the account from this file if it exists; save it on stop() and shortly after each change. */
  statePath?: string;
  clock?: Clock;
  faults?: FaultOptions;
  /** Seeded uniform delay before answering each API request (real time, whatever the clock). */
  latency?: { minMs: number; maxMs: number };
  /** Default true (unbounded); `{limit}` keeps the last `limit` entries. */
  requestLog?: boolean | { limit: number };
  locks?: LockSpec[];
  /** Account settings and locks, groups with settings, locks, members and priority (src/simulator/hierarchy.ts). */
  hierarchy?: HierarchySeed;
  /**
   * Default: 'inherit' when `hierarchy.inherit` is true, else 'own'. 'own': every user has a generated copy of every
   * setting. 'inherit': a user's GET shows their own overrides (PATCH, portal change, `hierarchy.overrides`) over
   * their highest-priority group's values, else the account's (src/simulator/inheritance.ts).
   */
  userSettings?: UserSettingsMode;
  /**
   * Without `hierarchy`: seed a realistic one over the generated users (src/simulator/realistic-hierarchy.ts): six
   * groups with a few settings and locks, users inherit, about 5 % have overrides, some of them in recurring patterns.
   */
  generateHierarchy?: boolean;
  /** A user PATCH on a field a lock holds: ignored with 204 (default) or refused with 400. */
  lockedPatch?: LockedPatchMode;
  /**
   * Default true. False: the app lacks account:read:admin and group:read:admin, so the account and group endpoints
   * answer 400 code 4711 (zoom-api-facts.md §9.4), as for a token without those scopes.
   */
  hierarchyScopes?: boolean;
  quirks?: QuirkOptions;
  /**
   * A second app on the account whose tokens carry read scopes only: PATCH with them answers 400 code 4711
   * (zoom-api-facts.md §9.4). Defaults sim-readonly-client / sim-readonly-secret.
   */
  readOnlyClientId?: string;
  readOnlyClientSecret?: string;
  /**
   * Where to POST signed settings events when a portal change alters a value (src/simulator/portal.ts), and how to
   * retry (src/simulator/webhook-delivery.ts). Default: no endpoint, no events.
   */
  webhooks?: WebhookOptions;
}

export type RateLimitType = 'QPS' | 'Daily-limit' | 'Concurrent';

export interface RequestLogEntry {
  seq: number;
  /** Clock ms at arrival. */
  time: number;
  method: string;
  path: string;
  option: string | null;
  /** The {userId} as sent. */
  user: string | null;
  /** 0 while unanswered, and for resets and hangs (no answer at all). */
  status: number;
  /** PATCH body as received. */
  body?: unknown;
  rateLimitType?: RateLimitType;
  fault?: string;
}

export interface SimulatorCounters {
  /** API (/v2) requests received. */
  requests: number;
  /** API answers by HTTP status. */
  byStatus: Record<string, number>;
  rateLimited: Record<RateLimitType, number>;
  faultsInjected: Record<FaultKind, number>;
  /** The most /v2 requests that arrived within any 1,000 ms of clock time (sliding window). */
  maxRequestsInAnyOneSecondWindow: number;
  /** Requests that arrived while another request for the same user's settings was in flight. */
  concurrentSameUser: number;
  patchBodyBytes: number;
  tokensIssued: number;
  /** Requests to the token endpoint, successful or not. */
  tokenRequests: number;
}

export interface SimUserSnapshot {
  id: string;
  email: string;
  status: UserStatus;
  /** Each variant in the shape GET returns it. */
  settings: Record<Variant, Record<string, unknown>>;
}

export interface SimUserSummary {
  id: string;
  email: string;
  status: UserStatus;
}

export interface SimulatorHandle {
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  /** baseUrl + '/v2' */
  apiBaseUrl: string;
  /** baseUrl + '/oauth/token' */
  tokenUrl: string;
  credentials: { accountId: string; clientId: string; clientSecret: string };
  /** The read-only app's client id and secret (same account id). */
  readOnlyCredentials: { clientId: string; clientSecret: string };
  requestLog: RequestLogEntry[];
  counters(): SimulatorCounters;
  clearLog(): void;
  setFaults(faults: FaultOptions): void;
  setMaxRps(rps: number): void;
  /** Changes the quirks in force (merged over the current ones). */
  setQuirks(quirks: QuirkOptions): void;
  expireAllTokens(): void;
  lock(user: string, variant: Variant, path: string[]): void;
  /** Replaces the account/group hierarchy (as the portal would), e.g. to remove a group lock. */
  setHierarchy(seed: HierarchySeed): void;
  /** Deep copy, or undefined for an unknown id/email. */
  user(key: string): SimUserSnapshot | undefined;
  /** A change "in the Zoom portal": no validation beyond the path, locks do not apply. */
  setSetting(key: string, variant: Variant, path: string[], value: unknown): void;
  /** Every passcode value in the account. */
  secrets(): string[];
  users(): SimUserSummary[];
  /**
   * A change "in the Zoom web portal" by `change.operator`: not through the API (no rate limit, not in the request
   * log, recorded in `portalLog`). When it alters a value, the event Zoom sends for it is delivered to the webhook
   * endpoint (if any) in the background; `webhooksIdle()` waits for that. Throws on bad input or an unknown target.
   */
  portalChange(target: PortalTarget, change: PortalChange): PortalResult;
  portalLog: PortalLogEntry[];
  /** Sets (or, with undefined, removes) the webhook endpoint. */
  setWebhooks(options: WebhookOptions | undefined): void;
  /** Every delivery attempt, oldest first. */
  webhookDeliveries: WebhookDelivery[];
  /** Resolves when every delivery started so far has succeeded or given up (retries included). */
  webhooksIdle(): Promise<void>;
  /** Zoom's endpoint.url_validation check against the configured (or given) URL and secret. */
  checkWebhookEndpoint(override?: { url?: string; secret?: string }): Promise<ValidationCheck>;
  /** Closes the server (releasing hung requests) and saves state if statePath. */
  stop(): Promise<void>;
}
