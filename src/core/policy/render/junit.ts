/**
 * `check --format junit`: JUnit XML for GitLab's test report (artifacts:reports:junit). One test suite per rule,
 * one test case per subject in its scope: a failure for a violation (type error or warning, as the rule's
 * severity), skipped for not applicable, passed otherwise (an excepted subject says which exception in its
 * system-out); then a suite of the exceptions, failing those expired or too long. Text is escaped for XML, and
 * characters XML 1.0 cannot hold are replaced.
 */
import { formatPosition } from '../../desired/source.js';
import type { PolicyVerdict } from '../model.js';
import { exceptionText, failureText, type CheckContext } from './common.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text for XML 1.0: markup characters escaped; what XML cannot hold even escaped (most C0 controls, a lone surrogate, U+FFFE/U+FFFF) replaced by U+FFFD. */
export function xmlText(text: string): string {
  let out = '';
  // for…of walks code points: a surrogate pair comes as one, a lone surrogate alone.
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const allowed = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
    out += allowed ? (ESCAPES[ch] ?? ch) : '\uFFFD';
  }
  return out;
}

export function renderCheckJunit(verdict: PolicyVerdict, context: CheckContext): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const result of verdict.rules) {
    const cases: string[] = [];
    const name = `${result.rule.id}: ${result.rule.title}`;
    for (const s of result.subjects) {
      const open = `    <testcase classname="${xmlText(result.rule.id)}" name="${xmlText(`${s.subject.kind} ${s.subject.id}`)}"`;
      if (s.status === 'fail') {
        const body = [...s.failures.map(failureText), ...(s.expiredException ? [`its ${exceptionText(s.expiredException)} has expired`] : [])].join('\n');
        cases.push(`${open}>\n      <failure type="${result.rule.severity}" message="${xmlText(s.failures.map((f) => f.message).join('; '))}">${xmlText(body)}</failure>\n    </testcase>`);
      } else if (s.status === 'not-applicable') {
        cases.push(`${open}>\n      <skipped message="${xmlText(s.reason)}"/>\n    </testcase>`);
      } else if (s.status === 'excepted') {
        cases.push(`${open}>\n      <system-out>${xmlText(`excepted by ${exceptionText(s.exception)}: ${s.failures.map((f) => f.message).join('; ')}`)}</system-out>\n    </testcase>`);
      } else cases.push(`${open}/>`);
    }
    tests += result.subjects.length;
    failures += result.counts.fail;
    skipped += result.counts.notApplicable;
    suites.push(`  <testsuite name="${xmlText(name)}" tests="${result.subjects.length}" failures="${result.counts.fail}" errors="0" skipped="${result.counts.notApplicable}">\n${cases.join('\n')}${cases.length ? '\n' : ''}  </testsuite>`);
  }
  if (verdict.exceptions.length > 0) {
    const cases = verdict.exceptions.map((exception) => {
      const findings = verdict.exceptionFindings.filter((f) => f.exception === exception);
      const failing = findings.filter((f) => f.severity === 'error');
      const open = `    <testcase classname="exceptions" name="${xmlText(`${exception.rule}: ${exception.name}`)}"`;
      if (failing.length === 0 && findings.length === 0) return `${open}/>`;
      const failure = failing.length ? `\n      <failure type="error" message="${xmlText(failing.map((f) => f.message).join('; '))}">${xmlText(failing.map((f) => `${formatPosition(f.pos)} ${f.message}`).join('\n'))}</failure>` : '';
      const warnings = findings.filter((f) => f.severity === 'warning');
      const out = warnings.length ? `\n      <system-out>${xmlText(warnings.map((f) => `warning: ${f.message}`).join('\n'))}</system-out>` : '';
      return `${open}>${failure}${out}\n    </testcase>`;
    });
    const failed = verdict.exceptions.filter((e) => verdict.exceptionFindings.some((f) => f.exception === e && f.severity === 'error')).length;
    tests += verdict.exceptions.length;
    failures += failed;
    suites.push(`  <testsuite name="exceptions" tests="${verdict.exceptions.length}" failures="${failed}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  const mode = context.mode === 'live' ? 'live account' : 'effective desired state';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlText(`zoom-settings check (${mode}, ${verdict.today})`)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">\n${suites.join('\n')}\n</testsuites>\n`;
}
