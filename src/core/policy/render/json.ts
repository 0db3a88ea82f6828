/** `check --format json`: the verdict as data (positions as file:line:col objects), for scripts and the report. */
import type { PolicyException, PolicyRule, PolicyVerdict } from '../model.js';
import type { CheckContext } from './common.js';

const exceptionJson = (e: PolicyException) => ({
  name: e.name,
  rule: e.rule,
  owner: e.owner,
  reason: e.reason,
  ...(e.ticket ? { ticket: e.ticket } : {}),
  expires: e.expires,
  users: e.selectors.users.map((u) => u.name),
  groups: e.selectors.groups.map((g) => g.name),
  profiles: e.selectors.profiles.map((p) => p.name),
  ...(e.selectors.account ? { account: true } : {}),
  position: e.pos,
});

const ruleJson = (rule: PolicyRule) => ({
  id: rule.id,
  title: rule.title,
  severity: rule.severity,
  ...(rule.reference ? { reference: rule.reference } : {}),
  scope: rule.scope,
  position: rule.pos,
});

export function renderCheckJson(verdict: PolicyVerdict, context: CheckContext, subjects: number): string {
  const document = {
    check_format_version: 1,
    mode: context.mode,
    dir: context.dir,
    today: verdict.today,
    passed: verdict.errors === 0,
    errors: verdict.errors,
    warnings: verdict.warnings,
    subjects,
    rules: verdict.rules.map((result) => ({
      ...ruleJson(result.rule),
      counts: result.counts,
      notes: result.notes,
      results: result.subjects.map((s) => ({
        subject: s.subject,
        status: s.status,
        ...(s.status === 'fail' || s.status === 'excepted' ? { failures: s.failures } : {}),
        ...(s.status === 'excepted' ? { exception: s.exception.name } : {}),
        ...(s.status === 'fail' && s.expiredException ? { expired_exception: s.expiredException.name } : {}),
        ...(s.status === 'not-applicable' ? { reason: s.reason } : {}),
      })),
    })),
    exceptions: verdict.exceptions.map(exceptionJson),
    exception_findings: verdict.exceptionFindings.map((f) => ({ kind: f.kind, severity: f.severity, exception: f.exception.name, message: f.message, position: f.pos })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
