/**
 * Who holds a user setting. Zoom resolves account → group → user; a lock at the account, or at one of the user's
 * groups, fixes the value for the user ("If a setting is enabled on the account but not locked at the account or
 * the group level, users can still change the setting using the Update User Settings API", §9.8). An account lock
 * wins over the groups (a group cannot unlock what the account locked). A user in several groups takes value and
 * lock from the highest-priority group (new groups experience, §9.8), and the API does not expose priority: when
 * the user's groups disagree (locked to different values, or some do not lock), the answer names them all and says
 * it is ambiguous, never a guess.
 */
import { lockFor, type Level, type LockMapping } from '../../schema/hierarchy.js';
import type { Variant } from '../../schema/index.js';
import { GROUP_SETTINGS } from '../compare/index.js';
import { groupsOf, type GroupRef, type GroupSnapshot, type HierarchySnapshot, type LevelSnapshot } from './model.js';

export interface LevelView {
  /** The level's value of the setting, undefined when that variant was not read or has no such field. */
  value: unknown;
  locked: boolean;
  /** The lock path that covers the setting (`in_meeting.chat`), when the level has one. */
  lockPath?: string;
}

export type Hold =
  | { by: 'none' }
  | { by: 'account'; value: unknown; lockPath: string }
  | {
      by: 'group';
      /** The locking groups; when ambiguous, every group of the user, locking or not. */
      groups: Array<GroupRef & { value: unknown; locked: boolean }>;
      value: unknown;
      lockPath: string;
      /** The user's groups disagree (different values, or some do not lock): Zoom's group priority decides. */
      ambiguous: boolean;
    };

export interface SettingResolution {
  variant: Variant;
  path: string[];
  account: LevelView;
  groups: Array<GroupRef & LevelView>;
  hold: Hold;
}

function valueAt(root: Record<string, unknown> | undefined, path: readonly string[]): unknown {
  let node: unknown = root;
  for (const step of path) {
    if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, step)) return undefined;
    node = (node as Record<string, unknown>)[step];
  }
  return node;
}

function view(level: Level, snapshot: LevelSnapshot, variant: Variant, path: readonly string[]): LevelView {
  const mapping: LockMapping | undefined = lockFor(level, variant, path);
  const value = valueAt(snapshot.settings[variant], path);
  if (!mapping) return { value, locked: false };
  const locked = valueAt(snapshot.locks[mapping.lockVariant], mapping.lock) === true;
  return { value, locked, lockPath: mapping.lock.join('.') };
}


export function resolveSetting(hierarchy: HierarchySnapshot, userKey: string, variant: Variant, path: readonly string[]): SettingResolution {
  return resolveFor(hierarchy.account, groupsOf(hierarchy, userKey), variant, path);
}

/** resolveSetting for a user whose groups are already known (the planner asks once per user, not per change). */
export function resolveFor(accountLevel: LevelSnapshot, userGroups: readonly GroupSnapshot[], variant: Variant, path: readonly string[]): SettingResolution {
  const account = view('account', accountLevel, variant, path);
  const groups = userGroups.map((group) => ({ id: group.id, name: group.name, ...view('group', group, variant, path) }));
  const base = { variant, path: [...path], account, groups };
  if (account.locked) return { ...base, hold: { by: 'account', value: account.value, lockPath: account.lockPath! } };
  const locking = groups.filter((group) => group.locked);
  if (locking.length === 0) return { ...base, hold: { by: 'none' } };
  // Several groups decide together only when they all lock to the same value; otherwise priority decides, unseen.
  const ambiguous = locking.length < groups.length || locking.some((group) => !GROUP_SETTINGS.equal(variant, path, group.value, locking[0]!.value));
  return {
    ...base,
    hold: {
      by: 'group',
      groups: (ambiguous ? groups : locking).map(({ id, name, value, locked }) => ({ id, name, value, locked })),
      value: ambiguous ? undefined : locking[0]!.value,
      lockPath: locking[0]!.lockPath!,
      ambiguous,
    },
  };
}

/** A group name from Zoom as shown to people: control characters (a terminal escape, a newline) become "?". */
export function shown(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** "account" / "group Sales" / "groups Sales (false), Support (true) — ambiguous: …", for messages. */
export function describeHolder(hold: Exclude<Hold, { by: 'none' }>): string {
  if (hold.by === 'account') return 'the account';
  if (!hold.ambiguous) return hold.groups.length === 1 ? `group ${shown(hold.groups[0]!.name)}` : `groups ${hold.groups.map((g) => shown(g.name)).join(', ')}`;
  const each = hold.groups.map((g) => `${shown(g.name)} (${g.locked ? `locked to ${JSON.stringify(g.value)}` : 'not locked'})`).join(', ');
  return `groups ${each}, which disagree: Zoom takes the highest-priority group, and the API does not expose group priority`;
}

/** One sentence: "locked to false at group Sales". */
export function describeHold(hold: Exclude<Hold, { by: 'none' }>): string {
  if (hold.by === 'group' && hold.ambiguous) return `locked at ${describeHolder(hold)}`;
  const value = hold.value === undefined ? '(value not read)' : JSON.stringify(hold.value);
  return `locked to ${value} at ${describeHolder(hold)}`;
}
