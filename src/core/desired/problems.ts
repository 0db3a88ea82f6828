/** Validation returns data: every problem names file:line:column, the settings path, expected and found. */
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

export function formatProblem(problem: Problem): string {
  const where = formatPosition(problem);
  const prefix = problem.severity === 'warning' ? 'warning: ' : '';
  return problem.path ? `${where} ${problem.path}: ${prefix}${problem.message}` : `${where} ${prefix}${problem.message}`;
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.message.localeCompare(b.message),
  );
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
