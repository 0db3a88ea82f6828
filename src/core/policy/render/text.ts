/** `check --format text`: per rule its verdict and each failing or excepted subject; then the exceptions. */
import { escapeControl } from '../../safe-text.js';
import { formatPosition } from '../../desired/source.js';
import type { PolicyVerdict, RuleResult } from '../model.js';
import { exceptionText, failureText, modeText, plural, type CheckContext } from './common.js';

/** Per rule, at most this many subjects are listed; the rest are counted (the JSON format has them all). */
export const MAX_LISTED = 100;

function ruleHeader(result: RuleResult): string {
  const { rule, counts } = result;
  const word = counts.fail > 0 ? (rule.severity === 'error' ? 'FAIL' : 'WARN') : counts.pass + counts.excepted > 0 ? 'ok' : 'n/a';
  const reference = rule.reference ? ` (${rule.reference})` : '';
  const tally = [counts.pass && `${counts.pass} passed`, counts.fail && `${counts.fail} failed`, counts.excepted && `${counts.excepted} excepted`, counts.notApplicable && `${counts.notApplicable} not applicable`].filter(Boolean).join(', ');
  return `${word.padEnd(5)} ${rule.id} [${rule.severity}] ${rule.title}${reference}: ${tally || 'no subject in scope'}`;
}

function ruleLines(result: RuleResult): string[] {
  const lines = [ruleHeader(result)];
  const listed = result.subjects.filter((s) => s.status !== 'pass');
  for (const s of listed.slice(0, MAX_LISTED)) {
    if (s.status === 'fail') {
      for (const failure of s.failures) lines.push(`      ${s.subject.id}: ${failureText(failure)}`);
      if (s.expiredException) lines.push(`        its ${exceptionText(s.expiredException)} has EXPIRED`);
    } else if (s.status === 'excepted') {
      lines.push(`      ${s.subject.id}: excepted by ${exceptionText(s.exception)}; ${s.failures.map((f) => f.message).join('; ')}`);
    } else if (s.status === 'not-applicable') {
      lines.push(`      ${s.subject.id}: not applicable: ${s.reason}`);
    }
  }
  if (listed.length > MAX_LISTED) lines.push(`      … and ${listed.length - MAX_LISTED} more (--format json lists every one)`);
  for (const note of result.notes) lines.push(`      note: ${note}`);
  return lines;
}

export function renderCheckText(verdict: PolicyVerdict, context: CheckContext, subjects: number): string {
  const lines = [`zoom-settings check of ${modeText(context)}, today ${verdict.today}: ${plural(verdict.rules.length, 'rule')}, ${plural(subjects, 'subject')}`, ''];
  for (const result of verdict.rules) lines.push(...ruleLines(result));
  const findings = verdict.exceptionFindings;
  if (verdict.exceptions.length > 0) {
    const used = new Map<unknown, number>();
    for (const r of verdict.rules) for (const s of r.subjects) if (s.status === 'excepted') used.set(s.exception, (used.get(s.exception) ?? 0) + 1);
    lines.push('', 'exceptions:');
    for (const exception of verdict.exceptions) lines.push(`  ${exception.rule}: ${exceptionText(exception)}: excepts ${plural(used.get(exception) ?? 0, 'subject')}`);
    for (const finding of findings) lines.push(`  ${finding.severity}: ${formatPosition(finding.pos)} ${finding.message}`);
  }
  const excepted = verdict.rules.reduce((n, r) => n + r.counts.excepted, 0);
  const outcome = verdict.errors > 0 ? 'FAILED' : 'passed';
  lines.push('', `check ${outcome}: ${plural(verdict.errors, 'error')}, ${plural(verdict.warnings, 'warning')}, ${excepted} excepted`);
  return `${lines.map(escapeControl).join('\n')}\n`;
}
