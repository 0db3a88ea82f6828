/** What every rendering of a check verdict shares: the violations in order, their places, one-line summaries. */
import { formatPosition, type SourcePosition } from '../../desired/source.js';
import type { PolicyException, PolicyRule, PolicyVerdict, RequirementFailure, SubjectResult } from '../model.js';

export interface CheckContext {
  /** The desired-state directory checked. */
  dir: string;
  /** `desired`: the effective desired state, no API call; `live`: Zoom's values. */
  mode: 'desired' | 'live';
  /** The tool's version, for SARIF's driver. */
  version: string;
  /** A file's path relative to the repository root, with forward slashes (SARIF artifact URIs). */
  uriOf?(file: string): string;
}

export interface Violation {
  rule: PolicyRule;
  subject: SubjectResult['subject'];
  failures: RequirementFailure[];
  expiredException?: PolicyException;
}

export function violations(verdict: PolicyVerdict): Violation[] {
  return verdict.rules.flatMap((result) =>
    result.subjects.flatMap((s) => (s.status === 'fail' ? [{ rule: result.rule, subject: s.subject, failures: s.failures, ...(s.expiredException ? { expiredException: s.expiredException } : {}) }] : [])),
  );
}

/** Where a failure is caused: the file:line that sets the offending value, else the requirement in the policy. */
export function failurePlace(failure: RequirementFailure): SourcePosition {
  return failure.source ?? failure.requirementPos;
}

export function failureText(failure: RequirementFailure): string {
  const where = failure.source ? ` (${formatPosition(failure.source)})` : '';
  return `${failure.message}${where}`;
}

export function exceptionText(exception: PolicyException): string {
  const ticket = exception.ticket ? `, ticket ${exception.ticket}` : '';
  return `exception ${exception.name} (owner ${exception.owner}, expires ${exception.expires}${ticket}: ${exception.reason})`;
}

export function modeText(context: CheckContext): string {
  return context.mode === 'live' ? `the live account (desired state in ${context.dir})` : `the effective desired state in ${context.dir} (no API call)`;
}

export const plural = (n: number, word: string): string => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/** One line for a verdict: "policy: 2 violations (waiting-room-on: kiosk@example.com, …)". */
export function verdictLine(verdict: PolicyVerdict, maxNamed = 3): string {
  const found = violations(verdict);
  const expired = verdict.exceptionFindings.filter((f) => f.severity === 'error');
  const named = [
    ...found.map((v) => `${v.rule.id}: ${v.subject.id}`),
    ...expired.map((f) => `${f.kind === 'expired' ? 'expired' : 'too long'}: exception ${f.exception.name} (owner ${f.exception.owner})`),
  ];
  const shown = named.slice(0, maxNamed).join(', ') + (named.length > maxNamed ? `, and ${named.length - maxNamed} more` : '');
  const count = found.length + expired.length;
  const excepted = verdict.rules.reduce((n, r) => n + r.counts.excepted, 0);
  if (count === 0) return `policy: no violations (${plural(verdict.rules.length, 'rule')}${excepted > 0 ? `, ${excepted} excepted` : ''}${verdict.warnings > 0 ? `, ${plural(verdict.warnings, 'warning')}` : ''})`;
  return `policy: ${plural(count, 'violation')} (${shown})${verdict.errors > 0 ? '' : ' — warnings only'}`;
}
