/**
 * The policy engine's verdict (core/policy) as report data: each rule's counts, each exception's state, and per
 * user and setting the result of every rule that judged it. A rule judges a user's setting when the user is in
 * its scope and the rule names the setting; the setting fails when the rule's failure names it (excepted when an
 * exception covers the failure; an expired exception is a failure that names it).
 */
import type { ExceptionFindingKind, PolicyException, PolicyRule, PolicySet, PolicyVerdict, SubjectResult } from '../policy/index.js';
import type { RuleJudgements } from './build.js';
import type { ExceptionEntry, ExceptionState, ReportRow, RowRuleResult, RuleSummary } from './model.js';

const STATE_ORDER: ExceptionFindingKind[] = ['expired', 'too-long', 'expiring', 'unmatched'];

function exceptionState(exception: PolicyException, verdict: PolicyVerdict): ExceptionState {
  const kinds = new Set(verdict.exceptionFindings.filter((f) => f.exception === exception).map((f) => f.kind));
  return STATE_ORDER.find((kind) => kinds.has(kind)) ?? 'active';
}

function covers(exception: PolicyException): string {
  const { users, groups, profiles, account } = exception.selectors;
  const parts = [
    users.length > 0 ? `users: ${users.map((u) => u.name).join(', ')}` : '',
    groups.length > 0 ? `groups: ${groups.map((g) => g.name).join(', ')}` : '',
    profiles.length > 0 ? `profiles: ${profiles.map((p) => p.name).join(', ')}` : '',
    account ? 'the account' : '',
  ];
  return parts.filter(Boolean).join('; ');
}

function settingResult(rule: PolicyRule, result: SubjectResult, setting: string): RowRuleResult {
  if (result.status === 'pass' || result.status === 'not-applicable' || !result.failures.some((f) => f.setting === setting)) return { rule: rule.id, status: 'pass' };
  if (result.status === 'excepted') return { rule: rule.id, status: 'excepted', exception: result.exception.name };
  return { rule: rule.id, status: 'fail', ...(result.expiredException ? { exception: result.expiredException.name } : {}) };
}

/** The settings each rule requires, as written (in_meeting.waiting_room). */
export function ruleSettings(policySet: PolicySet): string[] {
  return [...new Set(policySet.rules.flatMap((rule) => rule.requirements.map((r) => r.setting.setting)))];
}

export function judgements(policySet: PolicySet, verdict: PolicyVerdict): RuleJudgements {
  const byUser = new Map<string, Array<{ rule: PolicyRule; result: SubjectResult }>>();
  for (const { rule, subjects } of verdict.rules) {
    for (const result of subjects) {
      if (result.subject.kind !== 'user') continue;
      const list = byUser.get(result.subject.id) ?? [];
      list.push({ rule, result });
      byUser.set(result.subject.id, list);
    }
  }
  const rules: RuleSummary[] = verdict.rules.map(({ rule, counts }) => ({
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    ...(rule.reference ? { reference: rule.reference } : {}),
    ...counts,
  }));
  const exceptions: ExceptionEntry[] = policySet.exceptions.map((e) => ({
    name: e.name,
    rule: e.rule,
    covers: covers(e),
    owner: e.owner,
    reason: e.reason,
    ...(e.ticket ? { ticket: e.ticket } : {}),
    expires: e.expires,
    state: exceptionState(e, verdict),
  }));
  return {
    rules,
    exceptions,
    judgedSettings: (user) => [...new Set((byUser.get(user) ?? []).flatMap(({ rule }) => rule.requirements.map((r) => r.setting.setting)))],
    annotate(rows: ReportRow[]) {
      for (const row of rows) {
        for (const { rule, result } of byUser.get(row.user) ?? []) {
          if (result.status === 'not-applicable' || !rule.requirements.some((r) => r.setting.setting === row.setting)) continue;
          row.rules.push(settingResult(rule, result, row.setting));
        }
      }
    },
  };
}
