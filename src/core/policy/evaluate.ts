/**
 * Judges every rule over the subjects in its scope, and every exception against today:
 * - per rule and subject: pass, fail (each offending value with the file:line that sets it), excepted (naming the
 *   exception that covers the failure) or not-applicable (the subject cannot be judged: a user Zoom does not know,
 *   a lock requirement with no locks read);
 * - per exception: expired (an error, naming the exception and its owner: the failure it covered is a failure
 *   again), expiring within `warningDays` (a warning), longer than the rule's `max_exception_days` (an error),
 *   covering no one in the rule's scope (a warning: a typo, or a user who left).
 * Pure and synchronous: today is passed in, never read from a clock.
 */
import { formatPosition } from '../desired/source.js';
import { dayNumber, daysBetween } from './dates.js';
import {
  DEFAULT_WARNING_DAYS,
  type CalendarDate,
  type EvaluateOptions,
  type ExceptionFinding,
  type PolicyException,
  type PolicyRule,
  type PolicySet,
  type PolicySubject,
  type PolicyVerdict,
  type RequirementFailure,
  type RuleResult,
  type SubjectResult,
} from './model.js';
import { checkRequirement } from './requirements.js';

const lower = (s: string): string => s.toLowerCase();

function names(subject: PolicySubject): Set<string> {
  return new Set([subject.id, ...subject.aliases].map(lower));
}

/** Whether a subject is in a rule's scope; undefined when it cannot be known (group membership not read). */
function inScope(rule: PolicyRule, subject: PolicySubject, subjectNames: Set<string>): boolean | undefined {
  const scope = rule.scope;
  switch (scope.kind) {
    case 'all-users':
      return subject.kind === 'user';
    case 'all-groups':
      return subject.kind === 'group';
    case 'account':
      return subject.kind === 'account';
    case 'users': {
      if (subject.kind !== 'user') return false;
      if (scope.users.some((name) => subjectNames.has(lower(name)))) return true;
      if (scope.profiles.some((name) => subject.profiles.includes(name))) return true;
      if (scope.groups.length === 0) return false;
      if (!subject.groups) return undefined;
      const groups = new Set(subject.groups.map(lower));
      return scope.groups.some((name) => groups.has(lower(name)));
    }
  }
}

/** The selector entries of an exception that cover the subject (`users:kiosk@example.com`), empty when none. */
function coveringEntries(exception: PolicyException, subject: PolicySubject, subjectNames: Set<string>): string[] {
  const s = exception.selectors;
  const out: string[] = [];
  for (const user of s.users) if (subject.kind === 'user' && subjectNames.has(lower(user.name))) out.push(`users:${user.name}`);
  for (const profile of s.profiles) if (subject.kind === 'user' && subject.profiles.includes(profile.name)) out.push(`profiles:${profile.name}`);
  for (const group of s.groups) {
    const matches = subject.kind === 'group' ? subjectNames.has(lower(group.name)) : (subject.groups ?? []).some((g) => lower(g) === lower(group.name));
    if (matches) out.push(`groups:${group.name}`);
  }
  if (s.account && subject.kind === 'account') out.push('account');
  return out;
}

export function evaluate(policySet: PolicySet, subjects: Iterable<PolicySubject>, today: CalendarDate, options: EvaluateOptions = {}): PolicyVerdict {
  if (dayNumber(today) === undefined) throw new RangeError(`today must be a date written YYYY-MM-DD, not "${today}"`);
  const warningDays = options.warningDays ?? DEFAULT_WARNING_DAYS;
  const list = [...subjects];
  const expired = (e: PolicyException): boolean => daysBetween(today, e.expires) < 0;
  /** Per exception, the selector entries that covered at least one subject in its rule's scope. */
  const matched = new Map<PolicyException, Set<string>>(policySet.exceptions.map((e) => [e, new Set()]));
  const rules = policySet.rules.map((rule) => evaluateRule(rule, list, policySet.exceptions.filter((e) => e.rule === rule.id), expired, matched, options));
  const exceptionFindings = policySet.exceptions.flatMap((exception) => {
    const rule = policySet.rules.find((r) => r.id === exception.rule);
    return judgeException(exception, rule, today, warningDays, matched.get(exception)!, options);
  });
  let errors = 0;
  let warnings = 0;
  for (const result of rules) {
    if (result.rule.severity === 'error') errors += result.counts.fail;
    else warnings += result.counts.fail;
  }
  for (const finding of exceptionFindings) {
    if (finding.severity === 'error') errors += 1;
    else warnings += 1;
  }
  return { today, rules, exceptions: policySet.exceptions, exceptionFindings, errors, warnings };
}

function evaluateRule(
  rule: PolicyRule,
  subjects: PolicySubject[],
  exceptions: PolicyException[],
  expired: (e: PolicyException) => boolean,
  matched: Map<PolicyException, Set<string>>,
  options: EvaluateOptions,
): RuleResult {
  const results: SubjectResult[] = [];
  const notes: string[] = [];
  const counts = { pass: 0, fail: 0, excepted: 0, notApplicable: 0 };
  let unknownMembership = 0;
  for (const subject of subjects) {
    const subjectNames = names(subject);
    const scoped = inScope(rule, subject, subjectNames);
    if (scoped === undefined) unknownMembership += 1;
    if (!scoped) continue;
    const covering = exceptions.flatMap((exception) => {
      const entries = coveringEntries(exception, subject, subjectNames);
      for (const entry of entries) matched.get(exception)!.add(entry);
      return entries.length > 0 ? [exception] : [];
    });
    const shown = { kind: subject.kind, id: subject.id, ...(subject.pos ? { pos: subject.pos } : {}) };
    if (subject.unavailable) {
      counts.notApplicable += 1;
      results.push({ subject: shown, status: 'not-applicable', reason: subject.unavailable });
      continue;
    }
    const failures: RequirementFailure[] = [];
    const unknown: string[] = [];
    for (const requirement of rule.requirements) {
      const check = checkRequirement(requirement, subject.value(requirement.setting));
      if (check.ok === false) failures.push(check.failure);
      else if (check.ok === 'unknown') unknown.push(check.reason);
    }
    if (failures.length === 0) {
      if (unknown.length > 0) {
        counts.notApplicable += 1;
        results.push({ subject: shown, status: 'not-applicable', reason: unknown.join('; ') });
      } else {
        counts.pass += 1;
        results.push({ subject: shown, status: 'pass' });
      }
      continue;
    }
    // The exception that lasts longest covers it; an expired one covers nothing and is named on the failure.
    const valid = covering.filter((e) => !expired(e)).sort((a, b) => b.expires.localeCompare(a.expires));
    if (valid.length > 0) {
      counts.excepted += 1;
      results.push({ subject: shown, status: 'excepted', failures, exception: valid[0]! });
      continue;
    }
    counts.fail += 1;
    const lapsed = covering.sort((a, b) => b.expires.localeCompare(a.expires))[0];
    results.push({ subject: shown, status: 'fail', failures, ...(lapsed ? { expiredException: lapsed } : {}) });
  }
  if (unknownMembership > 0) {
    notes.push(`${unknownMembership} users could not be placed in or out of scope: ${options.membershipUnknown ?? 'group membership is not known'}`);
  }
  return { rule, subjects: results, notes, counts };
}

function describeException(exception: PolicyException): string {
  return `exception ${exception.name} to rule ${exception.rule} (owner ${exception.owner})`;
}

function judgeException(
  exception: PolicyException,
  rule: PolicyRule | undefined,
  today: CalendarDate,
  warningDays: number,
  matched: Set<string>,
  options: EvaluateOptions,
): ExceptionFinding[] {
  const findings: ExceptionFinding[] = [];
  const left = daysBetween(today, exception.expires);
  const at = exception.expiresPos;
  if (left < 0) {
    findings.push({ kind: 'expired', severity: 'error', exception, pos: at, message: `${describeException(exception)} expired on ${exception.expires}: renew it (a new expires, reviewed) or fix what it covered, then delete it` });
  } else if (left <= warningDays) {
    const when = left === 0 ? 'today (its last day)' : `in ${left} day${left === 1 ? '' : 's'}, on ${exception.expires}`;
    findings.push({ kind: 'expiring', severity: 'warning', exception, pos: at, message: `${describeException(exception)} expires ${when}` });
  }
  if (rule?.maxExceptionDays !== undefined && left > rule.maxExceptionDays) {
    findings.push({
      kind: 'too-long',
      severity: 'error',
      exception,
      pos: at,
      message: `${describeException(exception)} expires on ${exception.expires}, ${left} days from today: rule ${rule.id} allows exceptions of at most ${rule.maxExceptionDays} days (max_exception_days)`,
    });
  }
  if (rule) {
    const s = exception.selectors;
    const groupsUnknown = options.membershipUnknown !== undefined;
    const entries = [
      ...s.users.map((u) => ({ key: `users:${u.name}`, pos: u.pos, judged: true })),
      ...s.profiles.map((p) => ({ key: `profiles:${p.name}`, pos: p.pos, judged: true })),
      ...s.groups.map((g) => ({ key: `groups:${g.name}`, pos: g.pos, judged: !groupsUnknown || rule.scope.kind === 'all-groups' })),
      ...(s.account ? [{ key: 'account', pos: exception.pos, judged: true }] : []),
    ];
    const idle = entries.filter((e) => e.judged && !matched.has(e.key));
    if (idle.length > 0 && idle.length === entries.length) {
      findings.push({ kind: 'unmatched', severity: 'warning', exception, pos: exception.pos, message: `${describeException(exception)} matches nothing in the rule's scope (${idle.map((e) => e.key.replace(':', ' ')).join(', ')}): remove it, or correct the names` });
    } else {
      for (const entry of idle) {
        findings.push({ kind: 'unmatched', severity: 'warning', exception, pos: entry.pos, message: `${describeException(exception)}: ${entry.key.replace(':', ' ')} matches nothing in the rule's scope (${formatPosition(entry.pos)})` });
      }
    }
  }
  return findings;
}
