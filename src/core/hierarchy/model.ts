/**
 * What reading the hierarchy produces (zoom-api-facts.md §9.8, §9.10): the account's settings and locks, each
 * group's settings and locks, and who is in which group. Settings are GET-shaped per `option` variant; locks are
 * the lock-settings GET bodies (true = locked for the level's members).
 */
import type { LockVariant } from '../../schema/hierarchy.js';
import type { Variant } from '../../schema/index.js';

export interface LevelSnapshot {
  settings: Partial<Record<Variant, Record<string, unknown>>>;
  locks: Partial<Record<LockVariant, Record<string, unknown>>>;
}

export interface GroupRef {
  id: string;
  name: string;
}

export interface GroupSnapshot extends LevelSnapshot, GroupRef {
  /** How many members the group has (the users a change to it reaches). */
  members?: number;
}

export interface HierarchySnapshot {
  account: LevelSnapshot;
  groups: GroupSnapshot[];
  /** A member's id and lower-cased email → the ids of the groups they are in. */
  memberOf: Map<string, string[]>;
  /** MEDIUM requests the read took (counted in the plan's API cost). */
  requests: number;
}

/** The groups a user is in, by the key the desired state uses (email or id). */
export function groupsOf(hierarchy: HierarchySnapshot, userKey: string): GroupSnapshot[] {
  const ids = hierarchy.memberOf.get(userKey) ?? hierarchy.memberOf.get(userKey.toLowerCase()) ?? [];
  return hierarchy.groups.filter((group) => ids.includes(group.id));
}
