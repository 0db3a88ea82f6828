/**
 * One user's live settings (GET-shaped, per variant) → the leaves an import may write, in the desired-state shape.
 * Rules, each with its reason:
 * - only fields PATCH accepts and GET returns (zoom-api-facts.md §4.4), never deprecated ones (§4.6);
 * - never passcodes (§4.3: never in git): they are named in a comment instead;
 * - high-impact settings only when the scope opts in (§4.3);
 * - Zoom's loosely typed answers ("true", "90") are written with the schema's type, as every comparison reads them
 *   (core/compare/leaf.ts `typedValue`), so a plan right after import shows no change;
 * - authentication blocks: the toggle as `enabled`, and each profile's visible/default keyed by its name (by id when
 *   the name is missing or ambiguous), since profiles exist at account level only (§7.6);
 * - every value passes the validator (leaf-check.ts), or the leaf is skipped with the reason.
 */
import { schemaLeaves, type FieldSchema, type Variant } from '../../schema/index.js';
import { AUTH_PROFILES, profileField, typedValue, USER_SETTINGS, type AuthVariant } from '../compare/index.js';
import { getAt, ownValue } from '../plan/json-pointer.js';
import type { LeafChecker } from './leaf-check.js';
import type { ImportScope } from './scope.js';

export interface ImportLeaf {
  /** Identity across users (the desired-state path). */
  key: string;
  /** Path under `settings:` as an admin writes it. */
  path: string[];
  value: unknown;
  highImpact: boolean;
  /** Position in the schema, so files list settings in Zoom's order whichever user they came from. */
  rank: number;
}

export interface SkippedLeaf {
  path: string;
  reason: string;
}

export interface UserLeaves {
  leaves: ImportLeaf[];
  skipped: SkippedLeaf[];
}

export type LiveSettings = Partial<Record<Variant, Record<string, unknown>>>;

export function leafKeyOf(path: readonly string[]): string {
  return path.join('\u0000');
}

/** A live value with the schema's type where Zoom sent an unambiguous spelling of it as a string (core/compare). */
export const coerceLive = typedValue;

interface Candidate {
  path: string[];
  field: FieldSchema | undefined;
  value: unknown;
  highImpact: boolean;
}

const SETTINGS_RANK = 1_000_000;

/** The importable schema leaves of a variant, in schema order (computed once). */
const importable = new Map<Variant, ReturnType<typeof schemaLeaves>>();
function importableLeaves(variant: Variant) {
  let leaves = importable.get(variant);
  if (!leaves) {
    leaves = schemaLeaves(variant, (f) => f.settable && f.readable && !f.deprecated && !f.secret);
    importable.set(variant, leaves);
  }
  return leaves;
}

export function importLeaves(live: LiveSettings, scope: ImportScope, check: LeafChecker): UserLeaves {
  const out: UserLeaves = { leaves: [], skipped: [] };
  let rank = 0;
  const take = (candidate: Candidate): void => {
    rank++;
    if (candidate.value === undefined || candidate.value === null) return; // not set: nothing to manage
    const value = typedValue(candidate.field, candidate.value);
    const reason = check(candidate.path, value, candidate.highImpact);
    if (reason) out.skipped.push({ path: candidate.path.join('.'), reason });
    else out.leaves.push({ key: leafKeyOf(candidate.path), path: candidate.path, value, highImpact: candidate.highImpact, rank });
  };
  for (const variant of scope.variants) {
    const settings = live[variant];
    rank = SETTINGS_RANK * scope.variants.indexOf(variant);
    if (!settings) continue;
    if (variant === 'meeting_authentication' || variant === 'recording_authentication') {
      if (scope.sections.has(variant)) authCandidates(variant, settings, out).forEach(take);
      continue;
    }
    for (const { path, field } of importableLeaves(variant)) {
      if (!scope.sections.has(path[0]!)) continue;
      if (field.highImpact && !scope.highImpact) continue;
      take({ path, field, value: getAt(settings, path), highImpact: field.highImpact === true });
    }
  }
  return out;
}

interface LiveProfile {
  id: string;
  name?: unknown;
  [field: string]: unknown;
}

function authCandidates(variant: AuthVariant, live: Record<string, unknown>, out: UserLeaves): Candidate[] {
  // Fields and the GET names of profile options from the one auth-profile mapping (core/compare/auth-profiles.ts).
  const option = (profile: LiveProfile, key: string, name: 'visible' | 'default'): Candidate => {
    const field = USER_SETTINGS.field(variant, ['profiles', key, name]);
    return { path: [variant, 'profiles', key, name], field, value: ownValue(profile, profileField(name)!), highImpact: false };
  };
  const isTrue = (candidate: Candidate): boolean => typedValue(candidate.field, candidate.value) === true;
  const isFalse = (candidate: Candidate): boolean => typedValue(candidate.field, candidate.value) === false;
  const candidates: Candidate[] = [
    { path: [variant, 'enabled'], field: USER_SETTINGS.field(variant, ['enabled']), value: ownValue(live, variant), highImpact: false },
  ];
  const list = ownValue(live, AUTH_PROFILES);
  const profiles = (Array.isArray(list) ? list : []).filter(
    (p): p is LiveProfile => p !== null && typeof p === 'object' && typeof (p as LiveProfile).id === 'string',
  );
  const defaults = profiles.filter((p) => isTrue(option(p, p.id, 'default')));
  // The validator allows one visible default per block (core/desired/merge.ts checkResolved); a live state that
  // breaks the rule cannot be written as it is, so its `default` flags stay unmanaged.
  const defaultsUnwritable = defaults.length > 1;
  if (defaultsUnwritable) {
    out.skipped.push({ path: `${variant}.profiles.*.default`, reason: `Zoom marks ${defaults.length} profiles default; the desired state allows one` });
  }
  for (const profile of profiles) {
    const key = profileKey(profile, profiles);
    const visible = option(profile, key, 'visible');
    candidates.push(visible);
    if (defaultsUnwritable) continue;
    const defaultFlag = option(profile, key, 'default');
    if (isTrue(defaultFlag) && isFalse(visible)) {
      out.skipped.push({ path: `${variant}.profiles.${key}.default`, reason: 'Zoom marks a hidden profile default; the desired state needs a default to be visible' });
      continue;
    }
    candidates.push(defaultFlag);
  }
  return candidates;
}

/**
 * The key a profile is written under: its name when that finds exactly this profile the way the planner looks
 * profiles up (id first, then name, then name ignoring case: core/plan/diff-auth.ts), else its id.
 */
function profileKey(profile: LiveProfile, all: readonly LiveProfile[]): string {
  const name = profile.name;
  if (typeof name !== 'string' || name.trim() === '' || name !== name.trim()) return profile.id;
  const lower = name.toLowerCase();
  const clash = all.some(
    (other) => other !== profile && (other.id === name || (typeof other.name === 'string' && other.name.toLowerCase() === lower)),
  );
  return clash ? profile.id : name;
}
