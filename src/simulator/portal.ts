/**
 * Changes made "in the Zoom web portal" by an admin: not through the API (no token, no rate limit, not in the API
 * request log), with an operator. Each change that alters a value becomes the settings event Zoom sends for it
 * (webhook-events.ts): the changed settings in `object.settings`, their previous values in `old_object.settings`.
 *
 * Body: `{operator: email, operator_id?: id, settings: {section: {field: value}}}`: the webhook's shape, which is the
 * GET shape with `meeting_security` as one more section. Only values GET returns can be changed, each checked
 * against the schema (type, enum), as the portal's controls allow only valid values. A user setting a group or
 * account lock holds is refused, as the portal shows it greyed out (zoom-api-facts.md §9.8).
 */
import { HIERARCHY_SCHEMA, type LockVariant } from '../schema/hierarchy.js';
import { SETTINGS_SCHEMA, childField, type FieldSchema, type Variant } from '../schema/index.js';
import type { Account } from './account.js';
import { decodeSegment } from './http-util.js';
import type { SimHierarchy } from './hierarchy.js';
import { seededRandom } from './seeded-random.js';
import { getAt, isPlainObject, isUnder, sameJson, setAt } from './settings-paths.js';
import { settingsEvent, type SettingsEvent, type SettingsEventName } from './webhook-events.js';

export type PortalTarget =
  | { kind: 'user'; user: string }
  | { kind: 'group'; group: string; what: 'settings' | 'lock_settings' }
  | { kind: 'account'; what: 'settings' | 'lock_settings' };

export interface PortalChange {
  /** The admin's email: the event's `operator`. */
  operator: string;
  /** Default: the id of the simulated user with that email, else an id derived from the email. */
  operatorId?: string;
  /** Section → field → value, e.g. `{in_meeting: {chat: false}}`. */
  settings: Record<string, unknown>;
}

export interface PortalResult {
  /** The event for the change; undefined when every value was already so (the portal saves nothing). */
  event: SettingsEvent | undefined;
  /** Dotted paths of the values changed. */
  changed: string[];
}

export interface PortalLogEntry {
  seq: number;
  /** Clock ms. */
  time: number;
  target: string;
  event: SettingsEventName;
  operator: string;
  /** Dotted paths only: no values, so no passcode ever lands here. */
  changed: string[];
}

/** Bad input: answered 400 with the message. */
export class PortalInputError extends Error {
  override name = 'PortalInputError';
}

/** No such user or group: answered 404. */
export class PortalNotFoundError extends Error {
  override name = 'PortalNotFoundError';
}

export interface PortalContext {
  account: Account;
  hierarchy: SimHierarchy;
  accountId: string;
  nowMs: number;
}

/** /_sim/portal/users/{id}/settings, /_sim/portal/groups/{id}/settings|lock_settings, /_sim/portal/account/settings|lock_settings */
export function routePortal(pathname: string): PortalTarget | undefined {
  const path = pathname.replace(/\/$/, '');
  const user = /^\/_sim\/portal\/users\/([^/]+)\/settings$/.exec(path);
  if (user) return { kind: 'user', user: decodeSegment(user[1]!) };
  const group = /^\/_sim\/portal\/groups\/([^/]+)\/(settings|lock_settings)$/.exec(path);
  if (group) return { kind: 'group', group: decodeSegment(group[1]!), what: group[2] as 'settings' | 'lock_settings' };
  const account = /^\/_sim\/portal\/account\/(settings|lock_settings)$/.exec(path);
  if (account) return { kind: 'account', what: account[1] as 'settings' | 'lock_settings' };
  return undefined;
}

export function parsePortalChange(body: unknown): PortalChange {
  if (!isPlainObject(body)) throw new PortalInputError('Expected a JSON object body {operator, settings}');
  const { operator, operator_id: operatorId, settings } = body;
  if (typeof operator !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(operator)) throw new PortalInputError('Expected `operator` to be the email of the admin making the change');
  if (operatorId !== undefined && (typeof operatorId !== 'string' || operatorId === '')) throw new PortalInputError('Expected `operator_id` to be a non-empty string');
  if (!isPlainObject(settings) || Object.keys(settings).length === 0) throw new PortalInputError('Expected `settings` to be a non-empty object: {section: {field: value}}');
  return { operator, ...(operatorId !== undefined ? { operatorId } : {}), settings };
}

function describeTarget(target: PortalTarget): string {
  if (target.kind === 'user') return `user ${target.user}`;
  if (target.kind === 'group') return `group ${target.group} ${target.what}`;
  return `account ${target.what}`;
}

function eventName(target: PortalTarget): SettingsEventName {
  if (target.kind === 'user') return 'user.settings_updated';
  return `${target.kind}.${target.what === 'settings' ? 'settings_updated' : 'lock_settings_updated'}` as SettingsEventName;
}

/** The webhook puts `meeting_security` beside the sections; the API keeps it in its own option variant. */
const variantOf = (section: string): Variant & LockVariant => (section === 'meeting_security' ? 'meeting_security' : 'default');

interface Leaf {
  variant: Variant & LockVariant;
  path: string[];
  value: unknown;
}

function valueProblem(field: FieldSchema, value: unknown): string | undefined {
  const expected: Record<string, (v: unknown) => boolean> = {
    boolean: (v) => typeof v === 'boolean',
    integer: (v) => typeof v === 'number' && Number.isInteger(v),
    string: (v) => typeof v === 'string',
    array: (v) => Array.isArray(v),
    object: (v) => isPlainObject(v),
  };
  if (!expected[field.type]!(value)) return `expected ${field.type === 'integer' ? 'an integer' : `a ${field.type}`}`;
  if (field.enum && !field.enum.includes(value as string | number)) return `expected one of ${field.enum.join(', ')}`;
  return undefined;
}

/** The settings of the body as leaves, each checked against the level's GET schema. */
function leavesOf(settings: Record<string, unknown>, rootFor: (variant: Variant & LockVariant) => FieldSchema | undefined, what: string): Leaf[] {
  const leaves: Leaf[] = [];
  const walk = (variant: Variant & LockVariant, field: FieldSchema | undefined, path: string[], value: unknown): void => {
    const dotted = path.join('.');
    if (!field || !field.readable) throw new PortalInputError(`${dotted} is not one of the ${what} Zoom's GET returns`);
    if (field.type === 'object' && field.properties && Object.keys(field.properties).length > 0) {
      if (!isPlainObject(value)) throw new PortalInputError(`${dotted}: expected an object of settings`);
      for (const [key, child] of Object.entries(value)) walk(variant, childField(field, key), [...path, key], child);
      return;
    }
    const problem = valueProblem(field, value);
    if (problem) throw new PortalInputError(`${dotted}: ${problem}, got ${JSON.stringify(value)}`);
    leaves.push({ variant, path, value });
  };
  for (const [section, value] of Object.entries(settings)) {
    const variant = variantOf(section);
    walk(variant, childField(rootFor(variant), section), [section], value);
  }
  return leaves;
}

interface Level {
  objectId: string;
  what: string;
  rootFor(variant: Variant & LockVariant): FieldSchema | undefined;
  /** The values as they read now (for a user who inherits: overrides over the hierarchy). */
  store(variant: Variant & LockVariant): Record<string, unknown>;
  write(variant: Variant & LockVariant, path: string[], value: unknown): void;
  /** Throws when a lock above holds the leaf. */
  checkUnlocked(leaves: Leaf[]): void;
}

function levelFor(target: PortalTarget, context: PortalContext): Level {
  const { account, hierarchy } = context;
  const noLocks = (): void => undefined;
  if (target.kind === 'user') {
    const user = account.find(target.user);
    if (!user) throw new PortalNotFoundError(`no simulated user with id or email "${target.user}"`);
    return {
      objectId: user.id,
      what: 'user settings',
      rootFor: (variant) => SETTINGS_SCHEMA.variants[variant].root,
      store: (variant) => account.settingsOf(user)[variant],
      // The user's own record, where a PATCH writes too (settingsOf may be a computed copy for a user who inherits).
      write: (variant, path, value) => account.setSetting(user.id, variant, path, value),
      checkUnlocked: (leaves) => {
        for (const leaf of leaves) {
          const lock = hierarchy.held(user, leaf.variant).find((held) => isUnder(leaf.path, [held.path]));
          if (lock) throw new PortalInputError(`${leaf.path.join('.')} is locked by the ${lock.by}: the portal does not let an admin change it for one user`);
        }
      },
    };
  }
  const levelName = target.kind;
  // A group by id, or by name for convenience (the portal shows names).
  const group = target.kind === 'group' ? (hierarchy.group(target.group) ?? hierarchy.groups.find((g) => g.name === target.group)) : undefined;
  if (target.kind === 'group' && !group) throw new PortalNotFoundError(`no simulated group with id or name "${target.group}"`);
  const level = group ?? hierarchy.account;
  const objectId = group ? group.id : context.accountId;
  if (target.what === 'lock_settings') {
    return {
      objectId,
      what: `${levelName} lock settings`,
      rootFor: (variant) => HIERARCHY_SCHEMA[levelName].locks[variant].root,
      store: (variant) => level.locks[variant],
      write: (variant, path, value) => setAt(level.locks[variant], path, value),
      checkUnlocked: noLocks,
    };
  }
  return {
    objectId,
    what: `${levelName} settings`,
    rootFor: (variant) => HIERARCHY_SCHEMA[levelName].settings[variant]?.root,
    store: (variant) => level.settings[variant],
    write: (variant, path, value) => setAt(level.settings[variant], path, value),
    checkUnlocked: noLocks,
  };
}

function operatorIdFor(change: PortalChange, account: Account): string {
  return change.operatorId ?? account.find(change.operator)?.id ?? seededRandom(account.seed, 'operator', change.operator.toLowerCase()).bytes(16).toString('base64url');
}

/** Applies the change to the simulated account and returns the event Zoom would send for it. */
export function applyPortalChange(target: PortalTarget, change: PortalChange, context: PortalContext): PortalResult {
  const level = levelFor(target, context);
  const leaves = leavesOf(change.settings, level.rootFor, level.what);
  level.checkUnlocked(leaves);
  const changed: Record<string, unknown> = {};
  const previous: Record<string, unknown> = {};
  const paths: string[] = [];
  for (const leaf of leaves) {
    const store = level.store(leaf.variant);
    const before = getAt(store, leaf.path);
    if (sameJson(before, leaf.value)) continue;
    level.write(leaf.variant, leaf.path, structuredClone(leaf.value));
    setAt(changed, leaf.path, structuredClone(leaf.value));
    if (before !== undefined) setAt(previous, leaf.path, structuredClone(before));
    paths.push(leaf.path.join('.'));
  }
  if (paths.length === 0) return { event: undefined, changed: [] };
  const event = settingsEvent({
    event: eventName(target),
    accountId: context.accountId,
    operator: change.operator,
    operatorId: operatorIdFor(change, context.account),
    objectId: level.objectId,
    changed,
    previous,
    nowMs: context.nowMs,
  });
  return { event, changed: paths };
}

export function portalLogEntry(seq: number, target: PortalTarget, result: PortalResult & { event: SettingsEvent }, operator: string): PortalLogEntry {
  return { seq, time: result.event.event_ts, target: describeTarget(target), event: result.event.event, operator, changed: result.changed };
}
