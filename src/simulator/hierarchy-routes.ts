/**
 * The account and group endpoints (zoom-api-facts.md §9.10, all MEDIUM; the server applies the limits before any
 * route): GET /accounts/{accountId}/settings[?option=…], GET /accounts/{accountId}/lock_settings[?option=…],
 * GET /groups, GET /groups/{groupId}/settings[?option=…], GET /groups/{groupId}/lock_settings[?option=…],
 * GET /groups/{groupId}/members (paged); PATCH of the account's and groups' settings and lock settings
 * (hierarchy-writes.ts).
 */
import type { LockVariant } from '../schema/hierarchy.js';
import type { Variant } from '../schema/index.js';
import type { Account } from './account.js';
import type { ApiAnswer } from './api-routes.js';
import type { SimHierarchy, SimLevel } from './hierarchy.js';
import { decodeSegment } from './http-util.js';
import { patchLevel } from './hierarchy-writes.js';

export type HierarchyRoute =
  | { kind: 'account'; accountId: string; what: 'settings' | 'lock_settings' }
  | { kind: 'groups' }
  | { kind: 'group'; groupId: string; what: 'settings' | 'lock_settings' | 'members' };

export function routeHierarchy(pathname: string): HierarchyRoute | undefined {
  const path = pathname.replace(/\/$/, '');
  if (path === '/v2/groups') return { kind: 'groups' };
  const account = /^\/v2\/accounts\/([^/]+)\/(settings|lock_settings)$/.exec(path);
  if (account) return { kind: 'account', accountId: decodeSegment(account[1]!), what: account[2] as 'settings' | 'lock_settings' };
  const group = /^\/v2\/groups\/([^/]+)\/(settings|lock_settings|members)$/.exec(path);
  if (group) return { kind: 'group', groupId: decodeSegment(group[1]!), what: group[2] as 'settings' | 'lock_settings' | 'members' };
  return undefined;
}

const SETTINGS_OPTIONS: Record<'account' | 'group', readonly string[]> = {
  // `security` is a section of the default account body; the simulator answers it as the whole default body.
  account: ['meeting_authentication', 'recording_authentication', 'security', 'meeting_security'],
  group: ['meeting_authentication', 'recording_authentication', 'meeting_security'],
};

function invalidOption(allowed: readonly string[]): ApiAnswer {
  return { status: 400, body: { code: 300, message: 'Validation Failed.', errors: [{ field: 'option', message: `Invalid value: must be one of ${allowed.join(', ')}.` }] } };
}

/** The variant an `option` names for a level's settings or lock settings, or Zoom's answer to a bad option. */
export function levelVariant(kind: 'account' | 'group', what: 'settings' | 'lock_settings', option: string | null): { variant: Variant } | ApiAnswer {
  if (what === 'lock_settings') {
    if (option && option !== 'meeting_security') return invalidOption(['meeting_security']);
    return { variant: (option || 'default') as LockVariant };
  }
  if (option && !SETTINGS_OPTIONS[kind].includes(option)) return invalidOption(SETTINGS_OPTIONS[kind]);
  return { variant: (!option || option === 'security' ? 'default' : option) as Variant };
}

function answerLevel(level: SimLevel, kind: 'account' | 'group', what: 'settings' | 'lock_settings', option: string | null): ApiAnswer {
  const chosen = levelVariant(kind, what, option);
  if (!('variant' in chosen)) return chosen;
  const body = what === 'lock_settings' ? level.locks[chosen.variant as LockVariant] : level.settings[chosen.variant];
  return { status: 200, body };
}

const MEMBERS_PAGE_MAX = 2000;

export function answerHierarchy(
  route: HierarchyRoute,
  method: string,
  query: URLSearchParams,
  context: { hierarchy: SimHierarchy; account: Account; accountId: string; scoped: boolean; rawBody?: string },
): ApiAnswer {
  if (!context.scoped) {
    const scope = route.kind === 'account' ? 'account:read:admin' : 'group:read:admin';
    return { status: 400, body: { code: 4711, message: `Invalid access token, does not contain scopes:[${scope}].` } };
  }
  const writable = route.kind !== 'groups' && route.what !== 'members';
  if (method !== 'GET' && !(method === 'PATCH' && writable)) return { status: 405, body: { code: 405, message: 'Method not allowed.' } };
  const answer = method === 'GET' ? answerLevel : (level: SimLevel, kind: 'account' | 'group', what: 'settings' | 'lock_settings', opt: string | null) => patchLevel(level, kind, what, opt, context.rawBody ?? '');
  const { hierarchy } = context;
  const option = query.get('option');
  if (route.kind === 'account') {
    if (route.accountId !== 'me' && route.accountId !== context.accountId) {
      return { status: 404, body: { code: 2001, message: `Account does not exist: ${route.accountId}.` } };
    }
    return answer(hierarchy.account, 'account', route.what, option);
  }
  if (route.kind === 'groups') {
    const groups = hierarchy.groups.map((g) => ({ id: g.id, name: g.name, total_members: g.members.length }));
    return { status: 200, body: { groups, total_records: groups.length, next_page_token: '' } };
  }
  const group = hierarchy.group(route.groupId);
  if (!group) return { status: 404, body: { code: 4130, message: `Group does not exist: ${route.groupId}.` } };
  if (route.what !== 'members') return answer(group, 'group', route.what, option);
  const pageSize = Math.min(MEMBERS_PAGE_MAX, Math.max(1, Number(query.get('page_size') ?? 30) || 30));
  const offset = Number(query.get('next_page_token') || 0) || 0;
  const members = context.account.list().filter((user) => hierarchy.isMember(group, user));
  const page = members.slice(offset, offset + pageSize);
  const next = offset + page.length;
  return {
    status: 200,
    body: {
      members: page.map((u) => ({ id: u.id, email: u.email, first_name: u.firstName, last_name: u.lastName, type: 1 })),
      page_size: pageSize,
      total_records: members.length,
      next_page_token: next < members.length ? String(next) : '',
    },
  };
}
