/**
 * One benchmark size: write the desired state, then for `plan` and for `apply --auto-approve` start a fresh simulated
 * account (so each run's counters are its own), run the built CLI against it, and collect the figures and checks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { CLI_PATH, runBuiltCli, type CliRun } from './cli-run.js';
import { check, cpuMsOf, runFigures, totalFigures, type Check, type RunFigures, type TotalFigures } from './figures.js';
import type { BenchOptions } from './options.js';
import { applyMinimum, countPlan, planMinimum, type PlanCounts } from './plan-counts.js';
import { countsOf, fullDesiredBytesOfChanged, type Scenario, type ScenarioCounts } from './scenario.js';
import { shapeNamed, type ShapeName } from './shapes.js';
import { cliEnvFor, measureFloor, startSimulatorProcess, type FloorMeasurement, type SimulatorExit } from './simulator-control.js';

export interface SimulatorFigures {
  startMs: number;
  cpuMs: number;
  peakRssMiB: number;
  eventLoopDelayMs: SimulatorExit['eventLoopDelayMs'];
}

/** `validate` of the same desired state: no Zoom, so only time and memory. */
export interface ValidateFigures {
  exitCode: number | null;
  wallSeconds: number;
  cpuMs: number;
  peakRssMiB: number;
  loadavg: number[];
}

export type PlanRun = RunFigures & { planCounts: PlanCounts; simulator: SimulatorFigures; loadavg: number[] };
export type ApplyRun = RunFigures & { planCounts: PlanCounts; ledger: LedgerCounts | null; simulator: SimulatorFigures; loadavg: number[] };

export interface SizeResult {
  users: number;
  rate: number;
  shape: ShapeName;
  scenario: ScenarioCounts;
  desiredFiles: number;
  /** Bytes of the desired-state files. */
  desiredBytes: number;
  validate: ValidateFigures;
  plan: PlanRun;
  apply: ApplyRun;
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

/** With --plan-only: no apply, so no apply figures, totals or PATCH bytes. */
export type PlanOnlySizeResult = Omit<SizeResult, 'apply' | 'total' | 'patchBytes'> & { apply: null; total: null; patchBytes: null };

function simulatorOptions(options: BenchOptions, users: number) {
  return { users, seed: options.seed, rate: options.rate, latency: options.latency, changedShare: options.changedShare, shape: options.shape ?? 'simple' };
}

async function floorFor(options: BenchOptions, users: number): Promise<FloorMeasurement> {
  const sim = await startSimulatorProcess(simulatorOptions(options, users));
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
  const sim = await startSimulatorProcess(simulatorOptions(options, users));
  try {
    const before = loads();
    const env = { ...cliEnvFor(sim, options.rate), ...shapeNamed(options.shape ?? 'simple').env() };
    const run = await runBuiltCli(args, env, usageFile, options.cli ?? CLI_PATH);
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

function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

async function validateRun(options: BenchOptions, dir: string, usageFile: string): Promise<ValidateFigures> {
  const before = loads();
  const run = await runBuiltCli(['validate', '--dir', dir], {}, usageFile, options.cli ?? CLI_PATH);
  return {
    exitCode: run.code,
    wallSeconds: Math.round(run.wallMs) / 1000,
    cpuMs: Math.round(cpuMsOf(run.usage)),
    peakRssMiB: Math.round((run.usage.maxRSS / 1024) * 10) / 10,
    loadavg: [...before, ...loads()],
  };
}

export async function benchmarkSize(options: BenchOptions, users: number, log: (line: string) => void): Promise<SizeResult | PlanOnlySizeResult> {
  const tmp = mkdtempSync(join(tmpdir(), 'zoom-settings-bench-'));
  try {
    const scenario: Scenario = { users, changedShare: options.changedShare };
    const shape = shapeNamed(options.shape ?? 'simple');
    const expected = countsOf(scenario);
    const dir = join(tmp, 'desired-state');
    const { files } = shape.writeDesiredState(dir, users);

    log(`N=${users}: validate …`);
    const validate = await validateRun(options, dir, join(tmp, 'usage-validate.json'));

    log(`N=${users}: plan …`);
    const planFile = join(tmp, 'plan.json');
    const plan = await measured(options, users, ['plan', '--dir', dir, '--out', planFile], join(tmp, 'usage-plan.json'));
    const planCounts = await countPlan(planFile);
    const common = { users, rate: options.rate };
    const planFigures = runFigures('plan', { ...common, run: plan.run, counters: plan.exit.counters, minimum: planMinimum(planCounts), gets: planCounts.gets, patches: 0 });
    const planChecks = [
      check('validate exit code 0', validate.exitCode === 0, `exit ${validate.exitCode}`),
      check('plan exit code 0', plan.run.code === 0, `exit ${plan.run.code}${plan.run.code === 0 ? '' : `: ${plan.run.stderrTail.slice(-300)}`}`),
      check('plan requests = minimum', planFigures.requests === planFigures.minimum, `${planFigures.requests} sent, ${planFigures.minimum} needed`),
      check('changed users as seeded', planCounts.byStatus.change === expected.changed, `${planCounts.byStatus.change} planned, ${expected.changed} seeded`),
      check('pending users as seeded', planCounts.byStatus.pending === expected.pending, `${planCounts.byStatus.pending} planned, ${expected.pending} seeded`),
      check('one change per changed user', planCounts.changes === planCounts.byStatus.change, `${planCounts.changes} changes`),
    ];
    const sizeCommon = { ...common, shape: shape.name, scenario: expected, desiredFiles: files, desiredBytes: directoryBytes(dir), validate };
    const planResult = { ...planFigures, planCounts, simulator: simulatorFigures(plan.startMs, plan.exit), loadavg: plan.loadavg };
    const extras = { ...(options.floor ? { floor: await floorFor(options, users) } : {}), ...(options.keep ? { tempDir: tmp } : {}) };
    if (options.planOnly) {
      const checks = [...planChecks, check('no 429 answers', planFigures.tooManyRequests === 0, `${planFigures.tooManyRequests}`)];
      return { ...sizeCommon, plan: planResult, apply: null, total: null, patchBytes: null, checks, ...extras };
    }

    log(`N=${users}: apply --auto-approve …`);
    const journal = join(tmp, 'journal', 'journal.jsonl');
    const applyArgs = ['apply', '--auto-approve', '--dir', dir, '--journal', journal, '--max-changed-users', String(users), '--max-changed-percent', '100', '--format', 'json'];
    const apply = await measured(options, users, applyArgs, join(tmp, 'usage-apply.json'));
    const spill = readdirSync(join(tmp, 'journal', 'plans')).find((name) => name.endsWith('.plan.json'));
    if (!spill) throw new Error(`apply left no plan beside its journal: ${apply.run.stderrTail.slice(-500)}`);
    const applyCounts = await countPlan(join(tmp, 'journal', 'plans', spill));
    const ledger = parseLedger(apply.run.stdout);
    const applyFigures = runFigures('apply --auto-approve', {
      ...common,
      run: apply.run,
      counters: apply.exit.counters,
      minimum: applyMinimum(applyCounts),
      gets: applyCounts.gets + applyCounts.verifies,
      patches: applyCounts.patches,
    });
    const fullDesired = fullDesiredBytesOfChanged(scenario, shape.desired, shape.key);
    const sent = apply.exit.counters.patchBodyBytes;
    const checks = [
      ...planChecks,
      check('apply exit code 0', apply.run.code === 0, `exit ${apply.run.code}${apply.run.code === 0 ? '' : `: ${apply.run.stderrTail.slice(-300)}`}`),
      check('apply requests = minimum', applyFigures.requests === applyFigures.minimum, `${applyFigures.requests} sent, ${applyFigures.minimum} needed`),
      check('every changed user applied', ledger?.counts.applied === expected.changed, `${ledger?.counts.applied ?? 'no ledger'} applied`),
      check('no 429 answers', planFigures.tooManyRequests + applyFigures.tooManyRequests === 0, `${planFigures.tooManyRequests} + ${applyFigures.tooManyRequests}`),
    ];
    return {
      ...sizeCommon,
      plan: planResult,
      apply: { ...applyFigures, planCounts: applyCounts, ledger, simulator: simulatorFigures(apply.startMs, apply.exit), loadavg: apply.loadavg },
      total: totalFigures([planFigures, applyFigures]),
      patchBytes: { sent, fullDesired, ratio: fullDesired > 0 ? Math.round((sent / fullDesired) * 1000) / 1000 : 0 },
      checks,
      ...extras,
    };
  } finally {
    if (!options.keep) rmSync(tmp, { recursive: true, force: true });
  }
}

export interface BenchResult<S = SizeResult> {
  benchmark: 'zoom-settings';
  createdAt: string;
  machine: MachineInfo;
  options: Pick<BenchOptions, 'sizes' | 'rate' | 'latency' | 'changedShare' | 'seed'> & { shape: ShapeName; planOnly: boolean; burners: number; cli: string };
  sizes: S[];
  /** Peak RSS of each run at the largest size over the smallest (with --sizes); apply is null with --plan-only. */
  rssGrowth: { validate: number; plan: number; apply: number | null } | null;
}

/** Busy loops in child processes, for a benchmark on a loaded machine (--burners). */
function startBurners(count: number): ChildProcess[] {
  return Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

export function runBenchmark(options: BenchOptions & { planOnly?: false }, log?: (line: string) => void): Promise<BenchResult>;
export function runBenchmark(options: BenchOptions, log?: (line: string) => void): Promise<BenchResult<SizeResult | PlanOnlySizeResult>>;
export async function runBenchmark(options: BenchOptions, log: (line: string) => void = () => undefined): Promise<BenchResult<SizeResult | PlanOnlySizeResult>> {
  const burners = startBurners(options.burners ?? 0);
  const sizes: Array<SizeResult | PlanOnlySizeResult> = [];
  try {
    for (const users of options.sizes) sizes.push(await benchmarkSize(options, users, log));
  } finally {
    for (const burner of burners) burner.kill('SIGKILL');
  }
  const bySize = [...sizes].sort((a, b) => a.users - b.users);
  const small = bySize[0]!;
  const large = bySize[bySize.length - 1]!;
  const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;
  return {
    benchmark: 'zoom-settings',
    createdAt: new Date().toISOString(),
    machine: machineInfo(),
    options: {
      sizes: options.sizes,
      rate: options.rate,
      latency: options.latency,
      changedShare: options.changedShare,
      seed: options.seed,
      shape: options.shape ?? 'simple',
      planOnly: options.planOnly ?? false,
      burners: options.burners ?? 0,
      cli: options.cli ?? CLI_PATH,
    },
    sizes,
    rssGrowth:
      sizes.length > 1
        ? {
            validate: ratio(large.validate.peakRssMiB, small.validate.peakRssMiB),
            plan: ratio(large.plan.peakRssMiB, small.plan.peakRssMiB),
            apply: large.apply && small.apply ? ratio(large.apply.peakRssMiB, small.apply.peakRssMiB) : null,
          }
        : null,
  };
}
