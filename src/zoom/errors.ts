/**
 * Errors from the Zoom edge, each carrying its context and stating it in words. None of them ever includes the
 * Authorization header, a token, the client secret or a request body.
 */
import type { Variant } from '../schema/index.js';

export interface FieldError {
  field: string;
  message: string;
}

export interface ZoomApiErrorDetails {
  method: string;
  /** The path as sent, relative to the API base, including the query (`/users/x/settings?option=meeting_security`). */
  path: string;
  option: Variant | null;
  userId: string | null;
  /** HTTP status, or null when no answer came (network failure, timeout). */
  status: number | null;
  code: number | null;
  zoomMessage: string | null;
  fieldErrors: FieldError[];
  attempts: number;
  /** A sanitised cause (never the failed request itself, whose headers hold the Authorization header). */
  cause?: Error;
}

/** The scopes Zoom wants for these endpoints (zoom-api-facts.md §2, §6). */
export const REQUIRED_SCOPES_TEXT =
  'user:read:admin and user:write:admin, or granular user:read:settings:admin and user:update:settings:admin';

/** Read scopes: plan, drift and import (zoom-api-facts.md §6). */
export const READ_SCOPES_TEXT = 'user:read:admin, or granular user:read:settings:admin (and user:read:list_users:admin for import --all)';
/** Write scopes: apply, drift --fix and rollback. */
export const WRITE_SCOPES_TEXT = 'user:write:admin, or granular user:update:settings:admin';

/** Zoom codes that mean "the token lacks scopes" (zoom-api-facts.md §9.4; the errors page lists 4700). */
const SCOPE_CODES = new Set([4700, 4711]);

/** The scope names inside Zoom's message, e.g. "Invalid access token, does not contain scopes:[user:write:admin]." */
export function scopesInMessage(message: string | null): string[] {
  const list = /scopes?\s*:?\s*\[([^\]]*)\]/i.exec(message ?? '')?.[1];
  return list ? list.split(/[,\s]+/).filter((scope) => /^[\w:.-]+$/.test(scope)) : [];
}

/** Known Zoom codes in plain words (zoom-api-facts.md §2, §7, §9). */
export function describeZoomCode(code: number | null, zoomMessage: string | null, fieldErrors: readonly FieldError[]): string {
  switch (code) {
    case 1001:
      return 'user does not exist';
    case 1000:
      return zoomMessage && /pending/i.test(zoomMessage)
        ? 'invitation pending (the user has not accepted the invitation to join the account yet)'
        : (zoomMessage ?? 'no message');
    case 1120:
      return 'invitation expired (the user never accepted the invitation to join the account; invite them again)';
    case 200:
      return `the account's plan does not allow it${zoomMessage ? ` (${zoomMessage})` : ''}`;
    case 300: {
      const fields = fieldErrors.map((error) => `${error.field}: ${error.message}`).join('; ');
      return `validation failed (${fields || zoomMessage || 'no details'})`;
    }
    case 124:
      // With OAuth credentials the client fetched a new token once before this error (zoom-api-facts.md §9.7).
      return 'invalid access token (an OAuth token is fetched anew once before this error: the app may be deactivated, or another job with the same app keeps replacing its token)';
    case 4700:
    case 4711: {
      const named = scopesInMessage(zoomMessage);
      return `the access token lacks scopes${named.length > 0 ? ` (${named.join(', ')})` : ''}: the app needs ${REQUIRED_SCOPES_TEXT}`;
    }
    case null:
      return zoomMessage ?? '';
    default:
      return zoomMessage ?? 'no message';
  }
}

export class ZoomApiError extends Error {
  override name = 'ZoomApiError';
  readonly method: string;
  readonly path: string;
  readonly option: Variant | null;
  readonly userId: string | null;
  readonly status: number | null;
  readonly code: number | null;
  readonly zoomMessage: string | null;
  readonly fieldErrors: FieldError[];
  readonly attempts: number;

  constructor(details: ZoomApiErrorDetails) {
    super(ZoomApiError.describe(details), details.cause ? { cause: details.cause } : undefined);
    this.method = details.method;
    this.path = details.path;
    this.option = details.option;
    this.userId = details.userId;
    this.status = details.status;
    this.code = details.code;
    this.zoomMessage = details.zoomMessage;
    this.fieldErrors = details.fieldErrors;
    this.attempts = details.attempts;
  }

  get isNotFound(): boolean {
    return this.code === 1001 || (this.status === 404 && this.code === null);
  }

  /**
   * Not a managed user yet: 1000 "…users that are still in pending state" (what real Zoom answers for an invitation
   * not accepted yet, zoom-api-facts.md §9.1) or 1120 (the invitation expired). Code 1000 is generic elsewhere in
   * Zoom's API, so it counts only with its pending message.
   */
  get isPending(): boolean {
    return this.code === 1120 || (this.code === 1000 && /pending/i.test(this.zoomMessage ?? ''));
  }

  /** Why the user counts as pending, in words (for plans and ledgers). */
  get pendingReason(): string {
    return this.code === 1120
      ? 'invitation expired (Zoom code 1120): invite the user again'
      : 'invitation not accepted yet (Zoom code 1000)';
  }

  /** The token lacks scopes: 4700, 4711, or a 403 whose message names scopes (zoom-api-facts.md §9.4). */
  get isScopeError(): boolean {
    if (this.code !== null && SCOPE_CODES.has(this.code)) return true;
    return this.status === 403 && /scope/i.test(this.zoomMessage ?? '');
  }

  /** 5xx after retries, or no answer at all: what an outage looks like, the same for every user. */
  get outageKind(): string | null {
    if (this.status !== null) return this.status >= 500 ? `HTTP ${this.status}` : null;
    // The sanitised cause names node's code: ECONNREFUSED, ENOTFOUND (DNS), ECONNRESET, or our timeout.
    const code = /\b(E[A-Z]{3,}|timeout)\b/.exec(this.cause instanceof Error ? this.cause.message : '')?.[1];
    return code ?? 'no answer';
  }

  private static describe(details: ZoomApiErrorDetails): string {
    const subject = `${details.method} ${details.path}${details.userId !== null ? ` for ${details.userId}` : ''}`;
    const after = details.attempts > 1 ? ` after ${details.attempts} attempts` : '';
    const parts: string[] = [];
    if (details.status !== null) parts.push(`HTTP ${details.status}`);
    if (details.code !== null) {
      parts.push(`Zoom code ${details.code} ${describeZoomCode(details.code, details.zoomMessage, details.fieldErrors)}`);
    } else if (details.status === null) {
      parts.push(`no answer (${details.cause?.message ?? 'network error'})`);
    } else if (details.zoomMessage) {
      parts.push(details.zoomMessage);
    }
    return `${subject} failed${after}: ${parts.join(', ')}`;
  }
}

/**
 * Why MEDIUM requests stop until a reset: Zoom's daily-limit 429, a per-second 429 whose Retry-After asks for a long
 * wait (an hourly or daily limit under another label, zoom-api-facts.md §5.3), or our own free-plan budget.
 */
export type DailyLimitSource = 'zoom' | 'zoom-long-wait' | 'budget';

/** Zoom's daily limit (or our own free-plan budget) is spent; MEDIUM requests resume at `resetAt` (§5.1, §5.2). */
export class DailyLimitError extends Error {
  override name = 'DailyLimitError';
  constructor(
    readonly resetAt: Date,
    readonly source: DailyLimitSource,
  ) {
    super(
      source === 'zoom'
        ? `Zoom's daily limit for MEDIUM API requests is reached for this account; requests resume at ${resetAt.toISOString()}`
        : source === 'zoom-long-wait'
          ? `Zoom answered 429 and asked to wait until ${resetAt.toISOString()} (a longer limit than per second); MEDIUM requests resume then`
          : `the daily budget for MEDIUM API requests on the free plan is spent; requests resume at ${resetAt.toISOString()}`,
    );
  }
}

/** The OAuth token endpoint refused or could not be reached. Says which variables to check; never echoes a secret. */
export class AuthError extends Error {
  override name = 'AuthError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly reason: string | null,
    cause?: Error,
  ) {
    super(message, cause ? { cause } : undefined);
  }
}

/**
 * The token lacks the scopes a command needs (zoom-api-facts.md §9.4). The same for every user, so the run stops at
 * the first: the client fails every later call with this error without sending it.
 */
export class MissingScopesError extends Error {
  override name = 'MissingScopesError';
  constructor(
    readonly scopes: string[],
    readonly write: boolean,
    readonly first: ZoomApiError,
  ) {
    const named = scopes.length > 0 ? `: ${scopes.join(', ')}` : '';
    super(
      `the Zoom app's access token lacks scopes${named} (HTTP ${first.status ?? '?'}, Zoom code ${first.code ?? 'none'} on ${first.method} ${first.path.replace(/\?.*$/, '')}). ` +
        `plan, drift and import need read scopes (${READ_SCOPES_TEXT}); apply, drift --fix and rollback also need write scopes ` +
        `(${WRITE_SCOPES_TEXT}). Add them to the Server-to-Server OAuth app in the Zoom App Marketplace and activate it again; ` +
        'the run stopped at the first refusal',
    );
  }
}

/**
 * Zoom did not answer usefully for many requests in a row (5xx after retries, refused connections, DNS): an outage,
 * not a problem of one user. The client fails every later call with this error without sending it.
 */
export class ZoomUnavailableError extends Error {
  override name = 'ZoomUnavailableError';
  constructor(
    readonly consecutive: number,
    readonly kind: string,
    readonly last: ZoomApiError,
  ) {
    super(
      `Zoom API unavailable: ${consecutive} requests in a row failed with ${kind}${last.attempts > 1 ? ` (each after ${last.attempts} attempts)` : ''}; ` +
        `the run stopped instead of failing every user the same way (last: ${last.message})`,
    );
  }
}
