/** Loads and checks a desired-state directory: files → documents → references. */
import { buildDesiredState } from '../core/desired/documents.js';
import type { DesiredState } from '../core/desired/model.js';
import { checkReferences, checkResolved, Resolver, type ResolvedUser } from '../core/desired/merge.js';
import { fileProblem, sortProblems, type Problem } from '../core/desired/problems.js';
import { readDesiredStateFiles } from './desired-state-files.js';

export interface LoadedDesiredState {
  dir: string;
  state: DesiredState;
  hash: string;
  problems: Problem[];
  errors: number;
  warnings: number;
}

export async function loadDesiredState(dir: string): Promise<LoadedDesiredState> {
  const read = await readDesiredStateFiles(dir);
  const built = buildDesiredState(read.files);
  const problems = [...read.problems, ...built.problems, ...checkReferences(built.state)];
  const fatal = read.problems.some((p) => p.severity === 'error' && p.message.includes('directory'));
  if (!fatal && built.state.users.length === 0 && !problems.some((p) => p.severity === 'error')) {
    problems.push(fileProblem(dir, 'no users: add users/*.yaml mapping email addresses or Zoom user ids to their settings'));
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
    problems: sorted,
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
