/** Starts bench/simulator-process.ts as a child process and talks to it: its ready line, /_sim/stats, its stop line. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { SimulatorCounters } from '../src/simulator/index.js';
import type { Latency } from './options.js';
import type { ScenarioCounts } from './scenario.js';
import type { ShapeName } from './shapes.js';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const PROCESS_FILE = fileURLToPath(new URL('./simulator-process.ts', import.meta.url));
const FLOOR_FILE = fileURLToPath(new URL('./floor-process.ts', import.meta.url));
const READY_TIMEOUT_MS = 60_000;

export interface SimulatorProcessOptions {
  users: number;
  seed: string;
  rate: number;
  latency: Latency;
  changedShare: number;
  shape: ShapeName;
}

export interface SimulatorExit {
  counters: SimulatorCounters;
  usage: NodeJS.ResourceUsage;
  memory: NodeJS.MemoryUsage;
  /** How late the simulator's event loop ran (a late loop stamps arrivals late, in bunches). */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
}

export interface RunningSimulator {
  baseUrl: string;
  apiBaseUrl: string;
  tokenUrl: string;
  credentials: { accountId: string; clientId: string; clientSecret: string };
  counts: ScenarioCounts;
  /** Time startSimulator took inside the child. */
  startMs: number;
  stats(): Promise<SimulatorCounters>;
  /** Stops the child and returns its last counters and its own resource usage. */
  stop(): Promise<SimulatorExit>;
}

interface ReadyLine {
  ready: true;
  baseUrl: string;
  apiBaseUrl: string;
  tokenUrl: string;
  credentials: RunningSimulator['credentials'];
  counts: ScenarioCounts;
  startMs: number;
}

export class SimulatorProcessError extends Error {
  override name = 'SimulatorProcessError';
  constructor(message: string, readonly stderr: string) {
    super(stderr.trim() ? `${message}: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : message);
  }
}

export function startSimulatorProcess(options: SimulatorProcessOptions): Promise<RunningSimulator> {
  const args = [
    '--import',
    'tsx',
    PROCESS_FILE,
    '--users',
    String(options.users),
    '--seed',
    options.seed,
    '--rate',
    String(options.rate),
    '--latency',
    `${options.latency.minMs}-${options.latency.maxMs}`,
    '--changed-share',
    String(options.changedShare),
    '--shape',
    options.shape,
  ];
  // A plain environment: jest's NODE_OPTIONS (vm modules) have no business in the referee.
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout });
  const exitLine = new Promise<SimulatorExit>((resolve, reject) => {
    lines.on('line', (line) => {
      const parsed = parseLine(line) as ({ stopped?: boolean } & SimulatorExit) | undefined;
      if (parsed?.stopped) resolve(parsed);
    });
    child.on('close', (code) => reject(new SimulatorProcessError(`the simulator process exited (code ${code}) without its last line`, stderr)));
  });
  exitLine.catch(() => undefined);

  return new Promise<RunningSimulator>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new SimulatorProcessError(`the simulator process was not ready within ${READY_TIMEOUT_MS / 1000} s`, stderr));
    }, READY_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new SimulatorProcessError(`the simulator process exited (code ${code}) before it was ready`, stderr));
    });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const ready = parseLine(line) as ReadyLine | undefined;
      if (!ready?.ready) return reject(new SimulatorProcessError(`unexpected first line from the simulator process: ${line}`, stderr));
      resolve(controls(child, ready, exitLine));
    });
  });
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

function controls(child: ChildProcessWithoutNullStreams, ready: ReadyLine, exitLine: Promise<SimulatorExit>): RunningSimulator {
  return {
    baseUrl: ready.baseUrl,
    apiBaseUrl: ready.apiBaseUrl,
    tokenUrl: ready.tokenUrl,
    credentials: ready.credentials,
    counts: ready.counts,
    startMs: ready.startMs,
    async stats() {
      const response = await fetch(`${ready.baseUrl}/_sim/stats`);
      if (!response.ok) throw new Error(`GET /_sim/stats answered ${response.status}`);
      return (await response.json()) as SimulatorCounters;
    },
    stop() {
      child.stdin.end();
      return exitLine;
    },
  };
}

/** The environment that points the CLI at the simulator (Server-to-Server OAuth against its token endpoint). */
export function cliEnvFor(sim: RunningSimulator, rate: number): NodeJS.ProcessEnv {
  return {
    ZOOM_ACCOUNT_ID: sim.credentials.accountId,
    ZOOM_CLIENT_ID: sim.credentials.clientId,
    ZOOM_CLIENT_SECRET: sim.credentials.clientSecret,
    ZOOM_OAUTH_TOKEN_URL: sim.tokenUrl,
    ZOOM_API_BASE_URL: sim.apiBaseUrl,
    ZOOM_MAX_RPS: String(rate),
  };
}

export interface FloorMeasurement {
  requests: number;
  wallMs: number;
  cpuMsPerRequest: number;
}

/** Runs bench/floor-process.ts against a running simulator: the machine's CPU per request for a bare client. */
export function measureFloor(sim: RunningSimulator, rate: number, requests: number, users: number): Promise<FloorMeasurement> {
  const args = ['--import', 'tsx', FLOOR_FILE, '--base', sim.apiBaseUrl, '--token-url', sim.tokenUrl, '--account-id', sim.credentials.accountId];
  args.push('--client-id', sim.credentials.clientId, '--client-secret', sim.credentials.clientSecret, '--rate', String(rate), '--requests', String(requests), '--users', String(users));
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const parsed = parseLine(stdout.trim().split('\n').pop() ?? '') as FloorMeasurement | undefined;
      if (code === 0 && parsed) resolve(parsed);
      else reject(new SimulatorProcessError(`the floor process failed (code ${code})`, stderr));
    });
  });
}
