/**
 * Subjects for `check` without --live: the EFFECTIVE DESIRED state (FORMATS.md), what the desired state will make
 * true, with no API call. A user's value is their own merged leaf (defaults → profiles → user file) with the
 * file:line:col that set it; otherwise, once account and group desired state exist (account.yaml, groups/), the
 * account's value where the account locks it, else the user's group's value, else the account's; otherwise unknown.
 * Group membership is not in the files (the identity provider owns it), so it is unknown here unless given.
 */
import { fieldAt } from '../../schema/index.js';
import { expandProfile, leafPath, type DesiredLeaf, type ResolvedUser } from '../desired/merge.js';
import type { DesiredState } from '../desired/model.js';
import type { SourcePosition } from '../desired/source.js';
import { SENSITIVE } from '../plan/types.js';
import type { PolicySubject, SettingRef, SubjectValue } from './model.js';

/** A managed level (the account, or a group) as its desired-state file sets it. */
export interface DesiredLevel {
  /** `account`, or the group's name. */
  name: string;
  /** Other names for a group (its id). */
  aliases?: string[];
  value(ref: SettingRef): { value: unknown; source: SourcePosition } | undefined;
  /** Whether the level's `locks:` lock the setting, and where it says so; undefined when it does not say. */
  lock(ref: SettingRef): { locked: boolean; source: SourcePosition } | undefined;
}

export interface DesiredLevels {
  account?: DesiredLevel;
  groups: DesiredLevel[];
  /** The names of the groups a user is in, when known (read from Zoom); undefined when not. */
  membership?(userKey: string): string[] | undefined;
}

const NO_LEVELS: DesiredLevels = { groups: [] };

function leafValue(leaf: DesiredLeaf): unknown {
  return leaf.secret ? SENSITIVE : leaf.value;
}

/** The profiles a user uses, each with the profiles it extends. */
export function profilesOf(state: DesiredState, resolved: ResolvedUser): string[] {
  return [...new Set(resolved.user.profiles.flatMap((ref) => expandProfile(state, ref.name, []).map((p) => p.name)))];
}

/** A user of the desired state as a policy subject. */
export function desiredUserSubject(state: DesiredState, resolved: ResolvedUser, levels: DesiredLevels = NO_LEVELS): PolicySubject {
  const byPath = new Map(resolved.leaves.map((leaf) => [leafPath(leaf), leaf]));
  const groupNames = levels.membership?.(resolved.user.key);
  const userGroups = groupNames ? levels.groups.filter((g) => groupNames.some((n) => n === g.name || g.aliases?.includes(n))) : [];
  return {
    kind: 'user',
    id: resolved.user.key,
    aliases: [resolved.user.identity],
    ...(groupNames ? { groups: groupNames } : {}),
    profiles: profilesOf(state, resolved),
    pos: resolved.user.pos,
    value(ref: SettingRef): SubjectValue {
      const lock = desiredLock(ref, levels.account, userGroups, groupNames !== undefined);
      const own = byPath.get(ref.setting);
      const withLock = (held: SubjectValue): SubjectValue => (lock ? { ...held, lock } : held);
      if (own) return withLock({ value: leafValue(own), source: own.source });
      const account = levels.account?.value(ref);
      if (account && levels.account?.lock(ref)?.locked) return withLock(account);
      // Several groups with different values: Zoom's group priority decides, and the API does not expose it.
      const groupValues = userGroups.map((g) => g.value(ref)).filter((v) => v !== undefined);
      if (groupValues.length === 1 || (groupValues.length > 1 && groupValues.every((v) => JSON.stringify(v!.value) === JSON.stringify(groupValues[0]!.value)))) return withLock(groupValues[0]!);
      if (groupValues.length > 1) return withLock({});
      return withLock(account ?? {});
    },
  };
}

/** The desired locks that hold a user's setting; undefined when the desired state does not say (no account.yaml). */
function desiredLock(ref: SettingRef, account: DesiredLevel | undefined, groups: DesiredLevel[], membershipKnown: boolean): SubjectValue['lock'] {
  const accountLock = account?.lock(ref);
  if (accountLock?.locked) return { at: 'account', holder: 'the account', source: accountLock.source };
  const groupLocks = groups.map((g) => ({ g, lock: g.lock(ref) })).filter((x) => x.lock?.locked);
  if (groupLocks.length > 0 && groupLocks.length === groups.length) return { at: 'group', holder: `group ${groupLocks.map((x) => x.g.name).join(', ')}`, source: groupLocks[0]!.lock!.source };
  // Not locked is known only when the account says so and every group of the user is known.
  if (accountLock && membershipKnown && groupLocks.length === 0) return { at: 'none' };
  if (accountLock) return { at: 'unlocked-at-account', source: accountLock.source };
  return undefined;
}

/** The account or a group of the desired state as a policy subject (its own value and lock). */
export function desiredLevelSubject(kind: 'account' | 'group', level: DesiredLevel, account?: DesiredLevel): PolicySubject {
  return {
    kind,
    id: level.name,
    aliases: level.aliases ?? [],
    profiles: [],
    value(ref: SettingRef): SubjectValue {
      const own = level.value(ref) ?? {};
      const above = kind === 'group' ? account?.lock(ref) : undefined;
      if (above?.locked) return { ...own, lock: { at: 'account', holder: 'the account', source: above.source } };
      const lock = level.lock(ref);
      if (!lock) return own;
      return { ...own, lock: lock.locked ? { at: kind, holder: kind === 'account' ? 'the account' : `group ${level.name}`, source: lock.source } : { at: 'none' } };
    },
  };
}

/** Every subject of the desired state: each user, then the account and each group when their files exist. */
export function* desiredSubjects(state: DesiredState, users: Iterable<ResolvedUser>, levels: DesiredLevels = NO_LEVELS): Generator<PolicySubject> {
  for (const resolved of users) yield desiredUserSubject(state, resolved, levels);
  if (levels.account) yield desiredLevelSubject('account', levels.account);
  for (const group of levels.groups) yield desiredLevelSubject('group', group, levels.account);
}

/** Whether a settings path holds a passcode (its value is never shown, only whether it is set). */
export function isSecretSetting(ref: SettingRef): boolean {
  return fieldAt(ref.variant, ref.path)?.secret === true;
}
