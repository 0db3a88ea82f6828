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

/** Known Zoom codes in plain words (zoom-api-facts.md §2, §7). */
export function describeZoomCode(code: number | null, zoomMessage: string | null, fieldErrors: readonly FieldError[]): string {
  switch (code) {
    case 1001:
      return 'user does not exist';
    case 1120:
      return 'invitation pending (the user has not accepted the invitation to join the account)';
    case 200:
      return `the account's plan does not allow it${zoomMessage ? ` (${zoomMessage})` : ''}`;
    case 300: {
      const fields = fieldErrors.map((error) => `${error.field}: ${error.message}`).join('; ');
      return `validation failed (${fields || zoomMessage || 'no details'})`;
    }
    case 124:
      return 'invalid access token';
    case 4700:
      return `the access token lacks scopes: the app needs ${REQUIRED_SCOPES_TEXT}`;
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

  get isPending(): boolean {
    return this.code === 1120;
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

export type DailyLimitSource = 'zoom' | 'budget';

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
