/** Loads the desired state for a command; invalid input stops the run before anything reaches Zoom. */
import { formatProblem } from '../../core/desired/problems.js';
import { InputError } from '../../core/errors.js';
import { loadDesiredState, openDesiredState, type CheckedDesiredState, type LoadedDesiredState } from '../../io/desired-state.js';
import type { CommandIo } from '../command.js';

/** Checks the directory and keeps every user in memory (small runs: demo, simulator). */
export async function loadValidDesiredState(dir: string, io: CommandIo): Promise<LoadedDesiredState> {
  return reportProblems(dir, io, await loadDesiredState(dir));
}

/** Checks the directory and keeps no users: the run streams them (plan, apply, drift). */
export async function openValidDesiredState(dir: string, io: CommandIo): Promise<CheckedDesiredState> {
  return reportProblems(dir, io, await openDesiredState(dir));
}

function reportProblems<T extends CheckedDesiredState>(dir: string, io: CommandIo, checked: T): T {
  for (const problem of checked.problems) {
    if (problem.severity === 'warning') io.stderr.write(`${formatProblem(problem)}\n`);
  }
  if (checked.errors > 0) {
    const errors = checked.problems.filter((p) => p.severity === 'error').map(formatProblem);
    throw new InputError(`the desired state in ${dir} is not valid (${checked.errors} problems); nothing was sent to Zoom`, errors);
  }
  return checked;
}
