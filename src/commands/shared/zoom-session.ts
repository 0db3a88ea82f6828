/**
 * The Zoom side of a run: a client from the environment (ZOOM_* variables), or with --simulate an in-process
 * simulator seeded from the desired state, so a change can be tried with no Zoom account.
 */
import type { ResolvedUser } from '../../core/desired/merge.js';
import { SecretValues } from '../../core/redact.js';
import { seedUserFor } from '../../io/seed-users.js';
import type { UserDirectory } from './user-directory.js';
import { startSimulator, type HierarchySeed, type SimulatorHandle } from '../../simulator/index.js';
import { clientConfigFromEnv, createZoomClient, type ZoomClient } from '../../zoom/index.js';
import type { CommandIo } from '../command.js';

export interface ZoomSession {
  client: ZoomClient;
  /** The account plans are bound to: apply refuses a plan made for another one. */
  account: string;
  /** The environment the run uses (with --simulate: pointed at the simulator). */
  env: NodeJS.ProcessEnv;
  simulator?: SimulatorHandle;
  /** The account's users, when the run listed them (user-directory.ts): ids, emails and status. */
  directory?: UserDirectory;
  /** The run's known secret values (credentials, tokens, resolved passcodes), redacted from server text and logs. */
  secrets: SecretValues;
  close(): Promise<void>;
}

/** Environment variables that point the client at a simulator (and drop any real credentials). */
export function simulatorEnv(base: NodeJS.ProcessEnv, simulator: SimulatorHandle): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  delete env.ZOOM_ACCESS_TOKEN;
  return {
    ...env,
    ZOOM_ACCOUNT_ID: simulator.credentials.accountId,
    ZOOM_CLIENT_ID: simulator.credentials.clientId,
    ZOOM_CLIENT_SECRET: simulator.credentials.clientSecret,
    ZOOM_OAUTH_TOKEN_URL: simulator.tokenUrl,
    ZOOM_API_BASE_URL: simulator.apiBaseUrl,
  };
}

export async function openZoomSession(io: CommandIo, simulate?: { users: Iterable<ResolvedUser>; hierarchy?: HierarchySeed }): Promise<ZoomSession> {
  const secrets = io.secrets ?? new SecretValues();
  if (simulate) {
    const seedUsers = [...simulate.users].map(seedUserFor);
    const simulator = await startSimulator({ users: 0, seed: 1, seedUsers, ...(simulate.hierarchy ? { hierarchy: simulate.hierarchy } : {}) });
    const env = simulatorEnv(io.env, simulator);
    const client = createZoomClient(clientConfigFromEnv(env), { logger: io.logger, secrets });
    return {
      client,
      account: simulator.credentials.accountId,
      env,
      simulator,
      secrets,
      close: async () => {
        client.close();
        await simulator.stop();
      },
    };
  }
  const config = clientConfigFromEnv(io.env);
  const client = createZoomClient(config, { logger: io.logger, secrets });
  return { client, account: client.accountLabel, env: io.env, secrets, close: async () => client.close() };
}
