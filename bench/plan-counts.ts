/**
 * The fewest MEDIUM requests a run can make, computed from the plan it made (never from what the simulator saw):
 * - plan: one GET per managed variant per user; a pending or unknown user is known after its first GET (1120/1001),
 * - apply --auto-approve: the same GETs (its plan), then per changed user its PATCHes and one verifying re-read per
 *   variant they touch (the plan's reads are fresh, so no re-read before patching);
 * - both: the settings hierarchy, read once per run (issue 15; the plan's cost.hierarchyReads).
 */
import { openPlanFile } from '../src/io/plan-file.js';
import type { UserPlan, UserStatus } from '../src/core/plan/types.js';

export interface PlanCounts {
  users: number;
  byStatus: Record<UserStatus, number>;
  gets: number;
  patches: number;
  verifies: number;
  /** Changed settings (leaves) over all users. */
  changes: number;
  /** Account and group reads the plan made once (lock settings, groups, members). */
  hierarchyReads: number;
}

function touchedVariants(user: UserPlan): number {
  return new Set(user.requests.map((r) => r.option ?? 'default')).size;
}

export async function countPlan(path: string): Promise<PlanCounts> {
  const plan = await openPlanFile(path);
  const counts: PlanCounts = {
    users: 0,
    byStatus: { change: 0, 'no-change': 0, 'not-found': 0, pending: 0, error: 0 },
    gets: 0,
    patches: 0,
    verifies: 0,
    changes: 0,
    hierarchyReads: plan.cost.hierarchyReads ?? 0,
  };
  for await (const user of plan.users()) {
    counts.users += 1;
    counts.byStatus[user.status] += 1;
    counts.gets += user.status === 'pending' || user.status === 'not-found' ? Math.min(1, user.variants.length) : user.variants.length;
    if (user.status !== 'change') continue;
    counts.patches += user.requests.length;
    counts.verifies += touchedVariants(user);
    counts.changes += user.changes.length;
  }
  return counts;
}

/** Minimum requests of a plan run. */
export function planMinimum(counts: PlanCounts): number {
  return counts.hierarchyReads + counts.gets;
}

/** Minimum requests of an apply --auto-approve run (its own plan included). */
export function applyMinimum(counts: PlanCounts): number {
  return counts.hierarchyReads + counts.gets + counts.patches + counts.verifies;
}
