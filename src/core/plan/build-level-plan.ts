/**
 * The plan entry of the account or one group (issue 16 item 2): its desired `settings:` and `locks:` against what
 * Zoom returned for the level, through the same comparison as a user's (diffSettingsVariant, core/plan), and the
 * minimal PATCH bodies per variant to …/settings and …/lock_settings (core/plan/requests.ts).
 * Pure: reading happens around it (commands/shared/plan-levels.ts).
 */
import type { LockVariant } from '../../schema/hierarchy.js';
import type { Variant } from '../../schema/index.js';
import type { DesiredLeaf } from '../desired/merge.js';
import { flattenSettings } from '../desired/merge.js';
import type { LevelDoc } from '../desired/model.js';
import { LEVEL_LOOKUPS } from '../desired/settings-lookup.js';
import type { LevelSnapshot } from '../hierarchy/model.js';
import type { Target } from '../targets/registry.js';
import { diffSettingsVariant, type SecretContext } from './diff-settings.js';
import { buildRequests } from './requests.js';
import type { Affects, PlannedChange, TargetPlan } from './types.js';

/** What the desired state asks of one level, flattened. */
export interface LevelDesired {
  target: Target;
  /** `the account`, `group Sales` (the group's name as Zoom has it). */
  name: string;
  settings: DesiredLeaf[];
  locks: DesiredLeaf[];
}

/** The leaves of an account.yaml or a group file. */
export function levelLeaves(doc: LevelDoc, level: 'account' | 'group'): { settings: DesiredLeaf[]; locks: DesiredLeaf[] } {
  return {
    settings: flattenSettings(doc.settings, LEVEL_LOOKUPS[level].settings),
    locks: flattenSettings(doc.locks, LEVEL_LOOKUPS[level].locks),
  };
}

const COMPARED: ReadonlyArray<'default' | 'meeting_security'> = ['default', 'meeting_security'];

/** The variants of the level's settings and lock settings a plan must read (only those the desired state names). */
export function levelVariants(desired: Pick<LevelDesired, 'settings' | 'locks'>): { settings: Variant[]; locks: LockVariant[] } {
  const used = (leaves: readonly DesiredLeaf[]) => COMPARED.filter((variant) => leaves.some((leaf) => leaf.variant === variant));
  return { settings: used(desired.settings), locks: used(desired.locks) };
}

export function buildLevelPlan(desired: LevelDesired, live: LevelSnapshot, secrets: SecretContext, affects: Affects): TargetPlan {
  const variants = levelVariants(desired);
  const empty = { target: desired.target, user: desired.name, variants: variants.settings, changes: [], requests: [] };
  const changes: PlannedChange[] = [];
  const errors: string[] = [];
  const notCompared: string[] = [];
  for (const variant of variants.settings) {
    const diff = diffSettingsVariant(variant as 'default' | 'meeting_security', desired.settings.filter((l) => l.variant === variant), live.settings[variant] ?? {}, secrets);
    errors.push(...diff.errors);
    notCompared.push(...diff.notCompared);
    changes.push(...diff.changes.map((c) => c.change));
  }
  for (const variant of variants.locks) {
    const diff = diffSettingsVariant(variant, desired.locks.filter((l) => l.variant === variant), live.locks[variant] ?? {}, secrets);
    errors.push(...diff.errors);
    changes.push(...diff.changes.map(({ change }) => ({ ...change, path: `locks.${change.path}`, lock: true as const })));
  }
  // plan --without-secrets: a level's passcode is left out of the comparison as a user's is.
  const extras = notCompared.length > 0 ? { not_compared: notCompared } : {};
  if (errors.length > 0) return { ...empty, status: 'error', error: errors.join('; ') };
  if (changes.length === 0) return { ...empty, status: 'no-change', ...extras };
  return { ...empty, status: 'change', changes, requests: buildRequests(desired.target, changes), affects, ...extras };
}

/** An entry for a level that could not be planned (an unknown group name, an unreadable level). */
export function levelError(target: Target, name: string, error: string): TargetPlan {
  return { target, user: name, status: 'error', variants: [], changes: [], requests: [], error };
}
