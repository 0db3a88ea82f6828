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
import jsonpatch from 'fast-json-patch';
import type { Variant } from '../../schema/index.js';
import { leafPath, type DesiredLeaf } from '../desired/merge.js';
import { changedLeaves, ownValue, pointer, setAt } from './json-pointer.js';
import { AUTH_PROFILES } from './locator.js';
import { normalizeLeaf } from './normalize.js';
import type { LeafChange } from './diff-settings.js';

const { compare } = jsonpatch;

export type AuthVariant = Extract<Variant, 'meeting_authentication' | 'recording_authentication'>;

interface LiveProfile {
  id: string;
  name?: string;
  [field: string]: unknown;
}

/** Desired option names → the GET field that holds them. */
const LIVE_FIELD = new Map([
  ['visible', 'visible'],
  ['default', 'default_option'],
  ['domains', 'domains'],
]);
const BOOLEAN = { type: 'boolean', settable: true, readable: true } as const;

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

export function diffAuthVariant(variant: AuthVariant, leaves: readonly DesiredLeaf[], live: Record<string, unknown>): AuthDiff {
  const deferred = withoutProfileList(variant, leaves, live);
  if (deferred) leaves = leaves.filter((leaf) => leaf.path[0] === 'enabled');
  const profiles = liveProfiles(live);
  const errors: string[] = [];
  const desiredView: Record<string, unknown> = {};
  const liveView: Record<string, unknown> = {};
  const byPointer = new Map<string, { leaf: DesiredLeaf; live: unknown; locator: string[] }>();
  for (const leaf of leaves) {
    let locator: string[];
    let liveValue: unknown;
    let name: string;
    if (leaf.path[0] === 'enabled') {
      locator = [variant];
      liveValue = ownValue(live, variant);
      name = variant;
    } else {
      const [, key, option] = leaf.path as [string, string, string];
      const profile = findProfile(profiles, key);
      if (!profile) {
        const known = profiles.map((p) => `"${p.name ?? p.id}"`).join(', ') || 'none';
        errors.push(`${leafPath(leaf)}: the account has no ${variant.replace('_', ' ')} profile "${key}" (profiles are created at account level; existing: ${known}) (${leaf.source.file}:${leaf.source.line})`);
        continue;
      }
      const field = LIVE_FIELD.get(option);
      if (field === undefined) continue; // refused by validation
      name = field;
      locator = [AUTH_PROFILES, profile.id, name];
      liveValue = ownValue(profile, name);
    }
    const ptr = pointer(locator);
    byPointer.set(ptr, { leaf, live: liveValue, locator });
    const field = name === 'domains' ? undefined : BOOLEAN;
    setAt(desiredView, locator, normalizeLeaf(name, field, leaf.value));
    if (liveValue !== undefined) setAt(liveView, locator, normalizeLeaf(name, field, liveValue));
  }
  const changed = changedLeaves(
    compare(liveView, desiredView).map((op) => op.path),
    new Set(byPointer.keys()),
  );
  const changes: LeafChange[] = [];
  for (const [ptr, entry] of byPointer) {
    if (!changed.has(ptr)) continue;
    changes.push({
      leaf: entry.leaf,
      change: { variant, path: leafPath(entry.leaf), locator: entry.locator, before: entry.live ?? null, after: entry.leaf.value, source: entry.leaf.source },
    });
  }
  return { changes, errors, followUps: deferred?.followUps ?? [], notes: deferred?.notes ?? [] };
}
