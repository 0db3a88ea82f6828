/**
 * Blast-radius guards: a plan that changes more users than expected is refused before anything is sent, unless the
 * limits are raised on purpose. A typo in defaults.yaml should not rewrite 50,000 users on merge.
 *
 * Users reached through the hierarchy count too (issue 16 item 3): a group change counts its members, an account
 * change everyone. An account change is refused outright unless --allow-account-changes is given: it reaches every
 * user of the account at once, and no per-user limit expresses that.
 */
import type { PlanSummary } from '../plan/types.js';

export interface GuardLimits {
  maxChangedUsers: number;
  maxChangedPercent: number;
  /** apply --allow-account-changes: a plan may change the account's settings or locks. */
  allowAccountChanges?: boolean;
}

export const DEFAULT_GUARDS: GuardLimits = { maxChangedUsers: 100, maxChangedPercent: 30 };

export const ALLOW_ACCOUNT_FLAG = '--allow-account-changes';

/** Users the plan changes: users changed directly plus those an account or group change reaches. */
export function changedUsers(summary: PlanSummary): number {
  return summary.byStatus.change + (summary.levels?.affected ?? 0);
}

export function guardRefusal(summary: PlanSummary, managedUsers: number, limits: GuardLimits): string | undefined {
  if (summary.levels?.account && !limits.allowAccountChanges) {
    const everyone = summary.levels.affected > 0 ? ` (${summary.levels.affected.toLocaleString('en')} users)` : '';
    return `the plan changes the account's settings or locks, which affects every user${everyone}; review it and pass ${ALLOW_ACCOUNT_FLAG} to apply it`;
  }
  const changed = changedUsers(summary);
  const through = summary.levels && summary.levels.affected > 0 ? `, ${summary.levels.affected.toLocaleString('en')} of them through account or group changes` : '';
  if (changed > limits.maxChangedUsers) {
    return `the plan changes ${changed.toLocaleString('en')} ${changed === 1 ? 'user' : 'users'}${through}, more than --max-changed-users ${limits.maxChangedUsers}; review it and raise the limit to apply it`;
  }
  const percent = managedUsers > 0 ? (changed / managedUsers) * 100 : 0;
  if (percent > limits.maxChangedPercent) {
    return `the plan changes ${percent.toFixed(1)}% of the ${managedUsers} managed users${through}, more than --max-changed-percent ${limits.maxChangedPercent}; review it and raise the limit to apply it`;
  }
  return undefined;
}
