/** Loads and checks a desired-state directory: files → documents → references. */
import { buildDesiredState } from '../core/desired/documents.js';
import type { DesiredState } from '../core/desired/model.js';
import { checkReferences, checkResolved, Resolver, type ResolvedUser } from '../core/desired/merge.js';
import { fileProblem, limitPerFile, sortProblems, type Problem } from '../core/desired/problems.js';
import { readDesiredStateFiles } from './desired-state-files.js';

export interface LoadedDesiredState {
  dir: string;
  state: DesiredState;
  hash: string;
  /** At most MAX_PROBLEMS_PER_FILE per file, then one line counting the rest. */
  problems: Problem[];
  /** Counted over all problems, including those left out of `problems`. */
  errors: number;
  warnings: number;
}

export async function loadDesiredState(dir: string): Promise<LoadedDesiredState> {
  const read = await readDesiredStateFiles(dir);
  const built = buildDesiredState(read.files);
  const problems = [...read.problems, ...built.problems, ...checkReferences(built.state)];
  if (built.state.users.length === 0 && !problems.some((p) => p.severity === 'error')) {
    problems.push(
      read.files.length === 0
        ? fileProblem(dir, 'holds no desired-state files (defaults.yaml, profiles/<name>.yaml, users/*.yaml): is --dir right?')
        : fileProblem(dir, 'no users: add users/*.yaml mapping email addresses or Zoom user ids to their settings'),
    );
  }
  const seen = new Set(problems.map(problemKey));
  const resolver = new Resolver(built.state);
  for (const user of built.state.users) {
    for (const problem of checkResolved(resolver.resolve(user))) {
      const key = problemKey(problem);
      if (!seen.has(key)) {
        seen.add(key);
        problems.push(problem);
      }
    }
  }
  const sorted = sortProblems(problems);
  return {
    dir,
    state: built.state,
    hash: read.hash,
    // The counts below are over every problem; the list is shortened per file.
    problems: limitPerFile(sorted),
    errors: sorted.filter((p) => p.severity === 'error').length,
    warnings: sorted.filter((p) => p.severity === 'warning').length,
  };
}

function problemKey(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}:${p.path}:${p.message}`;
}

/** Every managed user, resolved (merge with provenance), one at a time. */
export function* resolveUsers(state: DesiredState): Generator<ResolvedUser> {
  const resolver = new Resolver(state);
  for (const user of state.users) yield resolver.resolve(user);
}
