/**
 * The account and group levels of the simulated account (zoom-api-facts.md §9.8, §9.10): account settings and
 * locks, groups with settings, locks, members and a priority, and the value a user GET returns under a lock.
 *
 * Resolution, as Zoom documents it: an account lock fixes the account's value for everyone; otherwise the user's
 * highest-priority group decides value and lock (new groups experience: smaller `priority` = higher, default the
 * group's position in the seed). Priority is the simulator's secret, as it is Zoom's: the API never returns it.
 * Settings a level does not set come from the level above (generated account settings), like the portal shows them.
 */
import { HIERARCHY_SCHEMA, LOCK_VARIANTS, type LockMapping, type LockVariant } from '../schema/hierarchy.js';
import type { FieldSchema, Variant } from '../schema/index.js';
import { generateSettings } from './generate-settings.js';
import { getAt, isPlainObject, isUnder, setAt } from './settings-paths.js';
import { groupOverAccount } from './inheritance.js';
import { seededRandom } from './seeded-random.js';

export interface LevelSeed {
  /** GET-shaped settings; `meeting_security`, `meeting_authentication` and `recording_authentication` go to their variants. */
  settings?: Record<string, unknown>;
  /** Lock-settings-shaped booleans (`in_meeting: {chat: true}`); `meeting_security` goes to its lock variant. */
  locks?: Record<string, unknown>;
}

export interface GroupSeed extends LevelSeed {
  name: string;
  id?: string;
  /** 1 is the highest; default: the group's position in the list. */
  priority?: number;
  /** Emails or ids of simulated users. */
  members?: string[];
}

export interface HierarchySeed {
  account?: LevelSeed;
  groups?: GroupSeed[];
  /**
   * Users inherit (default false): a user's GET shows their own override where one was set (a user PATCH, a portal
   * change or `overrides` below), else their highest-priority group's value, else the account's, as in real Zoom
   * where an unlocked account or group value flows to users who never changed it. False keeps each user's own
   * generated copy of every setting (src/simulator/inheritance.ts).
   */
  inherit?: boolean;
  /** With `inherit`: a user's own values (by email or id), GET-shaped like `settings` of a level. */
  overrides?: Record<string, Record<string, unknown>>;
}

/** PATCH /users/{userId}/settings on a locked field: ignored with 204 (default), or refused with 400 (§9.8: unverified). */
export type LockedPatchMode = 'ignore' | 'reject';

export interface SimLevel {
  settings: Record<Variant, Record<string, unknown>>;
  locks: Record<LockVariant, Record<string, unknown>>;
}

export interface SimGroup extends SimLevel {
  id: string;
  name: string;
  priority: number;
  members: string[];
}

export interface MemberRef {
  id: string;
  email: string;
}

const VARIANT_KEYS: ReadonlySet<string> = new Set(['meeting_security', 'meeting_authentication', 'recording_authentication']);

/** Deep merge of a seed or a PATCH body into a level's tree (objects key by key; proto keys never followed). */
export function mergeInto(into: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    if (isPlainObject(value) && isPlainObject(into[key])) mergeInto(into[key] as Record<string, unknown>, value);
    else into[key] = structuredClone(value);
  }
}

/** A flat seed → per variant (the variant keys are top-level keys of their own GET bodies). */
export function splitByVariant<V extends string>(flat: Record<string, unknown> | undefined, keys: ReadonlySet<string>): Map<V | 'default', Record<string, unknown>> {
  const out = new Map<V | 'default', Record<string, unknown>>();
  for (const [key, value] of Object.entries(flat ?? {})) {
    const variant = (keys.has(key) ? key : 'default') as V | 'default';
    const body = out.get(variant) ?? {};
    body[key] = value;
    out.set(variant, body);
  }
  return out;
}

function unlockedTree(field: FieldSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(field.properties ?? {})) {
    out[name] = child.type === 'object' && child.properties ? unlockedTree(child) : false;
  }
  return out;
}

function buildLevel(base: Record<Variant, Record<string, unknown>>, level: 'account' | 'group', seed: LevelSeed | undefined): SimLevel {
  const settings = structuredClone(base);
  for (const [variant, body] of splitByVariant<Variant>(seed?.settings, VARIANT_KEYS)) mergeInto(settings[variant], body);
  const locks = {} as Record<LockVariant, Record<string, unknown>>;
  for (const variant of LOCK_VARIANTS) locks[variant] = unlockedTree(HIERARCHY_SCHEMA[level].locks[variant].root);
  for (const [variant, body] of splitByVariant<LockVariant>(seed?.locks, new Set(['meeting_security']))) mergeInto(locks[variant], body);
  return { settings, locks };
}

function groupId(seed: string, name: string): string {
  return seededRandom(seed, 'group-id', name).bytes(12).toString('base64url');
}

export class SimHierarchy {
  readonly account: SimLevel;
  readonly groups: SimGroup[];
  /** The account's settings the groups were copied from: where a group still equals them, it inherits. */
  private readonly accountAtStart: Record<Variant, Record<string, unknown>>;
  /** Seeded user overrides by lower-cased email or id, per variant (used when users inherit). */
  readonly overrides: ReadonlyMap<string, Map<Variant | 'default', Record<string, unknown>>>;

  constructor(seed: HierarchySeed, randomSeed: string) {
    this.overrides = new Map(Object.entries(seed.overrides ?? {}).map(([key, flat]) => [key.toLowerCase(), splitByVariant<Variant>(flat, VARIANT_KEYS)]));
    const generated = generateSettings(randomSeed, 'account-level');
    this.account = buildLevel(generated, 'account', seed.account);
    this.accountAtStart = structuredClone(this.account.settings);
    this.groups = (seed.groups ?? []).map((group, index) => {
      if (typeof group.name !== 'string' || group.name === '') throw new RangeError(`hierarchy group ${index + 1} needs a name`);
      const level = buildLevel(this.account.settings, 'group', group);
      return {
        ...level,
        id: group.id ?? groupId(randomSeed, group.name),
        name: group.name,
        priority: group.priority ?? index + 1,
        members: (group.members ?? []).map((m) => m.toLowerCase()),
      };
    });
    const ids = new Set(this.groups.map((g) => g.id));
    if (ids.size !== this.groups.length) throw new RangeError('hierarchy groups need distinct ids and names');
  }

  group(id: string): SimGroup | undefined {
    return this.groups.find((group) => group.id === id);
  }

  isMember(group: SimGroup, user: MemberRef): boolean {
    return group.members.includes(user.id.toLowerCase()) || group.members.includes(user.email.toLowerCase());
  }

  /** The seed's overrides of a user (by email, else id), per variant. */
  seeded(user: MemberRef): ReadonlyMap<Variant | 'default', Record<string, unknown>> | undefined {
    return this.overrides.get(user.email.toLowerCase()) ?? this.overrides.get(user.id.toLowerCase());
  }

  /** What a user who never changed a setting sees: their deciding group's settings, else the account's. */
  inherited(user: MemberRef, variant: Variant): Record<string, unknown> {
    const group = this.deciding(user);
    const account = this.account.settings[variant];
    return group ? groupOverAccount(group.settings[variant], this.accountAtStart[variant], account) : account;
  }

  /** The user's group that decides value and lock: the highest priority (smallest number) among theirs. */
  private deciding(user: MemberRef): SimGroup | undefined {
    return this.groups.filter((g) => this.isMember(g, user)).sort((a, b) => a.priority - b.priority)[0];
  }

  /** The user settings a lock holds in one variant, with the value the lock enforces. */
  held(user: MemberRef, variant: Variant): Array<{ path: string[]; value: unknown; by: string }> {
    const out: Array<{ path: string[]; value: unknown; by: string }> = [];
    const collect = (mappings: LockMapping[], level: SimLevel, by: string): void => {
      for (const mapping of mappings) {
        if (!mapping.setting || mapping.setting.variant !== variant) continue;
        if (getAt(level.locks[mapping.lockVariant], mapping.lock) !== true) continue;
        if (isUnder(mapping.setting.path, out.map((h) => h.path))) continue;
        out.push({ path: mapping.setting.path, value: getAt(level.settings[variant], mapping.setting.path), by });
      }
    };
    collect(HIERARCHY_SCHEMA.lockMap.account, this.account, 'account');
    const group = this.deciding(user);
    if (group) collect(HIERARCHY_SCHEMA.lockMap.group, group, `group ${group.name}`);
    return out;
  }

  /** What a user GET returns: the user's own values, with every held setting showing the locking level's value. */
  effective(user: MemberRef, variant: Variant, own: Record<string, unknown>): Record<string, unknown> {
    const held = this.held(user, variant).filter((h) => h.value !== undefined);
    if (held.length === 0) return own;
    const copy = structuredClone(own);
    for (const { path, value } of held) setAt(copy, path, structuredClone(value));
    return copy;
  }

  /** The first path of `body` a lock holds, or undefined. */
  lockedFieldIn(user: MemberRef, variant: Variant, body: Record<string, unknown>): { path: string[]; by: string } | undefined {
    const held = this.held(user, variant);
    const walk = (node: Record<string, unknown>, path: string[]): { path: string[]; by: string } | undefined => {
      for (const [key, value] of Object.entries(node)) {
        const next = [...path, key];
        const hit = held.find((h) => isUnder(next, [h.path]));
        if (hit) return { path: next, by: hit.by };
        if (isPlainObject(value)) {
          const inner = walk(value, next);
          if (inner) return inner;
        }
      }
      return undefined;
    };
    return walk(body, []);
  }

  /** `body` without the fields a lock holds (Zoom ignores them, §9.8, in the default `ignore` mode). */
  withoutLocked(user: MemberRef, variant: Variant, body: Record<string, unknown>): Record<string, unknown> {
    const held = this.held(user, variant).map((h) => h.path);
    const strip = (node: Record<string, unknown>, path: string[]): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) {
        const next = [...path, key];
        if (isUnder(next, held)) continue;
        out[key] = isPlainObject(value) ? strip(value, next) : value;
      }
      return out;
    };
    return strip(body, []);
  }
}
