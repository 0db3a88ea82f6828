/**
 * The benchmark's figures from raw measurements: pure arithmetic, so the report and the smoke test agree on them.
 * The physical bound is Zoom's MEDIUM rate (zoom-api-facts.md §5.1): a run of M requests cannot take less than M / R.
 */
import type { SimulatorCounters } from '../src/simulator/index.js';
import type { CliRun } from './cli-run.js';

export interface RunFigures {
  command: string;
  exitCode: number | null;
  /** MEDIUM requests the simulator received during the run (every attempt, 429s included). */
  requests: number;
  /** The fewest the run could have made, from its plan (bench/plan-counts.ts). */
  minimum: number;
  gets: number;
  patches: number;
  byStatus: Record<string, number>;
  tooManyRequests: number;
  /** requests / R. */
  idealSeconds: number;
  /** Spawn to exit of the CLI process, startup and the last answer's latency included. */
  wallSeconds: number;
  utilisation: number;
  /** At the simulator, sliding 1,000 ms window; R is the allowed rate. */
  maxRequestsInOneSecond: number;
  cpuMs: number;
  cpuMsPerUser: number;
  peakRssMiB: number;
  patchBodyBytes: number;
}

export interface RunInput {
  run: CliRun;
  counters: SimulatorCounters;
  minimum: number;
  gets: number;
  patches: number;
  users: number;
  rate: number;
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

export function cpuMsOf(usage: NodeJS.ResourceUsage): number {
  return (usage.userCPUTime + usage.systemCPUTime) / 1000;
}

export function runFigures(command: string, input: RunInput): RunFigures {
  const { run, counters, rate, users } = input;
  const idealSeconds = counters.requests / rate;
  const wallSeconds = run.wallMs / 1000;
  const cpuMs = cpuMsOf(run.usage);
  return {
    command,
    exitCode: run.code,
    requests: counters.requests,
    minimum: input.minimum,
    gets: input.gets,
    patches: input.patches,
    byStatus: counters.byStatus,
    tooManyRequests: counters.byStatus['429'] ?? 0,
    idealSeconds: round(idealSeconds, 2),
    wallSeconds: round(wallSeconds, 2),
    utilisation: round(wallSeconds > 0 ? idealSeconds / wallSeconds : 0, 4),
    maxRequestsInOneSecond: counters.maxRequestsInAnyOneSecondWindow,
    cpuMs: round(cpuMs, 1),
    cpuMsPerUser: round(users > 0 ? cpuMs / users : 0, 4),
    // maxRSS is in KiB (getrusage).
    peakRssMiB: round(run.usage.maxRSS / 1024, 1),
    patchBodyBytes: counters.patchBodyBytes,
  };
}

export interface TotalFigures {
  requests: number;
  minimum: number;
  idealSeconds: number;
  wallSeconds: number;
  utilisation: number;
  tooManyRequests: number;
}

export function totalFigures(runs: readonly RunFigures[]): TotalFigures {
  const sum = (pick: (r: RunFigures) => number): number => runs.reduce((n, r) => n + pick(r), 0);
  const ideal = sum((r) => r.idealSeconds);
  const wall = sum((r) => r.wallSeconds);
  return {
    requests: sum((r) => r.requests),
    minimum: sum((r) => r.minimum),
    idealSeconds: round(ideal, 2),
    wallSeconds: round(wall, 2),
    utilisation: round(wall > 0 ? ideal / wall : 0, 4),
    tooManyRequests: sum((r) => r.tooManyRequests),
  };
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export function check(name: string, ok: boolean, detail: string): Check {
  return { name, ok, detail };
}
