/** Shared set-up for the client's integration tests: a simulator client config and a captured trace log. */
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { SimulatorHandle } from '../../src/simulator/index.js';
import { createZoomClient, type ZoomClient, type ZoomClientConfig, type ZoomClientDeps } from '../../src/zoom/index.js';

/** A pino logger at trace, WITHOUT the project's redaction, so a test sees whatever the client itself logs. */
export function captureLogs(): { logger: Logger; text: () => string; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level: 'trace' }, stream);
  const text = (): string => chunks.join('');
  return {
    logger,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

export function simulatorConfig(sim: SimulatorHandle, overrides: Partial<ZoomClientConfig> = {}): ZoomClientConfig {
  return {
    auth: { kind: 'oauth', ...sim.credentials, tokenUrl: sim.tokenUrl },
    plan: 'pro',
    rateShare: 1,
    maxRps: 200,
    maxAttempts: 5,
    timeoutMs: 5000,
    ...overrides,
  };
}

export interface TestClient {
  client: ZoomClient;
  logs: ReturnType<typeof captureLogs>;
}

/** Backoff and QPS pauses take random() = 0: no backoff delay, a 1,000 ms pause. */
export function simulatorClient(
  sim: SimulatorHandle,
  overrides: Partial<ZoomClientConfig> = {},
  deps: Partial<ZoomClientDeps> = {},
): TestClient {
  const logs = captureLogs();
  const client = createZoomClient(simulatorConfig(sim, overrides), { logger: logs.logger, random: () => 0, ...deps });
  return { client, logs };
}

/** Runs `jobs` with `parallelism` workers, like a caller keeping that many users in flight. */
export async function runPool<T>(jobs: Array<() => Promise<T>>, parallelism: number): Promise<Array<PromiseSettledResult<T>>> {
  const results: Array<PromiseSettledResult<T>> = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await jobs[index]!() };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallelism) }, worker));
  return results;
}

export function activeUsers(sim: SimulatorHandle): Array<{ id: string; email: string }> {
  return sim.users().filter((user) => user.status === 'active');
}

/** The simulator's log of API requests (token requests left out). */
export function apiLog(sim: SimulatorHandle): SimulatorHandle['requestLog'] {
  return sim.requestLog.filter((entry) => entry.path.startsWith('/v2/'));
}
