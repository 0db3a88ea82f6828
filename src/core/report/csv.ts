/**
 * CSV (RFC 4180): one line per user and setting, fields quoted when they hold a comma, quote or line break. A field
 * starting with = + - @ (or a tab / carriage return) is prefixed with ' so a spreadsheet shows it as text instead
 * of running it as a formula (OWASP "CSV injection"): values and group names come from Zoom, anyone can write them.
 */
import { CSV_COLUMNS, rowCells } from './cells.js';
import type { ReportRow } from './model.js';

export function csvField(text: string): string {
  const neutral = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(neutral) ? `"${neutral.replace(/"/g, '""')}"` : neutral;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

export function csvHeader(): string {
  return csvLine(CSV_COLUMNS);
}

export function csvRow(row: ReportRow): string {
  return csvLine(rowCells(row));
}
