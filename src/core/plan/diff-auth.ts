/**
 * Diff of an authentication variant. Desired: `enabled` and, per existing profile (matched by id, else by name),
 * `visible`, `default` and `domains`. Profiles are created at account level (zoom-api-facts.md §7.6): a name that
 * does not exist is an error for that user.
 *
 * Real Zoom answers the GET of a variant whose toggle is off with the toggle alone, no `authentication_options`
 * (§9.2). Then the profile settings cannot be planned yet: when the desired state turns the toggle on they become
 * follow-ups, planned and sent by apply after the toggle is on and the variant re-read; when the toggle stays off they
 * are "not applicable while off" (a note, not an error).
 */
import { AUTH_PROFILES, authLocator, USER_SETTINGS, type AuthVariant, type SettingsComparison } from '../compare/index.js';
import { leafPath, type DesiredLeaf } from '../desired/merge.js';
import { ownValue, pointer } from './json-pointer.js';
import type { LeafChange } from './diff-settings.js';

export type { AuthVariant };

interface LiveProfile {
  id: string;
  name?: string;
  [field: string]: unknown;
}

function liveProfiles(live: Record<string, unknown>): LiveProfile[] {
  const list = ownValue(live, AUTH_PROFILES);
  return Array.isArray(list) ? (list.filter((p) => p && typeof p === 'object' && typeof (p as LiveProfile).id === 'string') as LiveProfile[]) : [];
}

function findProfile(profiles: LiveProfile[], key: string): LiveProfile | undefined {
  return (
    profiles.find((p) => p.id === key) ??
    profiles.find((p) => p.name === key) ??
    profiles.find((p) => typeof p.name === 'string' && p.name.toLowerCase() === key.toLowerCase())
  );
}

export interface AuthDiff {
  changes: LeafChange[];
  errors: string[];
  /** Profile settings to plan once the toggle is on (apply re-reads the variant after turning it on). */
  followUps: DesiredLeaf[];
  notes: string[];
}

/** What happens to profile settings when Zoom listed no profiles (the toggle was off when read). */
function withoutProfileList(variant: AuthVariant, leaves: readonly DesiredLeaf[], live: Record<string, unknown>): Pick<AuthDiff, 'followUps' | 'notes'> | undefined {
  if (Array.isArray(live[AUTH_PROFILES]) || live[variant] === true) return undefined;
  const profileLeaves = leaves.filter((leaf) => leaf.path[0] !== 'enabled');
  if (profileLeaves.length === 0) return { followUps: [], notes: [] };
  const name = variant.replace('_', ' ');
  const turnsOn = leaves.some((leaf) => leaf.path[0] === 'enabled' && leaf.value === true);
  const paths = profileLeaves.map((leaf) => leafPath(leaf)).join(', ');
  return turnsOn
    ? { followUps: profileLeaves, notes: [`${paths}: planned after ${name} is turned on (Zoom lists the profiles only while it is on); apply re-reads and sends them in the same run`] }
    : { followUps: [], notes: [`${paths}: not applicable while ${name} is off (Zoom lists no profiles while it is off)`] };
}

export function diffAuthVariant(
  variant: AuthVariant,
  leaves: readonly DesiredLeaf[],
  live: Record<string, unknown>,
  comparison: SettingsComparison = USER_SETTINGS,
): AuthDiff {
  const deferred = withoutProfileList(variant, leaves, live);
  if (deferred) leaves = leaves.filter((leaf) => leaf.path[0] === 'enabled');
  const profiles = liveProfiles(live);
  const errors: string[] = [];
  // By locator: two leaves naming one profile (by id and by name) set one value, the later one.
  const byLocator = new Map<string, { leaf: DesiredLeaf; locator: string[]; live: unknown }>();
  for (const leaf of leaves) {
    const profile = leaf.path[0] === 'enabled' ? undefined : findProfile(profiles, leaf.path[1]!);
    if (leaf.path[0] !== 'enabled' && !profile) {
      const known = profiles.map((p) => `"${p.name ?? p.id}"`).join(', ') || 'none';
      errors.push(`${leafPath(leaf)}: the account has no ${variant.replace('_', ' ')} profile "${leaf.path[1]}" (profiles are created at account level; existing: ${known}) (${leaf.source.file}:${leaf.source.line})`);
      continue;
    }
    const locator = authLocator(variant, leaf.path, profile?.id);
    if (locator === undefined) continue; // an option validation refuses
    const liveValue = profile ? ownValue(profile, locator[2]!) : ownValue(live, variant);
    byLocator.set(pointer(locator), { leaf, locator, live: liveValue });
  }
  const changes: LeafChange[] = [];
  for (const { leaf, locator, live: liveValue } of byLocator.values()) {
    if (comparison.equal(variant, locator, liveValue, leaf.value)) continue;
    changes.push({
      leaf,
      change: { variant, path: leafPath(leaf), locator, before: liveValue ?? null, after: leaf.value, source: leaf.source },
    });
  }
  return { changes, errors, followUps: deferred?.followUps ?? [], notes: deferred?.notes ?? [] };
}
