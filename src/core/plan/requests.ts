/**
 * Requests from changes: one PATCH per variant that changed (zoom-api-facts.md §3: never mix variants), holding only
 * the changed leaves nested as Zoom expects. Authentication variants take ONE `authentication_option` (action
 * update, show or hide, by profile id) per request (§3, §7.6); the toggle rides with the first. Shows go first (a
 * profile must be visible to become the default), then updates, then hides.
 */
import { VARIANTS, type Variant } from '../../schema/index.js';
import { TARGET_KINDS, userTarget, type Target } from '../targets/registry.js';
import { ownValue, setAt, setOwn } from './json-pointer.js';
import { AUTH_PROFILES, bodyValue } from './locator.js';
import type { PlannedChange, PlannedRequest } from './types.js';

export function settingsPath(user: string): string {
  return TARGET_KINDS.user.settingsPath(user);
}

function pathFor(target: Target, lock: boolean): string {
  const spec = TARGET_KINDS[target.kind];
  const path = lock ? spec.lockSettingsPath(target.id) : spec.settingsPath(target.id);
  if (path === null) throw new RangeError(`a ${target.kind} has no lock settings`);
  return path;
}

/** Authentication profile fields: the GET field name → the body field of an `update` action. */
const UPDATE_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['default_option', 'default_option'],
  ['domains', 'domains'],
];

/**
 * The requests of a target's changes: settings first, then (account and groups) lock settings, so a value is in
 * place before it is locked for the members. A plain string is a user's key (the shape callers grew up with).
 */
export function buildRequests(target: Target | string, changes: readonly PlannedChange[]): PlannedRequest[] {
  const to = typeof target === 'string' ? userTarget(target) : target;
  const requests: PlannedRequest[] = [];
  for (const lock of [false, true]) {
    for (const variant of VARIANTS) {
      const own = changes.filter((c) => c.variant === variant && Boolean(c.lock) === lock);
      if (own.length === 0) continue;
      const option = variant === 'default' ? null : variant;
      const bodies = variant === 'default' || variant === 'meeting_security' ? [settingsBody(own)] : authBodies(variant, own);
      for (const body of bodies) requests.push({ method: 'PATCH', path: pathFor(to, lock), option, body, ...(lock ? { lock: true as const } : {}) });
    }
  }
  return requests;
}

function settingsBody(changes: readonly PlannedChange[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const change of changes) setAt(body, change.locator, bodyValue(change));
  return body;
}

function authBodies(variant: Variant, changes: readonly PlannedChange[]): Array<Record<string, unknown>> {
  let toggle: unknown;
  const perProfile = new Map<string, Record<string, unknown>>();
  for (const change of changes) {
    if (change.locator[0] !== AUTH_PROFILES) {
      toggle = change.after;
      continue;
    }
    const [, id, field] = change.locator as [string, string, string];
    const wanted = perProfile.get(id) ?? {};
    setOwn(wanted, field, change.after);
    perProfile.set(id, wanted);
  }
  const shows: Array<Record<string, unknown>> = [];
  const updates: Array<Record<string, unknown>> = [];
  const hides: Array<Record<string, unknown>> = [];
  for (const [id, wanted] of perProfile) {
    // Own properties only: a profile id such as "__proto__" must not find a `visible` it did not ask for.
    const visible = ownValue(wanted, 'visible');
    if (visible !== undefined) (visible ? shows : hides).push({ action: visible ? 'show' : 'hide', id });
    const update: Record<string, unknown> = { action: 'update', id };
    for (const [field, bodyField] of UPDATE_FIELDS) {
      const value = ownValue(wanted, field);
      if (value !== undefined) update[bodyField] = value;
    }
    if (Object.keys(update).length > 2) updates.push(update);
  }
  const bodies: Array<Record<string, unknown>> = [...shows, ...updates, ...hides].map((option) => ({ authentication_option: option }));
  if (toggle !== undefined) {
    if (bodies.length > 0) bodies[0] = { [variant]: toggle, ...bodies[0] };
    else bodies.push({ [variant]: toggle });
  }
  return bodies;
}
