/** The report as JSON: the header, the rule summary and exceptions, then one row per line (large reports stay streamable). */
import type { ComplianceReport, ReportRow } from './model.js';

export const REPORT_FORMAT_VERSION = 1;

export function jsonStart(report: Omit<ComplianceReport, 'rows'>): string {
  const head = JSON.stringify({ format_version: REPORT_FORMAT_VERSION, ...report.header, rules: report.rules, exceptions: report.exceptions });
  return `${head.slice(0, -1)},"rows":[\n`;
}

export function jsonRow(row: ReportRow, first: boolean): string {
  // undefined (no live value) is written as null so every row has the same keys.
  return `${first ? '' : ',\n'}${JSON.stringify({ ...row, value: row.value ?? null })}`;
}

export const JSON_END = '\n]}\n';
