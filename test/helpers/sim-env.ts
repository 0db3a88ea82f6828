/**
 * A simulator seeded from a desired-state directory, and the environment that points the CLI (a child process) at
 * it. With preferShare 1 every managed user starts exactly as desired, so a test perturbs the few settings it
 * wants to see in a plan.
 */
import { simulatorEnv } from '../../src/commands/shared/zoom-session.js';
import { loadDesiredState, resolveUsers } from '../../src/io/desired-state.js';
import { seedUserFor } from '../../src/io/seed-users.js';
import { hierarchySeedFor } from '../../src/io/seed-hierarchy.js';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../src/simulator/index.js';

export interface SimEnv {
  sim: SimulatorHandle;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export async function simulatorFor(dir: string, options: SimulatorOptions = {}, extraEnv: NodeJS.ProcessEnv = {}): Promise<SimEnv> {
  const loaded = await loadDesiredState(dir);
  if (loaded.errors > 0) throw new Error(`fixture ${dir} is not valid: ${JSON.stringify(loaded.problems)}`);
  const resolved = [...resolveUsers(loaded.state)];
  // The account and groups start as the desired state has them (a hierarchy the test gives adds members and groups).
  const hierarchy = hierarchySeedFor(loaded.state, options.hierarchy);
  const sim = await startSimulator({ users: 0, seed: 7, preferShare: 1, maxRps: 1000, seedUsers: resolved.map(seedUserFor), ...options, hierarchy });
  // Passcodes are not in the seed (the desired state holds only references): set those the test provides.
  if ((options.preferShare ?? 1) === 1) {
    for (const user of resolved) {
      for (const leaf of user.leaves) {
        const value = leaf.secret ? extraEnv[leaf.secret.env] : undefined;
        if (value) sim.setSetting(user.user.key, leaf.variant, leaf.path, value);
      }
    }
  }
  const env: NodeJS.ProcessEnv = { ...simulatorEnv({}, sim), ZOOM_MAX_RPS: '200', ...extraEnv };
  return { sim, env, stop: () => sim.stop() };
}

/** The simulator's request log, as lines a person reads: "PATCH alice@example.com default 204". */
export function requestStory(sim: SimulatorHandle, methods: string[] = ['GET', 'PATCH']): string[] {
  return sim.requestLog
    .filter((r) => methods.includes(r.method) && r.user !== null)
    .map((r) => `${r.method} ${r.user} ${r.option ?? 'default'} ${r.status}`);
}
