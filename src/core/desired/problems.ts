/** Validation returns data: every problem names file:line:column, the settings path, expected and found. */
import { escapeControl } from '../safe-text.js';
import { formatPosition, type SourcePosition } from './source.js';

export type Severity = 'error' | 'warning';

export interface Problem {
  severity: Severity;
  file: string;
  line: number;
  column: number;
  /** Dotted settings path (or the document key) the problem is about; empty for file-level problems. */
  path: string;
  message: string;
}

export function problemAt(pos: SourcePosition, path: string, message: string, severity: Severity = 'error'): Problem {
  return { severity, file: pos.file, line: pos.line, column: pos.column, path, message };
}

export function fileProblem(file: string, message: string, severity: Severity = 'error'): Problem {
  return { severity, file, line: 1, column: 1, path: '', message };
}

/** One line: a key or file name with a newline or an escape sequence cannot forge another problem line. */
export function formatProblem(problem: Problem): string {
  const where = formatPosition(problem);
  const prefix = problem.severity === 'warning' ? 'warning: ' : '';
  return escapeControl(problem.path ? `${where} ${problem.path}: ${prefix}${problem.message}` : `${where} ${prefix}${problem.message}`);
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.message.localeCompare(b.message),
  );
}

/** At most this many problems are listed per file; the rest are counted in one closing line. */
export const MAX_PROBLEMS_PER_FILE = 100;

/**
 * Keeps the first `limit` problems of each file (problems sorted by file) and adds one line per file saying how many
 * were left out, so a list of 100,000 bad items yields a screenful, not 17 MB of output.
 */
export function limitPerFile(sorted: Problem[], limit = MAX_PROBLEMS_PER_FILE): Problem[] {
  const out: Problem[] = [];
  let index = 0;
  while (index < sorted.length) {
    const file = sorted[index]!.file;
    let end = index;
    while (end < sorted.length && sorted[end]!.file === file) end++;
    out.push(...sorted.slice(index, Math.min(end, index + limit)));
    const left = sorted.slice(index + limit, end);
    if (left.length > 0) {
      const severity = left.some((p) => p.severity === 'error') ? 'error' : 'warning';
      out.push(fileProblem(file, `${left.length.toLocaleString('en')} more problems in this file are not listed (the first ${limit} are); fix those and run again`, severity));
    }
    index = end;
  }
  return out;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** ` (did you mean "x"?)` for the closest candidate within a few edits, else an empty string. */
export function suggestion(name: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(2, Math.floor(name.length / 3));
  return best !== undefined && bestDistance <= limit ? ` (did you mean "${best}"?)` : '';
}
