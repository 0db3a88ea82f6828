/**
 * How every format names an account or group change's reach (issue 16 item 3): "affects 1,204 users (group Sales)",
 * and the totals line of the account and group entries. One wording for text, markdown and the guard.
 */
import type { Affects, PlanSummary, UserPlan } from '../plan/types.js';
import { plural } from './renderer.js';

export function isLevel(entry: Pick<UserPlan, 'target'>): boolean {
  return entry.target !== undefined && entry.target.kind !== 'user';
}

export function affectsText(affects: Affects): string {
  return `affects ${plural(affects.users, 'user')} (${affects.scope})`;
}

/** "Account and groups: 1 to change (affects 3 users), 1 unchanged, 0 errors." or '' when none is managed. */
export function levelsLine(summary: PlanSummary, drift: boolean): string {
  const levels = summary.levels;
  if (!levels) return '';
  const s = levels.byStatus;
  const reach = s.change > 0 ? ` (affects ${plural(levels.affected, 'user')})` : '';
  return `Account and groups: ${s.change.toLocaleString('en')} ${drift ? 'drifted' : 'to change'}${reach}, ${s['no-change'].toLocaleString('en')} unchanged, ${plural(s.error, 'error')}.\n`;
}
