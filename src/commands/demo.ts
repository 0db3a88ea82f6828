/**
 * `zoom-settings demo` (what `npm start` runs): the main job on the embedded default. Validates the example desired
 * state, starts a local Zoom simulator seeded with its users, and plans against it. No account needed.
 */
import { randomInt } from 'node:crypto';
import { resolveUsers } from '../io/desired-state.js';
import { rendererSink } from '../io/output.js';
import { stringOption, type Command, type CommandIo } from './command.js';
import { planInto, rendererFor } from './plan.js';
import { validateCommand } from './validate.js';
import { loadValidDesiredState } from './shared/desired.js';

const HELP = `Usage: zoom-settings demo [--dir DIR]

Runs the main job with no Zoom account: validates the desired state, starts a local Zoom simulator (127.0.0.1)
whose users are the ones in the desired state (with settings that differ on some keys), and prints the plan.
Passcodes referenced as { env: NAME } and not set get a random demo value for this run only.

Options:
  --dir DIR    the desired-state directory (default: ./desired-state)
  -h, --help   show this help
`;

const NEXT_STEPS = `
What happened: the desired state was validated against Zoom's official settings schema, a local Zoom simulator
was started with its users, each user's live settings were read (only the variants they manage), and the plan
above shows who would change, what, from what to what, and which file asked for it. Nothing was sent.

Next:
  ZOOM_EXEC_PMI_PASSCODE=24681357 npx zoom-settings apply --auto-approve --simulate --max-changed-percent 100
      applies it to a simulator (the example executives profile references that passcode)
  npx zoom-settings simulator
      a long-running simulator that prints the export lines to point the CLI at it

Against your Zoom account (a Server-to-Server OAuth app with user:read:admin and user:write:admin):
  export ZOOM_ACCOUNT_ID=... ZOOM_CLIENT_ID=... ZOOM_CLIENT_SECRET=...
  npx zoom-settings plan --out plan.json && npx zoom-settings apply plan.json
`;

/** Secret references the desired state uses but the environment lacks get a throwaway value for the demo. */
function demoSecrets(io: CommandIo, names: Set<string>): NodeJS.ProcessEnv {
  const env = { ...io.env };
  for (const name of names) if (!env[name]) env[name] = String(randomInt(10_000_000, 99_999_999));
  return env;
}

export const demoCommand: Command = {
  name: 'demo',
  help: HELP,
  positionals: [],
  options: { dir: { type: 'string' } },
  async run(args, io) {
    const dir = stringOption(args, 'dir') ?? 'desired-state';
    io.stdout.write(`== 1. validate ${dir}\n`);
    const valid = await validateCommand.run({ values: { dir }, positionals: [] }, io);
    if (valid !== 0) return valid;
    const loaded = await loadValidDesiredState(dir, io);
    const envNames = new Set([...resolveUsers(loaded.state)].flatMap((u) => u.leaves.flatMap((leaf) => (leaf.secret ? [leaf.secret.env] : []))));
    const demoIo = { ...io, env: demoSecrets(io, envNames) };
    io.stdout.write(`\n== 2. plan against a local Zoom simulator seeded with the ${loaded.state.users.length} users of ${dir}\n\n`);
    const result = await planInto(demoIo, { dir, simulate: true }, [rendererSink(rendererFor('text', io, 'the JSON plan'), io.stdout)]);
    io.stdout.write(NEXT_STEPS);
    return result.summary.byStatus.error > 0 ? 1 : 0;
  },
};
