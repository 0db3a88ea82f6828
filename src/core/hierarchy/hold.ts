/**
 * The lock-aware post-step of planning: a user's plan in, the same plan with every change a lock holds moved
 * aside (and its request dropped) out. Held changes are not sent, and a user whose only differences are held is
 * `no-change`, so `--detailed-exitcode` and `drift` do not report what Zoom would ignore (issue 15, item 4).
 */
import { buildRequests } from '../plan/requests.js';
import { SENSITIVE, type HeldChange, type PlannedChange, type UserPlan } from '../plan/types.js';
import { groupsOf, type HierarchySnapshot } from './model.js';
import { resolveFor, type Hold } from './resolve.js';

/**
 * With the hierarchy as the plan will leave it (the desired account and group settings and locks laid over the live
 * ones, core/hierarchy/project.ts), a change a lock will enforce at the very value the user wants is not sent
 * either: the level's change reaches the user (issue 16 item 3, "no per-user PATCH for its members"). It is not
 * held (nothing conflicts), just left to the lock.
 */
export function holdLockedChanges(plan: UserPlan, hierarchy: HierarchySnapshot): UserPlan {
  if (plan.status !== 'change') return plan;
  const groups = groupsOf(hierarchy, plan.user);
  const free: PlannedChange[] = [];
  const held: HeldChange[] = [];
  let enforced = 0;
  for (const change of plan.changes) {
    const { hold } = resolveFor(hierarchy.account, groups, change.variant, change.locator);
    if (hold.by === 'none') free.push(change);
    else if (!change.sensitive && hold.value !== undefined && JSON.stringify(hold.value) === JSON.stringify(change.after)) enforced += 1;
    else held.push({ ...change, hold: change.sensitive ? masked(hold) : hold });
  }
  if (held.length === 0 && enforced === 0) return plan;
  const withHeld = held.length > 0 ? { held } : {};
  if (free.length === 0) return { ...plan, status: 'no-change', changes: [], requests: [], ...withHeld };
  return { ...plan, changes: free, requests: buildRequests(plan.target, free), ...withHeld };
}

/** A passcode a lock enforces is still a passcode (§4.3): the hold carries no value of a secret field. */
function masked(hold: Exclude<Hold, { by: 'none' }>): Exclude<Hold, { by: 'none' }> {
  if (hold.by === 'account') return { ...hold, value: SENSITIVE };
  return { ...hold, value: hold.value === undefined ? undefined : SENSITIVE, groups: hold.groups.map((g) => ({ ...g, value: SENSITIVE })) };
}
