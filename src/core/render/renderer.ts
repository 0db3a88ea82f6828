/** A plan renderer consumes a plan as a stream: the header, each user, then the totals. */
import type { PlanCost, PlanHeader, PlanSummary, UserPlan } from '../plan/types.js';

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
