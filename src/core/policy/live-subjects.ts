/**
 * Subjects for `check --live`: the account as it is. A user's value is what Zoom's GET returns; locks come from the
 * hierarchy read (account and group lock settings, group membership), when the app may read it. Passcodes are never
 * carried: a set passcode is "(sensitive)".
 */
import { describeHolder, resolveFor } from '../hierarchy/resolve.js';
import { groupsOf, type GroupSnapshot, type HierarchySnapshot, type LevelSnapshot } from '../hierarchy/model.js';
import { liveValueAt } from '../plan/locator.js';
import { SENSITIVE } from '../plan/types.js';
import type { Variant } from '../../schema/index.js';
import type { PolicySubject, SettingRef, SubjectValue } from './model.js';
import { isSecretSetting } from './desired-subjects.js';

type LiveSettings = Partial<Record<Variant, Record<string, unknown>>>;

function liveValue(settings: LiveSettings, ref: SettingRef): unknown {
  const body = settings[ref.variant];
  if (!body) return undefined;
  const value = liveValueAt(body, ref.path);
  if (isSecretSetting(ref)) return typeof value === 'string' && value !== '' ? SENSITIVE : undefined;
  return value;
}

export interface LiveUser {
  /** The key as the desired state writes it. */
  key: string;
  aliases: string[];
  profiles: string[];
  pos?: PolicySubject['pos'];
  /** The GET bodies read, per variant; or why there are none (not found, pending, an error). */
  live: { kind: 'ok'; settings: LiveSettings } | { kind: 'unavailable'; reason: string };
}

export function liveUserSubject(user: LiveUser, hierarchy: HierarchySnapshot | undefined): PolicySubject {
  const groups = hierarchy ? groupsOf(hierarchy, user.key) : undefined;
  return {
    kind: 'user',
    id: user.key,
    aliases: user.aliases,
    ...(groups ? { groups: groups.flatMap((g) => [g.name, g.id]) } : {}),
    profiles: user.profiles,
    ...(user.pos ? { pos: user.pos } : {}),
    ...(user.live.kind === 'unavailable' ? { unavailable: user.live.reason } : {}),
    value(ref: SettingRef): SubjectValue {
      const value = user.live.kind === 'ok' ? liveValue(user.live.settings, ref) : undefined;
      const held: SubjectValue = value === undefined ? {} : { value };
      if (!hierarchy || !groups) return held;
      return { ...held, lock: lockOf(hierarchy.account, groups, ref) };
    },
  };
}

function lockOf(account: LevelSnapshot, groups: readonly GroupSnapshot[], ref: SettingRef): NonNullable<SubjectValue['lock']> {
  const hold = resolveFor(account, groups, ref.variant, ref.path).hold;
  if (hold.by === 'none') return { at: 'none' };
  if (hold.by === 'group' && hold.ambiguous) return { at: 'none', holder: describeHolder(hold) };
  return { at: hold.by, holder: describeHolder(hold) };
}

/** The account and each group as subjects, with their own values and locks as read. */
export function* liveLevelSubjects(hierarchy: HierarchySnapshot): Generator<PolicySubject> {
  yield {
    kind: 'account',
    id: 'account',
    aliases: [],
    profiles: [],
    value: (ref) => ({ ...valueOf(hierarchy.account, ref), lock: lockOf(hierarchy.account, [], ref) }),
  };
  for (const group of hierarchy.groups) {
    yield {
      kind: 'group',
      id: group.name,
      aliases: [group.id],
      profiles: [],
      value: (ref) => ({ ...valueOf(group, ref), lock: lockOf(hierarchy.account, [group], ref) }),
    };
  }
}

function valueOf(level: LevelSnapshot, ref: SettingRef): SubjectValue {
  const value = liveValue(level.settings, ref);
  return value === undefined ? {} : { value };
}
