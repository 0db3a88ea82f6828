/** A plan renderer consumes a plan as a stream: the header, each user, then the totals. */
import { fieldAt } from '../../schema/index.js';
import type { PlanCost, PlanHeader, PlanSummary, PlannedChange, UserPlan } from '../plan/types.js';

export interface PlanRenderer {
  start(header: PlanHeader): string;
  user(user: UserPlan): string;
  finish(summary: PlanSummary, cost: PlanCost): string;
}

/** Renders a whole in-memory plan (tests, small plans). */
export function renderPlan(renderer: PlanRenderer, plan: { users: UserPlan[]; summary: PlanSummary; cost: PlanCost } & PlanHeader): string {
  const { users, summary, cost, ...header } = plan;
  return renderer.start(header) + users.map((u) => renderer.user(u)).join('') + renderer.finish(summary, cost);
}

/** A value as reviewers read it: JSON for scalars and lists, SENSITIVE stays as it is. */
export function showValue(value: unknown): string {
  if (value === undefined || value === null) return '(unset)';
  if (typeof value === 'string') return value === '(sensitive)' ? value : JSON.stringify(value);
  return JSON.stringify(value);
}

/**
 * A value of a change as reviewers read it: a coded integer carries Zoom's label for it, taken from the spec's
 * description of the field (`2 (Participants can only save host and co-host meeting chats)`).
 */
export function showChangeValue(change: Pick<PlannedChange, 'variant' | 'path'>, value: unknown): string {
  const shown = showValue(value);
  if (typeof value !== 'number') return shown;
  const label = fieldAt(change.variant, change.path.split('.'))?.enumLabels?.[String(value)];
  return label ? `${shown} (${label})` : shown;
}

/** The first `limit` names, then "+N more". */
export function firstOf(names: readonly string[], total: number, limit: number): string {
  const shown = names.slice(0, limit);
  return total > shown.length ? `${shown.join(', ')} +${(total - shown.length).toLocaleString('en')} more` : shown.join(', ');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

export function costSentence(cost: PlanCost): string {
  const listed = cost.listRequests ? ` Planning listed the account's users to match ids and emails (${plural(cost.listRequests, 'MEDIUM request')}).` : '';
  return applyCostSentence(cost) + listed;
}

function applyCostSentence(cost: PlanCost): string {
  if (cost.mediumRequests === 0) return 'Applying sends nothing.';
  const share = (cost.freeDailyCapShare * 100).toFixed(1);
  return `Applying costs ${plural(cost.mediumRequests, 'MEDIUM request')} (about ${cost.seconds} s at ${cost.ratePerSecond}/s; ${share}% of a free account's daily cap).`;
}
