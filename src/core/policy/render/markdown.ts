/**
 * `check --format markdown` and the policy section of `plan`'s pull-request comment: a table per rule, the
 * violations with the file:line that causes each, the exceptions in force and their findings. Everything from YAML
 * is escaped (render/markdown-escape.ts); the listing is capped so the comment stays small.
 */
import { codeSpan, markdownText } from '../../render/markdown-escape.js';
import { formatPosition } from '../../desired/source.js';
import type { PolicyVerdict } from '../model.js';
import { exceptionText, modeText, plural, verdictLine, violations, type CheckContext } from './common.js';

const MAX_ROWS = 50;

export function renderCheckMarkdown(verdict: PolicyVerdict, context: CheckContext, subjects: number, heading = '###'): string {
  const out: string[] = [];
  const icon = verdict.errors > 0 ? '❌' : verdict.warnings > 0 ? '⚠️' : '✅';
  out.push(`${heading} ${icon} Policy check: ${markdownText(verdictLine(verdict))}`, '');
  out.push(`Checked ${markdownText(modeText(context))} on ${verdict.today}: ${plural(verdict.rules.length, 'rule')}, ${plural(subjects, 'subject')}.`, '');
  out.push('| rule | severity | passed | failed | excepted | not applicable |', '|---|---|---:|---:|---:|---:|');
  for (const { rule, counts } of verdict.rules) {
    const reference = rule.reference ? ` (${markdownText(rule.reference)})` : '';
    out.push(`| ${codeSpan(rule.id)} ${markdownText(rule.title)}${reference} | ${rule.severity} | ${counts.pass} | ${counts.fail} | ${counts.excepted} | ${counts.notApplicable} |`);
  }
  const found = violations(verdict);
  if (found.length > 0) {
    out.push('', '**Violations**', '');
    for (const v of found.slice(0, MAX_ROWS)) {
      for (const f of v.failures) {
        const where = f.source ? ` at ${codeSpan(formatPosition(f.source))}` : '';
        const expired = v.expiredException ? ` (its ${markdownText(exceptionText(v.expiredException))} has expired)` : '';
        out.push(`- ${codeSpan(v.rule.id)} ${markdownText(v.subject.id)}: ${markdownText(f.message)}${where}${expired}`);
      }
    }
    if (found.length > MAX_ROWS) out.push(`- … and ${found.length - MAX_ROWS} more (\`zoom-settings check --format json\` lists every one)`);
  }
  const excepted = verdict.rules.flatMap((r) => r.subjects.flatMap((s) => (s.status === 'excepted' ? [{ rule: r.rule.id, subject: s.subject.id, exception: s.exception }] : [])));
  if (excepted.length > 0) {
    out.push('', '**Excepted**', '');
    for (const e of excepted.slice(0, MAX_ROWS)) out.push(`- ${codeSpan(e.rule)} ${markdownText(e.subject)}: ${markdownText(exceptionText(e.exception))}`);
    if (excepted.length > MAX_ROWS) out.push(`- … and ${excepted.length - MAX_ROWS} more`);
  }
  if (verdict.exceptionFindings.length > 0) {
    out.push('', '**Exceptions**', '');
    for (const f of verdict.exceptionFindings) out.push(`- ${f.severity}: ${markdownText(f.message)} (${codeSpan(formatPosition(f.pos))})`);
  }
  return `${out.join('\n')}\n`;
}
