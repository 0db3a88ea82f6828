/**
 * `import --suggest-profiles`: recurring per-user differences become a few profiles. The rule, kept simple so a
 * reviewer can predict it:
 * 1. A difference is one setting with one value (`in_meeting.chat: false`). It is "frequent" when at least
 *    `minUsers` users have it.
 * 2. Each user's frequent differences, taken together, are their pattern. A pattern of at least two settings that
 *    at least `minUsers` users share exactly becomes a profile (most users first, then most settings, then the text
 *    of the pattern), at most `maxProfiles` of them. A one-setting profile would save nothing: the reference costs a
 *    line like the setting does.
 * 3. Those users list the profile (`profiles: [imported-1]`) and keep only their other differences.
 * Deterministic: no randomness, and ties are broken by the pattern's text, so the same account gives the same files.
 */
import type { ImportLeaf } from './live-leaves.js';
import type { ImportedUser } from './shared-defaults.js';
import { valueKey } from './shared-defaults.js';

export interface ProfileSuggestion {
  name: string;
  leaves: ImportLeaf[];
  users: number;
}

export interface SuggestOptions {
  minUsers: number;
  maxProfiles: number;
}

const MIN_PROFILE_SETTINGS = 2;

export const DEFAULT_SUGGEST: SuggestOptions = { minUsers: 5, maxProfiles: 5 };

export interface SuggestedUser extends ImportedUser {
  profiles?: string[];
}

const itemOf = (leaf: ImportLeaf): string => `${leaf.key}\u0001${valueKey(leaf)}`;

export function suggestProfiles(users: readonly ImportedUser[], options: SuggestOptions): { profiles: ProfileSuggestion[]; users: SuggestedUser[] } {
  const support = new Map<string, number>();
  for (const user of users) for (const leaf of user.leaves) support.set(itemOf(leaf), (support.get(itemOf(leaf)) ?? 0) + 1);
  const patternOf = (user: ImportedUser): ImportLeaf[] => user.leaves.filter((leaf) => support.get(itemOf(leaf))! >= options.minUsers);
  const patterns = new Map<string, { leaves: ImportLeaf[]; users: number }>();
  for (const user of users) {
    const leaves = patternOf(user);
    if (leaves.length === 0) continue;
    const text = leaves.map(itemOf).sort().join('\u0002');
    const entry = patterns.get(text) ?? { leaves, users: 0 };
    entry.users++;
    patterns.set(text, entry);
  }
  const chosen = [...patterns]
    .filter(([, p]) => p.users >= options.minUsers && p.leaves.length >= MIN_PROFILE_SETTINGS)
    .sort(([ta, a], [tb, b]) => b.users - a.users || b.leaves.length - a.leaves.length || (ta < tb ? -1 : ta > tb ? 1 : 0))
    .slice(0, options.maxProfiles);
  const byPattern = new Map(chosen.map(([text], i) => [text, `imported-${i + 1}`]));
  const profiles = chosen.map(([, p], i) => ({ name: `imported-${i + 1}`, leaves: [...p.leaves].sort((a, b) => a.rank - b.rank), users: p.users }));
  return {
    profiles,
    users: users.map((user) => {
      const pattern = patternOf(user);
      const name = byPattern.get(pattern.map(itemOf).sort().join('\u0002'));
      if (pattern.length === 0 || name === undefined) return user;
      const inProfile = new Set(pattern.map(itemOf));
      return { key: user.key, profiles: [name], leaves: user.leaves.filter((leaf) => !inProfile.has(itemOf(leaf))) };
    }),
  };
}
