/**
 * What each user keeps after the account and the groups took the common values (issue 16 item 4). A user's value
 * is written in their own entry only when the desired state would not give it to them otherwise, by the rule of
 * FORMATS.md ("a user's effective desired value"):
 * - locked at the account (in account.yaml's locks) → the account's value;
 * - otherwise the user's group's value when its file sets it, else the account's;
 * - a user in several groups whose files give different values (a group that does not set it gives the account's):
 *   Zoom takes the highest-priority group, which the API does not expose (zoom-api-facts.md §9.8), so the import
 *   writes the user's own value rather than guess.
 * A value no level gives (the account does not have the setting, or its value was skipped) is "unknown": those
 * leaves go to defaults.yaml when shared (shared-defaults.ts rules), else stay per user.
 */
import type { GroupRef } from '../hierarchy/model.js';
import { lockFor } from '../../schema/hierarchy.js';
import { sectionVariant } from '../desired/validate-settings.js';
import type { ImportLeaf } from './live-leaves.js';
import { leafKeyOf } from './live-leaves.js';
import { valueKey, type ImportedUser } from './shared-defaults.js';

/** What a level's file holds, by leaf key, as JSON text (the import compares values the way the planner does). */
export type LevelValues = ReadonlyMap<string, string>;

export interface LevelsWritten {
  account: LevelValues;
  accountLocks: LevelValues;
  /** Group id → the values its file sets (only where they differ from the account's). */
  groups: ReadonlyMap<string, LevelValues>;
}

export interface UserWithGroups extends ImportedUser {
  groups: readonly GroupRef[];
}

export interface UserSplit {
  /** Leaves no level gives the user (candidates for defaults.yaml). */
  unknown: ImportLeaf[];
  /** Leaves the levels give differently, or ambiguously: always the user's own. */
  own: ImportLeaf[];
  /** How many of `own` are there because the user's groups disagree. */
  ambiguous: number;
}

/** The text a lock's value (a boolean) is kept as; a setting's value is kept as its comparison key (valueKey). */
export const lockText = (value: unknown): string => JSON.stringify(value);

/** The account lock that holds a user setting, as a key into LevelsWritten.accountLocks. */
function accountLockKey(leaf: ImportLeaf): string | undefined {
  const mapping = lockFor('account', sectionVariant(leaf.path[0]!), leaf.path);
  return mapping ? leafKeyOf(mapping.lock) : undefined;
}

type Given = { kind: 'value'; text: string } | { kind: 'unknown' } | { kind: 'ambiguous' };

export function givenByLevels(levels: LevelsWritten, groups: readonly GroupRef[], leaf: ImportLeaf): Given {
  const fromAccount = levels.account.get(leaf.key);
  const known = (text: string | undefined): Given => (text === undefined ? { kind: 'unknown' } : { kind: 'value', text });
  const lock = accountLockKey(leaf);
  if (lock !== undefined && levels.accountLocks.get(lock) === 'true') return known(fromAccount);
  if (groups.length === 0) return known(fromAccount);
  const values = new Set(groups.map((group) => levels.groups.get(group.id)?.get(leaf.key) ?? fromAccount));
  if (values.size > 1) return { kind: 'ambiguous' };
  return known([...values][0]);
}

export function splitUser(levels: LevelsWritten, user: UserWithGroups): UserSplit {
  const split: UserSplit = { unknown: [], own: [], ambiguous: 0 };
  for (const leaf of user.leaves) {
    const given = givenByLevels(levels, user.groups, leaf);
    if (given.kind === 'unknown') split.unknown.push(leaf);
    else if (given.kind === 'ambiguous') {
      split.own.push(leaf);
      split.ambiguous++;
    } else if (given.text !== valueKey(leaf)) split.own.push(leaf);
  }
  return split;
}
