/**
 * Blast-radius guards: a plan that changes more users than expected is refused before anything is sent, unless the
 * limits are raised on purpose. A typo in defaults.yaml should not rewrite 50,000 users on merge.
 */
import type { PlanSummary } from '../plan/types.js';

export interface GuardLimits {
  maxChangedUsers: number;
  maxChangedPercent: number;
}

export const DEFAULT_GUARDS: GuardLimits = { maxChangedUsers: 100, maxChangedPercent: 30 };

export function guardRefusal(summary: PlanSummary, managedUsers: number, limits: GuardLimits): string | undefined {
  const changed = summary.byStatus.change;
  if (changed > limits.maxChangedUsers) {
    return `the plan changes ${changed.toLocaleString('en')} ${changed === 1 ? 'user' : 'users'}, more than --max-changed-users ${limits.maxChangedUsers}; review it and raise the limit to apply it`;
  }
  const percent = managedUsers > 0 ? (changed / managedUsers) * 100 : 0;
  if (percent > limits.maxChangedPercent) {
    return `the plan changes ${percent.toFixed(1)}% of the ${managedUsers} managed users, more than --max-changed-percent ${limits.maxChangedPercent}; review it and raise the limit to apply it`;
  }
  return undefined;
}
