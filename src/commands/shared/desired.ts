/** Loads the desired state for a command; invalid input stops the run before anything reaches Zoom. */
import { formatProblem } from '../../core/desired/problems.js';
import { InputError } from '../../core/errors.js';
import { loadDesiredState, type LoadedDesiredState } from '../../io/desired-state.js';
import type { CommandIo } from '../command.js';

export async function loadValidDesiredState(dir: string, io: CommandIo): Promise<LoadedDesiredState> {
  const loaded = await loadDesiredState(dir);
  for (const problem of loaded.problems) {
    if (problem.severity === 'warning') io.stderr.write(`${formatProblem(problem)}\n`);
  }
  if (loaded.errors > 0) {
    const errors = loaded.problems.filter((p) => p.severity === 'error').map(formatProblem);
    throw new InputError(`the desired state in ${dir} is not valid (${loaded.errors} problems); nothing was sent to Zoom`, errors);
  }
  return loaded;
}
