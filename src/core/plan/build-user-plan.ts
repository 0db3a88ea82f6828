/**
 * Pairs one user's desired settings with what Zoom returned and builds that user's plan entry.
 * Pure and synchronous: the reading happens around it (commands/shared/plan-run.ts).
 */
import { VARIANTS, type Variant } from '../../schema/index.js';
import type { DesiredLeaf, ResolvedUser } from '../desired/merge.js';
import { diffAuthVariant } from './diff-auth.js';
import { diffSettingsVariant, type LeafChange, type SecretContext } from './diff-settings.js';
import { buildRequests } from './requests.js';
import type { PlannedChange, UserPlan } from './types.js';

/** What reading a user's variants produced: the paired live side, or why there is none. */
export type LiveRead =
  | { kind: 'ok'; settings: Partial<Record<Variant, Record<string, unknown>>> }
  | { kind: 'not-found' }
  | { kind: 'pending' }
  | { kind: 'error'; message: string };

export interface PlanContext extends SecretContext {
  /**
   * With --changed-since: the user's desired values at the base ref (keyed by leafKey), or null when the user is
   * new on the branch. A change whose desired value the branch did not touch is drift that merging also reverts.
   */
  baseline?: Map<string, unknown> | null;
}

export function leafKey(leaf: Pick<DesiredLeaf, 'variant' | 'path'>): string {
  return `${leaf.variant}:${leaf.path.join('\u0000')}`;
}

/** The variants a user's desired state manages, in Zoom's order: only these are read. */
export function managedVariants(leaves: readonly DesiredLeaf[]): Variant[] {
  const used = new Set(leaves.map((leaf) => leaf.variant));
  return VARIANTS.filter((variant) => used.has(variant));
}

export function buildUserPlan(resolved: ResolvedUser, live: LiveRead, context: PlanContext): UserPlan {
  const user = resolved.user.key;
  const variants = managedVariants(resolved.leaves);
  const empty = { user, variants, changes: [], requests: [] };
  if (live.kind === 'not-found') return { ...empty, status: 'not-found' };
  if (live.kind === 'pending') return { ...empty, status: 'pending' };
  if (live.kind === 'error') return { ...empty, status: 'error', error: live.message };

  const changes: PlannedChange[] = [];
  const errors: string[] = [];
  const notCompared: string[] = [];
  for (const variant of variants) {
    const leaves = resolved.leaves.filter((leaf) => leaf.variant === variant);
    const liveSettings = live.settings[variant] ?? {};
    const diff: { changes: LeafChange[]; errors: string[]; notCompared?: string[] } =
      variant === 'default' || variant === 'meeting_security'
        ? diffSettingsVariant(variant, leaves, liveSettings, context)
        : diffAuthVariant(variant, leaves, liveSettings);
    errors.push(...diff.errors);
    notCompared.push(...(diff.notCompared ?? []));
    changes.push(...diff.changes.map((c) => withOrigin(c, context.baseline)));
  }
  const unchecked = notCompared.length > 0 ? { not_compared: notCompared } : {};
  if (errors.length > 0) return { ...empty, status: 'error', error: errors.join('; ') };
  if (changes.length === 0) return { ...empty, status: 'no-change', ...unchecked };
  return { user, variants, status: 'change', changes, requests: buildRequests(user, changes), ...unchecked };
}

function withOrigin({ leaf, change }: LeafChange, baseline: Map<string, unknown> | null | undefined): PlannedChange {
  if (baseline === undefined) return change;
  const key = leafKey(leaf);
  const kept = baseline !== null && baseline.has(key) && JSON.stringify(baseline.get(key)) === JSON.stringify(leaf.secret ?? leaf.value);
  return { ...change, origin: kept ? 'drift' : 'introduced' };
}
