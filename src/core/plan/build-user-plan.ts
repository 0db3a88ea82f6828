/**
 * Pairs one user's desired settings with what Zoom returned and builds that user's plan entry.
 * Pure and synchronous: the reading happens around it (commands/shared/plan-run.ts).
 */
import { VARIANTS, type Variant } from '../../schema/index.js';
import type { DesiredLeaf, ResolvedUser } from '../desired/merge.js';
import { diffAuthVariant } from './diff-auth.js';
import { diffSettingsVariant, type LeafChange, type SecretContext } from './diff-settings.js';
import { buildRequests } from './requests.js';
import { userTarget } from '../targets/registry.js';
import type { FollowUp, PlannedChange, UserPlan } from './types.js';

/** What reading a user's variants produced: the paired live side, or why there is none. */
export type LiveRead =
  | { kind: 'ok'; settings: Partial<Record<Variant, Record<string, unknown>>> }
  | { kind: 'not-found' }
  | { kind: 'pending'; reason?: string }
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
  const target = userTarget(user);
  const variants = managedVariants(resolved.leaves);
  const empty = { target, user, variants, changes: [], requests: [] };
  if (live.kind === 'not-found') return { ...empty, status: 'not-found' };
  if (live.kind === 'pending') return { ...empty, status: 'pending', ...(live.reason ? { reason: live.reason } : {}) };
  if (live.kind === 'error') return { ...empty, status: 'error', error: live.message };

  const changes: PlannedChange[] = [];
  const errors: string[] = [];
  const notCompared: string[] = [];
  const followUps: FollowUp[] = [];
  const notes: string[] = [];
  for (const variant of variants) {
    const leaves = resolved.leaves.filter((leaf) => leaf.variant === variant);
    const liveSettings = live.settings[variant] ?? {};
    if (variant === 'default' || variant === 'meeting_security') {
      const diff = diffSettingsVariant(variant, leaves, liveSettings, context);
      errors.push(...diff.errors);
      notCompared.push(...(diff.notCompared ?? []));
      changes.push(...diff.changes.map((c) => withOrigin(c, context.baseline)));
      continue;
    }
    const diff = diffAuthVariant(variant, leaves, liveSettings);
    errors.push(...diff.errors);
    changes.push(...diff.changes.map((c) => withOrigin(c, context.baseline)));
    followUps.push(...diff.followUps.map(({ path, value, source }) => ({ variant, path, value, source })));
    notes.push(...diff.notes);
  }
  const extras = {
    ...(notCompared.length > 0 ? { not_compared: notCompared } : {}),
    ...(followUps.length > 0 ? { followUps } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
  if (errors.length > 0) return { ...empty, status: 'error', error: errors.join('; ') };
  if (changes.length === 0) return { ...empty, status: 'no-change', ...extras };
  return { target, user, variants, status: 'change', changes, requests: buildRequests(target, changes), ...extras };
}

/**
 * Plans the follow-ups of a user whose authentication toggle apply has just turned on, from the variant re-read after
 * it (zoom-api-facts.md §9.2). Pure: the reading and sending happen around it (commands/shared/apply-run.ts).
 */
export function planFollowUps(followUps: readonly FollowUp[], live: Partial<Record<Variant, Record<string, unknown>>>): { changes: PlannedChange[]; errors: string[] } {
  const changes: PlannedChange[] = [];
  const errors: string[] = [];
  for (const variant of ['meeting_authentication', 'recording_authentication'] as const) {
    const leaves: DesiredLeaf[] = followUps.filter((f) => f.variant === variant).map(({ path, value, source }) => ({ variant, path, value, source }));
    if (leaves.length === 0) continue;
    const liveSettings = live[variant] ?? {};
    if (!Array.isArray(liveSettings.authentication_options)) {
      errors.push(`${variant}: Zoom still lists no authentication profiles after the toggle was turned on; the profile settings were not sent`);
      continue;
    }
    const diff = diffAuthVariant(variant, leaves, liveSettings);
    errors.push(...diff.errors);
    changes.push(...diff.changes.map((c) => c.change));
  }
  return { changes, errors };
}

function withOrigin({ leaf, change }: LeafChange, baseline: Map<string, unknown> | null | undefined): PlannedChange {
  if (baseline === undefined) return change;
  const key = leafKey(leaf);
  const kept = baseline !== null && baseline.has(key) && JSON.stringify(baseline.get(key)) === JSON.stringify(leaf.secret ?? leaf.value);
  return { ...change, origin: kept ? 'drift' : 'introduced' };
}
