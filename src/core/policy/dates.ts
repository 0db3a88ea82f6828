/**
 * Calendar dates (`YYYY-MM-DD`) as whole UTC days. The core never reads the clock: "today" is always passed in
 * (check's --today, ZOOM_SETTINGS_TODAY, or the edge's clock).
 */
import type { CalendarDate } from './model.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a valid `YYYY-MM-DD`, or undefined (a malformed text, or a day the month lacks). */
export function dayNumber(text: string): number | undefined {
  const match = DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / DAY_MS;
}

export function isCalendarDate(text: string): boolean {
  return dayNumber(text) !== undefined;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). Both must be valid dates. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return dayNumber(to)! - dayNumber(from)!;
}

/** `YYYY-MM-DD` of a Date, in UTC (for the edges that own a clock). */
export function calendarDateOf(date: Date): CalendarDate {
  return date.toISOString().slice(0, 10);
}
