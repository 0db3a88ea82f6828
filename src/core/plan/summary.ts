/**
 * Running totals of a plan, fed one entry at a time so a plan of 100,000 users never sits in memory. Users are
 * counted in `users`/`byStatus`; the account and groups in `levels`.
 */
import { USER_STATUSES, type PlanCost, type PlanSummary, type UserPlan, type UserStatus } from './types.js';

/** Zoom's MEDIUM daily cap on a free account (zoom-api-facts.md §5.1). */
export const FREE_DAILY_MEDIUM_CAP = 2000;

export function emptySummary(): PlanSummary {
  const byStatus = Object.fromEntries(USER_STATUSES.map((s) => [s, 0])) as Record<UserStatus, number>;
  return { users: 0, byStatus, changes: 0, requests: 0, introduced: 0, drift: 0 };
}

export function addToSummary(summary: PlanSummary, user: UserPlan): void {
  // Older entries (rollback of a journal written before targets) have no target: they are users.
  if (user.target && user.target.kind !== 'user') {
    const levels = (summary.levels ??= { byStatus: Object.fromEntries(USER_STATUSES.map((s) => [s, 0])) as Record<UserStatus, number>, affected: 0, account: false });
    levels.byStatus[user.status] += 1;
    if (user.status === 'change') {
      levels.affected += user.affects?.users ?? 0;
      if (user.target.kind === 'account') levels.account = true;
    }
  } else {
    summary.users += 1;
    summary.byStatus[user.status] += 1;
  }
  summary.changes += user.changes.length;
  summary.requests += user.requests.length;
  for (const change of user.changes) {
    if (change.origin === 'introduced') summary.introduced += 1;
    if (change.origin === 'drift') summary.drift += 1;
  }
  if (user.held && user.held.length > 0) summary.held = (summary.held ?? 0) + user.held.length;
  if (user.acknowledged && user.acknowledged.length > 0) summary.acknowledged = (summary.acknowledged ?? 0) + user.acknowledged.length;
}

/** Variants a user's requests touch (each is re-read before and verified after applying). */
export function touchedVariants(user: Pick<UserPlan, 'requests'>): number {
  return new Set(user.requests.map((r) => r.option ?? 'default')).size;
}

export class CostCounter {
  private medium = 0;

  add(user: UserPlan): void {
    if (user.status === 'change') this.medium += user.requests.length + 2 * touchedVariants(user);
  }

  cost(ratePerSecond: number): PlanCost {
    return {
      mediumRequests: this.medium,
      ratePerSecond,
      seconds: ratePerSecond > 0 ? Math.ceil((this.medium / ratePerSecond) * 10) / 10 : 0,
      freeDailyCapShare: Math.round((this.medium / FREE_DAILY_MEDIUM_CAP) * 1000) / 1000,
    };
  }
}

/** Whether a plan changes anything at all: a user, the account or a group. */
export function changesAnything(summary: PlanSummary): boolean {
  return summary.byStatus.change > 0 || (summary.levels?.byStatus.change ?? 0) > 0;
}

/** Entries that could not be planned, users and levels together. */
export function planErrors(summary: PlanSummary): number {
  return summary.byStatus.error + (summary.levels?.byStatus.error ?? 0);
}
