/**
 * The rows of the HTML report as one compact JSON value the page's script expands (10,000 users × their settings
 * must stay a file a browser opens): strings are stored once in a table, a row's cells after user and setting are
 * one "combination" index (most users share value, origin, lock and rule results setting by setting), and each
 * user's settings list is stored once per distinct list.
 *   { t: [strings], k: [[setting t-indices]], c: [[cell t-indices]], u: [[user t-index, k-index, c-index…]] }
 */
import { rowCells } from './cells.js';
import type { ReportRow } from './model.js';

export interface HtmlData {
  t: string[];
  k: number[][];
  c: number[][];
  u: number[][];
  /** How many rows the blob holds. */
  rows: number;
}

class Interner<T> {
  readonly items: T[] = [];
  private readonly index = new Map<string, number>();
  constructor(private readonly key: (item: T) => string) {}
  of(item: T): number {
    const key = this.key(item);
    let at = this.index.get(key);
    if (at === undefined) {
      at = this.items.length;
      this.items.push(item);
      this.index.set(key, at);
    }
    return at;
  }
}

/** Rows must come grouped by user (as the report builds them); they are read once, never held. */
export function htmlData(rows: Iterable<ReportRow>): HtmlData {
  const text = new Interner<string>((s) => s);
  const lists = new Interner<number[]>((l) => l.join(','));
  const combos = new Interner<number[]>((l) => l.join(','));
  const users: number[][] = [];
  let count = 0;
  let user: string | undefined;
  let cells: string[][] = [];
  const flush = (): void => {
    if (cells.length === 0) return;
    users.push([text.of(cells[0]![0]!), lists.of(cells.map((c) => text.of(c[1]!))), ...cells.map((c) => combos.of(c.slice(2).map((cell) => text.of(cell))))]);
    cells = [];
  };
  for (const row of rows) {
    if (row.user !== user) flush();
    user = row.user;
    cells.push(rowCells(row));
    count += 1;
  }
  flush();
  return { t: text.items, k: lists.items, c: combos.items, u: users, rows: count };
}

/** JSON that cannot end the <script> element it sits in, nor be read as markup: <, >, & and line separators escaped. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
