/**
 * The Zoom API endpoints the reconciler uses, as functions from a request to an answer (status and JSON body):
 * GET/PATCH /users/{userId}/settings[?option=…] and GET /users (zoom-api-facts.md §2, §3, §6).
 */
import { randomBytes } from 'node:crypto';
import type { Variant } from '../schema/index.js';
import type { Account, AccountUser } from './account.js';
import type { LockedPatchMode, SimHierarchy } from './hierarchy.js';
import { isPlainObject } from './settings-paths.js';
import { parseJson } from './http-util.js';
import { validatePatchBody } from './validate-body.js';
import type { UserStatus } from './types.js';

export interface ApiAnswer {
  status: number;
  body?: unknown;
  /** A PATCH changed the account (for the state file). */
  changed?: boolean;
}

export type ApiRoute =
  | { kind: 'settings'; userKey: string }
  | { kind: 'users' }
  | { kind: 'unknown' };

const OPTIONS: ReadonlyArray<Exclude<Variant, 'default'>> = ['meeting_authentication', 'recording_authentication', 'meeting_security'];

export function routeApi(pathname: string): ApiRoute {
  if (pathname === '/v2/users' || pathname === '/v2/users/') return { kind: 'users' };
  const match = /^\/v2\/users\/([^/]+)\/settings\/?$/.exec(pathname);
  if (!match) return { kind: 'unknown' };
  let userKey = match[1]!;
  try {
    userKey = decodeURIComponent(userKey);
  } catch {
    // Not valid percent-encoding: look the raw text up, which answers 1001 like Zoom would.
  }
  return { kind: 'settings', userKey };
}

function validationFailed(field: string, message: string): ApiAnswer {
  return { status: 400, body: { code: 300, message: 'Validation Failed.', errors: [{ field, message }] } };
}

/** The variant an `option` query value names, or an answer refusing it. */
export function variantOf(option: string | null): Variant | ApiAnswer {
  if (option === null || option === '') return 'default';
  if ((OPTIONS as readonly string[]).includes(option)) return option as Variant;
  return validationFailed('option', `Invalid value: must be one of ${OPTIONS.join(', ')}.`);
}

/** The account/group levels a user's settings resolve through, and what a PATCH on a locked field does. */
export interface LockContext {
  hierarchy: SimHierarchy;
  mode: LockedPatchMode;
}

export interface SettingsQuirks {
  /** Keep `authentication_options` in an authentication GET whose toggle is off (the spec's shape, not real Zoom's). */
  authProfilesWhenOff: boolean;
}

/** Real Zoom's answer for a user who never accepted the invitation (zoom-api-facts.md §9.1, moodle-mod_zoom#131). */
export const PENDING_ANSWER = { code: 1000, message: 'You can not access settings of users that are still in pending state.' };
/** The spec's 1120: the invitation expired (§2, §9.1). */
export const EXPIRED_ANSWER = { code: 1120, message: 'A valid invitation to join the Zoom account was not found for this user.' };

/**
 * A GET answer as real Zoom shapes it (zoom-api-facts.md §9.2, §9.6): an authentication variant whose toggle is off
 * has no profile list, and meeting_security carries two fields the spec lacks, one of them the PMI passcode in plain
 * text. A fresh object: the stored settings are never changed by answering.
 */
function getAnswer(account: Account, user: AccountUser, variant: Variant, quirks: SettingsQuirks): Record<string, unknown> {
  const settings = account.settingsOf(user);
  const stored = settings[variant];
  if (variant === 'meeting_security') {
    const pmi = isPlainObject(settings.default.schedule_meeting) ? settings.default.schedule_meeting.pmi_password : undefined;
    return {
      ...stored,
      meeting_security: {
        ...(isPlainObject(stored.meeting_security) ? stored.meeting_security : {}),
        password_for_pmi: typeof pmi === 'string' ? pmi : '',
        approved_or_denied_countries_or_regions: { enable: false, method: 'deny', approved_list: [], denied_list: [] },
      },
    };
  }
  if ((variant === 'meeting_authentication' || variant === 'recording_authentication') && stored[variant] === false && !quirks.authProfilesWhenOff) {
    const { authentication_options: _omitted, ...rest } = stored;
    return rest;
  }
  return stored;
}

export function answerSettings(
  account: Account,
  method: string,
  userKey: string,
  option: string | null,
  rawBody: string,
  quirks: SettingsQuirks = { authProfilesWhenOff: false },
  locks?: LockContext,
): ApiAnswer {
  if (method !== 'GET' && method !== 'PATCH') return { status: 405, body: { code: 405, message: 'Method not allowed.' } };
  const variant = variantOf(option);
  if (typeof variant !== 'string') return variant;
  const user = account.find(userKey);
  if (!user) return { status: 404, body: { code: 1001, message: `User does not exist: ${userKey}.` } };
  if (user.status === 'pending') return { status: 400, body: PENDING_ANSWER };
  if (user.status === 'expired') return { status: 400, body: EXPIRED_ANSWER };
  if (method === 'GET') {
    const answer = getAnswer(account, user, variant, quirks);
    return { status: 200, body: locks ? locks.hierarchy.effective(user, variant, answer) : answer };
  }
  const parsed = parseJson(rawBody);
  if (!parsed.ok || !isPlainObject(parsed.value)) {
    return { status: 400, body: { code: 300, message: 'Request Body should be a valid JSON object.' } };
  }
  const errors = validatePatchBody(variant, parsed.value);
  if (errors.length > 0) return { status: 400, body: { code: 300, message: 'Validation Failed.', errors } };
  const locked = locks?.hierarchy.lockedFieldIn(user, variant, parsed.value);
  if (locked && locks?.mode === 'reject') {
    // Zoom's answer here is unverified (§9.8); the simulator's 400 is its guess, behind a switch.
    const field = locked.path.join('.');
    return { status: 400, body: { code: 300, message: `The setting ${field} is locked by ${locked.by} and cannot be changed for this user.` } };
  }
  account.applyPatch(user, variant, locked ? locks!.hierarchy.withoutLocked(user, variant, parsed.value) : parsed.value);
  return { status: 204, changed: true };
}

interface PageCursor {
  offset: number;
  status: UserStatus;
  expiresAt: number;
}

/** next_page_token values; Zoom's last 15 minutes (§6) and can be reused, so a retried page works. */
export class PageTokens {
  private readonly cursors = new Map<string, PageCursor>();

  issue(offset: number, status: UserStatus, now: number): string {
    if (this.cursors.size > 1000) {
      for (const [token, cursor] of this.cursors) if (cursor.expiresAt <= now) this.cursors.delete(token);
    }
    const token = randomBytes(16).toString('base64url');
    this.cursors.set(token, { offset, status, expiresAt: now + 15 * 60_000 });
    return token;
  }

  find(token: string, now: number): PageCursor | undefined {
    const cursor = this.cursors.get(token);
    return cursor && cursor.expiresAt > now ? cursor : undefined;
  }
}

export const MAX_PAGE_SIZE = 300;

export function answerUserList(account: Account, method: string, query: URLSearchParams, tokens: PageTokens, now: number): ApiAnswer {
  if (method !== 'GET') return { status: 405, body: { code: 405, message: 'Method not allowed.' } };
  const rawSize = query.get('page_size');
  let pageSize = 30;
  if (rawSize !== null && rawSize !== '') {
    pageSize = Number(rawSize);
    if (!Number.isInteger(pageSize) || pageSize < 1) return validationFailed('page_size', 'Invalid value: must be a positive integer.');
    pageSize = Math.min(pageSize, MAX_PAGE_SIZE);
  }
  let status: UserStatus;
  let offset = 0;
  const rawToken = query.get('next_page_token');
  if (rawToken) {
    const cursor = tokens.find(rawToken, now);
    if (!cursor) return { status: 400, body: { code: 300, message: 'The next page token is invalid or expired.' } };
    ({ status, offset } = cursor);
  } else {
    const rawStatus = query.get('status') || 'active';
    if (rawStatus !== 'active' && rawStatus !== 'pending') {
      return validationFailed('status', 'Invalid value: must be one of active, pending.');
    }
    status = rawStatus;
  }
  // An expired invitation is still an invitation: Zoom's list has only active, inactive and pending (§2).
  const matching = status === 'pending' ? [...account.list('pending'), ...account.list('expired')] : account.list(status);
  const page = matching.slice(offset, offset + pageSize);
  const nextOffset = offset + page.length;
  return {
    status: 200,
    body: {
      page_size: pageSize,
      total_records: matching.length,
      next_page_token: nextOffset < matching.length ? tokens.issue(nextOffset, status, now) : '',
      users: page.map((u) => ({
        id: u.id,
        email: u.email,
        first_name: u.firstName,
        last_name: u.lastName,
        type: 1,
        status: u.status === 'expired' ? 'pending' : u.status,
      })),
    },
  };
}
