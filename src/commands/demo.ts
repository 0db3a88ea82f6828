/**
 * `zoom-settings demo` (what `npm start` runs): the main job on the embedded default. Validates the example desired
 * state, starts a local Zoom simulator seeded with its users, and plans against it. No account needed.
 */
import { randomInt } from 'node:crypto';
import { resolveUsers } from '../io/desired-state.js';
import { rendererSink } from '../io/output.js';
import { seedUserFor } from '../io/seed-users.js';
import { hierarchySeedFor } from '../io/seed-hierarchy.js';
import { startSimulator } from '../simulator/index.js';
import { stringOption, type Command, type CommandIo } from './command.js';
import { explainCommand } from './explain.js';
import { planInto, rendererFor } from './plan.js';
import { planErrors } from '../core/plan/summary.js';
import { validateCommand } from './validate.js';
import { demoLock } from './shared/demo-hierarchy.js';
import { loadValidDesiredState } from './shared/desired.js';
import { simulatorEnv } from './shared/zoom-session.js';

const HELP = `Usage: zoom-settings demo [--dir DIR]

Runs the main job with no Zoom account: validates the desired state, starts a local Zoom simulator (127.0.0.1)
whose users are the ones in the desired state (with settings that differ on some keys) and whose group "Sales"
locks one of their settings, prints the plan (with the change that lock holds), and explains that setting.
Passcodes referenced as { env: NAME } and not set get a random demo value for this run only.

Options:
  --dir DIR    the desired-state directory (default: ./desired-state)
  -h, --help   show this help
`;

const NEXT_STEPS = `
What happened: the desired state was validated against Zoom's official settings schema, a local Zoom simulator
was started with its users, each user's live settings were read (only the variants they manage), and the plan
above shows who would change, what, from what to what, and which file asked for it, and which desired change a
group lock holds (explained in step 3). Nothing was sent.

Next:
  ZOOM_EXEC_PMI_PASSCODE=24681357 npx zoom-settings apply --auto-approve --simulate --max-changed-percent 100
      applies it to a simulator (the example executives profile references that passcode)
  npx zoom-settings simulator --users-from desired-state --hierarchy FILE
      a long-running simulator (with account and group locks from FILE, see the README) that prints the export
      lines to point the CLI at it

Against your Zoom account (a Server-to-Server OAuth app with user:read:admin and user:write:admin, plus
account:read:admin and group:read:admin for lock awareness):
  export ZOOM_ACCOUNT_ID=... ZOOM_CLIENT_ID=... ZOOM_CLIENT_SECRET=...
  npx zoom-settings plan --out plan.json && npx zoom-settings apply plan.json
  npx zoom-settings explain USER [SETTING...]
      why a user has the value they have (the question "why can't I turn on cloud recording?"): account and
      group values and locks, the live value, the desired value and the files behind it
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
    const users = [...resolveUsers(loaded.state)];
    const lock = demoLock(users);
    // The account and groups as the desired state has them (Sales with its lock), with the demo's Sales member.
    const sim = await startSimulator({ users: 0, seed: 1, seedUsers: users.map(seedUserFor), hierarchy: hierarchySeedFor(loaded.state, lock?.hierarchy) });
    let result;
    try {
      const demoIo = { ...io, env: simulatorEnv(demoSecrets(io, envNames), sim) };
      const locked = lock ? ` (group Sales locks ${lock.setting} for ${lock.user})` : '';
      io.stdout.write(`\n== 2. plan against a local Zoom simulator seeded with the ${loaded.state.users.length} users of ${dir}${locked}\n\n`);
      result = await planInto(demoIo, { dir, simulate: false }, [rendererSink(rendererFor('text', io, 'the JSON plan'), io.stdout)]);
      if (lock) {
        io.stdout.write(`\n== 3. explain ${lock.user} ${lock.setting}: why that change is held\n\n`);
        await explainCommand.run({ values: { dir }, positionals: [lock.user, lock.setting] }, demoIo);
      }
    } finally {
      await sim.stop();
    }
    io.stdout.write(NEXT_STEPS);
    return planErrors(result.summary) > 0 ? 1 : 0;
  },
};
