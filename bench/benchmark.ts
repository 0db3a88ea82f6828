/**
 * One benchmark size: write the desired state, then for `plan` and for `apply --auto-approve` start a fresh simulated
 * account (so each run's counters are its own), run the built CLI against it, and collect the figures and checks.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { runBuiltCli, type CliRun } from './cli-run.js';
import { writeDesiredState } from './desired-state.js';
import { check, cpuMsOf, runFigures, totalFigures, type Check, type RunFigures, type TotalFigures } from './figures.js';
import type { BenchOptions } from './options.js';
import { applyMinimum, countPlan, planMinimum, type PlanCounts } from './plan-counts.js';
import { countsOf, fullDesiredBytesOfChanged, type Scenario, type ScenarioCounts } from './scenario.js';
import { cliEnvFor, measureFloor, startSimulatorProcess, type FloorMeasurement, type SimulatorExit } from './simulator-control.js';

export interface SimulatorFigures {
  startMs: number;
  cpuMs: number;
  peakRssMiB: number;
  eventLoopDelayMs: SimulatorExit['eventLoopDelayMs'];
}

export interface SizeResult {
  users: number;
  rate: number;
  scenario: ScenarioCounts;
  desiredFiles: number;
  plan: RunFigures & { planCounts: PlanCounts; simulator: SimulatorFigures; loadavg: number[] };
  apply: RunFigures & { planCounts: PlanCounts; ledger: LedgerCounts | null; simulator: SimulatorFigures; loadavg: number[] };
  total: TotalFigures;
  /** Bytes of the PATCH bodies sent vs bytes of the changed users' full desired settings. */
  patchBytes: { sent: number; fullDesired: number; ratio: number };
  checks: Check[];
  /** With --floor: a bare node:http client's CPU per request for the same GETs at the same rate. */
  floor?: FloorMeasurement;
  tempDir?: string;
}

/** Enough requests for a steady figure, few enough to keep the run short. */
const FLOOR_REQUESTS = 2000;

async function floorFor(options: BenchOptions, users: number): Promise<FloorMeasurement> {
  const sim = await startSimulatorProcess({ users, seed: options.seed, rate: options.rate, latency: options.latency, changedShare: options.changedShare });
  try {
    return await measureFloor(sim, options.rate, Math.min(users, FLOOR_REQUESTS), users);
  } finally {
    await sim.stop();
  }
}

export interface LedgerCounts {
  counts: Record<string, number>;
  patchesSent: number;
}

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  totalMemGiB: number;
  node: string;
  platform: string;
}

export function machineInfo(): MachineInfo {
  return {
    nproc: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    totalMemGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

const loads = (): number[] => loadavg().map((l) => Math.round(l * 100) / 100);

function simulatorFigures(startMs: number, exit: SimulatorExit): SimulatorFigures {
  return {
    startMs: Math.round(startMs),
    cpuMs: Math.round(cpuMsOf(exit.usage)),
    peakRssMiB: Math.round((exit.usage.maxRSS / 1024) * 10) / 10,
    eventLoopDelayMs: exit.eventLoopDelayMs,
  };
}

interface MeasuredRun {
  run: CliRun;
  exit: SimulatorExit;
  startMs: number;
  loadavg: number[];
}

/** A fresh simulator, one CLI run against it, the simulator's final counters. */
async function measured(options: BenchOptions, users: number, args: string[], usageFile: string): Promise<MeasuredRun> {
  const sim = await startSimulatorProcess({ users, seed: options.seed, rate: options.rate, latency: options.latency, changedShare: options.changedShare });
  try {
    const before = loads();
    const run = await runBuiltCli(args, cliEnvFor(sim, options.rate), usageFile);
    const exit = await sim.stop();
    return { run, exit, startMs: sim.startMs, loadavg: [...before, ...loads()] };
  } catch (error) {
    await sim.stop().catch(() => undefined);
    throw error;
  }
}

function parseLedger(stdout: string): LedgerCounts | null {
  try {
    const parsed = JSON.parse(stdout) as { ledger?: LedgerCounts };
    return parsed.ledger ? { counts: parsed.ledger.counts, patchesSent: parsed.ledger.patchesSent } : null;
  } catch {
    return null;
  }
}

export async function benchmarkSize(options: BenchOptions, users: number, log: (line: string) => void): Promise<SizeResult> {
  const tmp = mkdtempSync(join(tmpdir(), 'zoom-settings-bench-'));
  try {
    const scenario: Scenario = { users, changedShare: options.changedShare };
    const expected = countsOf(scenario);
    const dir = join(tmp, 'desired-state');
    const { files } = writeDesiredState(dir, users);

    log(`N=${users}: plan …`);
    const planFile = join(tmp, 'plan.json');
    const plan = await measured(options, users, ['plan', '--dir', dir, '--out', planFile], join(tmp, 'usage-plan.json'));
    const planCounts = await countPlan(planFile);

    log(`N=${users}: apply --auto-approve …`);
    const journal = join(tmp, 'journal', 'journal.jsonl');
    const applyArgs = ['apply', '--auto-approve', '--dir', dir, '--journal', journal, '--max-changed-users', String(users), '--max-changed-percent', '100', '--format', 'json'];
    const apply = await measured(options, users, applyArgs, join(tmp, 'usage-apply.json'));
    const spill = readdirSync(join(tmp, 'journal', 'plans')).find((name) => name.endsWith('.plan.json'));
    if (!spill) throw new Error(`apply left no plan beside its journal: ${apply.run.stderrTail.slice(-500)}`);
    const applyCounts = await countPlan(join(tmp, 'journal', 'plans', spill));
    const ledger = parseLedger(apply.run.stdout);

    const common = { users, rate: options.rate };
    const planFigures = runFigures('plan', { ...common, run: plan.run, counters: plan.exit.counters, minimum: planMinimum(planCounts), gets: planCounts.gets, patches: 0 });
    const applyFigures = runFigures('apply --auto-approve', {
      ...common,
      run: apply.run,
      counters: apply.exit.counters,
      minimum: applyMinimum(applyCounts),
      gets: applyCounts.gets + applyCounts.verifies,
      patches: applyCounts.patches,
    });
    const fullDesired = fullDesiredBytesOfChanged(scenario);
    const sent = apply.exit.counters.patchBodyBytes;
    const checks = [
      check('plan exit code 0', plan.run.code === 0, `exit ${plan.run.code}${plan.run.code === 0 ? '' : `: ${plan.run.stderrTail.slice(-300)}`}`),
      check('apply exit code 0', apply.run.code === 0, `exit ${apply.run.code}${apply.run.code === 0 ? '' : `: ${apply.run.stderrTail.slice(-300)}`}`),
      check('plan requests = minimum', planFigures.requests === planFigures.minimum, `${planFigures.requests} sent, ${planFigures.minimum} needed`),
      check('apply requests = minimum', applyFigures.requests === applyFigures.minimum, `${applyFigures.requests} sent, ${applyFigures.minimum} needed`),
      check('changed users as seeded', planCounts.byStatus.change === expected.changed, `${planCounts.byStatus.change} planned, ${expected.changed} seeded`),
      check('pending users as seeded', planCounts.byStatus.pending === expected.pending, `${planCounts.byStatus.pending} planned, ${expected.pending} seeded`),
      check('one change per changed user', planCounts.changes === planCounts.byStatus.change, `${planCounts.changes} changes`),
      check('every changed user applied', ledger?.counts.applied === expected.changed, `${ledger?.counts.applied ?? 'no ledger'} applied`),
      check('no 429 answers', planFigures.tooManyRequests + applyFigures.tooManyRequests === 0, `${planFigures.tooManyRequests} + ${applyFigures.tooManyRequests}`),
    ];
    return {
      ...common,
      scenario: expected,
      desiredFiles: files,
      plan: { ...planFigures, planCounts, simulator: simulatorFigures(plan.startMs, plan.exit), loadavg: plan.loadavg },
      apply: { ...applyFigures, planCounts: applyCounts, ledger, simulator: simulatorFigures(apply.startMs, apply.exit), loadavg: apply.loadavg },
      total: totalFigures([planFigures, applyFigures]),
      patchBytes: { sent, fullDesired, ratio: fullDesired > 0 ? Math.round((sent / fullDesired) * 1000) / 1000 : 0 },
      checks,
      ...(options.floor ? { floor: await floorFor(options, users) } : {}),
      ...(options.keep ? { tempDir: tmp } : {}),
    };
  } finally {
    if (!options.keep) rmSync(tmp, { recursive: true, force: true });
  }
}

export interface BenchResult {
  benchmark: 'zoom-settings';
  createdAt: string;
  machine: MachineInfo;
  options: Omit<BenchOptions, 'json' | 'resultsDir' | 'keep' | 'floor'>;
  sizes: SizeResult[];
  /** Peak RSS of each run at the largest size over the smallest (with --sizes). */
  rssGrowth: { plan: number; apply: number } | null;
}

export async function runBenchmark(options: BenchOptions, log: (line: string) => void = () => undefined): Promise<BenchResult> {
  const sizes: SizeResult[] = [];
  for (const users of options.sizes) sizes.push(await benchmarkSize(options, users, log));
  const bySize = [...sizes].sort((a, b) => a.users - b.users);
  const small = bySize[0]!;
  const large = bySize[bySize.length - 1]!;
  const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;
  return {
    benchmark: 'zoom-settings',
    createdAt: new Date().toISOString(),
    machine: machineInfo(),
    options: { sizes: options.sizes, rate: options.rate, latency: options.latency, changedShare: options.changedShare, seed: options.seed },
    sizes,
    rssGrowth: sizes.length > 1 ? { plan: ratio(large.plan.peakRssMiB, small.plan.peakRssMiB), apply: ratio(large.apply.peakRssMiB, small.apply.peakRssMiB) } : null,
  };
}
