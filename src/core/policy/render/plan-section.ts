/**
 * The policy verdict inside `plan`'s output (issue 17 item 3): a short section, so the pull-request comment says
 * whether the change keeps the rules before anyone applies it. Details stay with `zoom-settings check`.
 */
import { codeSpan, markdownText } from '../../render/markdown-escape.js';
import { capLength, escapeControl } from '../../safe-text.js';
import { formatPosition } from '../../desired/source.js';
import type { PolicyVerdict } from '../model.js';
import { verdictLine, violations } from './common.js';

/** At most this many violations are named in the section, each in at most ITEM_CHARS: the plan comment's budget (render/markdown.ts) leaves a few thousand characters. */
const NAMED = 10;
const ITEM_CHARS = 300;

export function renderPlanPolicySection(verdict: PolicyVerdict, format: 'text' | 'markdown'): string {
  const line = capLength(verdictLine(verdict), ITEM_CHARS * 2);
  const found = violations(verdict);
  const items = [
    ...found.flatMap((v) => v.failures.map((f) => ({ rule: v.rule.id, text: capLength(`${v.subject.id}: ${f.message}`, ITEM_CHARS), at: f.source ? formatPosition(f.source) : undefined }))),
    ...verdict.exceptionFindings.filter((f) => f.severity === 'error').map((f) => ({ rule: f.exception.rule, text: capLength(f.message, ITEM_CHARS), at: formatPosition(f.pos) })),
  ];
  const more = items.length > NAMED ? items.length - NAMED : 0;
  if (format === 'text') {
    const lines = [line, ...items.slice(0, NAMED).map((i) => `  ${i.rule}: ${i.text}${i.at ? ` (${i.at})` : ''}`), ...(more ? [`  … and ${more} more`] : [])];
    if (items.length > 0) lines.push('  run `zoom-settings check` for the details');
    return `\n${lines.map(escapeControl).join('\n')}\n`;
  }
  const icon = verdict.errors > 0 ? '❌' : verdict.warnings > 0 ? '⚠️' : '✅';
  const lines = [`\n### ${icon} Policy`, '', markdownText(line)];
  if (items.length > 0) {
    lines.push('');
    for (const i of items.slice(0, NAMED)) lines.push(`- ${codeSpan(i.rule)} ${markdownText(i.text)}${i.at ? ` at ${codeSpan(i.at)}` : ''}`);
    if (more) lines.push(`- … and ${more} more`);
    lines.push('', '`zoom-settings check` gives the details (`--format sarif` annotates the lines).');
  }
  return `${lines.join('\n')}\n`;
}
