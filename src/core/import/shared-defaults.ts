/**
 * Splits imported users' leaves into defaults.yaml and per-user differences. A value goes to defaults when at
 * least `share` of the users have it AND every user has some valid value for that setting: defaults reach every
 * user and the format has no way to un-set an inherited value, so a setting one user lacks (not returned, or
 * skipped as invalid) must stay per user, or the first plan would change that user. Values are the same when the
 * planner would find them the same (core/compare: two users' region lists in another order share one value).
 */
import { isAuthVariant, USER_SETTINGS, type SettingsComparison } from '../compare/index.js';
import { sectionVariant } from '../desired/validate-settings.js';
import type { ImportLeaf } from './live-leaves.js';

export interface ImportedUser {
  /** The key written in users/*.yaml: the email address, else the Zoom user id. */
  key: string;
  leaves: ImportLeaf[];
  /** Profiles the user lists (import --suggest-profiles). */
  profiles?: string[];
}

export interface SharedSplit {
  defaults: ImportLeaf[];
  users: ImportedUser[];
}

/** `share` of `total`, with room for float error (0.9 × 10 users is 9, not 9.000000000000002). */
function meetsShare(count: number, total: number, share: number): boolean {
  return count >= share * total - 1e-9;
}

/** A string equal for two leaves' values exactly when they compare equal (core/compare: one rule for every import step). */
export function valueKey(leaf: Pick<ImportLeaf, 'path' | 'value'>, comparison: SettingsComparison = USER_SETTINGS): string {
  const variant = sectionVariant(leaf.path[0]!);
  return comparison.key(variant, isAuthVariant(variant) ? leaf.path.slice(1) : leaf.path, leaf.value);
}

export function splitShared(users: readonly ImportedUser[], share: number, comparison: SettingsComparison = USER_SETTINGS): SharedSplit {
  const keys = new Map<ImportLeaf, string>();
  const byKey = new Map<string, { holders: number; values: Map<string, { leaf: ImportLeaf; count: number }> }>();
  for (const user of users) {
    for (const leaf of user.leaves) {
      let entry = byKey.get(leaf.key);
      if (!entry) {
        entry = { holders: 0, values: new Map() };
        byKey.set(leaf.key, entry);
      }
      entry.holders++;
      const json = valueKey(leaf, comparison);
      keys.set(leaf, json);
      const value = entry.values.get(json);
      if (value) value.count++;
      else entry.values.set(json, { leaf, count: 1 });
    }
  }
  const shared = new Map<string, { leaf: ImportLeaf; json: string }>();
  for (const [key, entry] of byKey) {
    if (entry.holders !== users.length) continue;
    let best: { json: string; leaf: ImportLeaf; count: number } | undefined;
    for (const [json, value] of entry.values) if (!best || value.count > best.count) best = { json, ...value };
    if (best && meetsShare(best.count, users.length, share)) shared.set(key, { leaf: best.leaf, json: best.json });
  }
  const defaults = [...shared.values()].map((s) => s.leaf).sort((a, b) => a.rank - b.rank);
  return {
    defaults,
    users: users.map((user) => ({
      key: user.key,
      leaves: user.leaves.filter((leaf) => {
        const common = shared.get(leaf.key);
        return !common || common.json !== keys.get(leaf);
      }),
    })),
  };
}
