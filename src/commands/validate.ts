/** `zoom-settings validate`: load, merge and check the desired state; report every problem in one run. */
import { plural } from '../core/render/renderer.js';
import { formatProblem, problemAt, type Problem } from '../core/desired/problems.js';
import { missingSecrets } from '../core/desired/secret-references.js';
import { UsageError } from '../core/errors.js';
import { openDesiredState } from '../io/desired-state.js';
import { stringOption, type Command } from './command.js';

export const validateCommand: Command = {
  name: 'validate',
  help: `Usage: zoom-settings validate [--dir DIR] [--format text|json]

Loads defaults.yaml, profiles/*.yaml and users/*.yaml, merges them, and checks every setting against Zoom's
official settings schema. Reports ALL problems in one run, each with file:line:column and the settings path.

Options:
  --dir DIR        the desired-state directory (default: ./desired-state)
  --format FORMAT  text (default) or json
  -h, --help       show this help

Exit codes: 0 valid (warnings allowed), 1 problems found or bad arguments.
`,
  positionals: [],
  options: { dir: { type: 'string' }, format: { type: 'string' } },
  async run(args, io) {
    const dir = stringOption(args, 'dir') ?? 'desired-state';
    const format = stringOption(args, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`, 'validate');
    const loaded = await openDesiredState(dir);
    const valid = loaded.errors === 0;
    // validate may run without the passcodes (in CI, say): an unset variable is a warning here; plan reports the
    // user as an error and apply refuses to start.
    const unset: Problem[] = missingSecrets(loaded.secretReferences, (env) => io.env[env] || undefined).map((ref) =>
      problemAt(ref.pos, ref.path, `environment variable ${ref.env} is not set: plan and apply need it`, 'warning'),
    );
    const problems = [...loaded.problems, ...unset];
    const warnings = loaded.warnings + unset.length;
    if (format === 'json') {
      const report = {
        valid,
        dir,
        users: loaded.userCount,
        profiles: loaded.layers.profiles.size,
        account: loaded.layers.account !== undefined,
        groups: loaded.layers.groups?.length ?? 0,
        errors: loaded.errors,
        warnings,
        problems,
      };
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      for (const problem of problems) io.stdout.write(`${formatProblem(problem)}\n`);
      const summary = [plural(loaded.userCount, 'user'), plural(loaded.layers.profiles.size, 'profile'), plural(loaded.errors, 'error'), plural(warnings, 'warning')].join(', ');
      const groups = loaded.layers.groups?.length ?? 0;
      const levels = [loaded.layers.account ? 'the account' : '', groups > 0 ? plural(groups, 'group') : ''].filter(Boolean);
      const managed = levels.length > 0 ? `; manages ${levels.join(' and ')}` : '';
      if (valid) io.stdout.write(`desired state in ${dir} is valid: ${summary}${managed}\n`);
      else io.stdout.write(`desired state in ${dir} is NOT valid: ${summary}${managed}\n`);
    }
    return valid ? 0 : 1;
  },
};
