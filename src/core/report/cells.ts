/** A report row's cells as text, shared by the CSV and HTML renderers. */
import { escapeControl } from '../safe-text.js';
import type { ReportRow, RowRuleResult } from './model.js';

/** Strings as they are (control and bidi characters escaped), other values as JSON; no value: empty. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return escapeControl(typeof value === 'string' ? value : JSON.stringify(value));
}

export function ruleText(rule: RowRuleResult): string {
  return `${rule.rule}: ${rule.status}${rule.exception ? ` (exception ${rule.exception})` : ''}`;
}

export const CSV_COLUMNS = ['user', 'setting', 'value', 'read', 'source', 'source_group', 'locked', 'locked_by', 'rules', 'failing_rules', 'exceptions'] as const;

export function rowCells(row: ReportRow): string[] {
  const exceptions = [...new Set(row.rules.flatMap((r) => (r.exception ? [r.exception] : [])))];
  return [
    escapeControl(row.user),
    row.setting,
    valueText(row.value),
    row.status,
    row.source,
    escapeControl(row.sourceGroup ?? ''),
    row.lock,
    escapeControl(row.lockHolder ?? ''),
    row.rules.map(ruleText).join('; '),
    String(row.rules.filter((r) => r.status === 'fail').length),
    escapeControl(exceptions.join('; ')),
  ];
}
