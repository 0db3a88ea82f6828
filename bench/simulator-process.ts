/**
 * The benchmark's Zoom account in a process of its own (so its CPU and memory are not the CLI's):
 *   tsx bench/simulator-process.ts --users N --seed S --rate R --latency MIN-MAX --changed-share X --shape NAME
 * Seeds every user with `prefer` = the shape's desired settings (preferShare 1: an exact match on every managed leaf); a
 * changed user's `prefer` has one leaf changed (bench/scenario.ts). Prefer objects are shared between users, and
 * the simulator generates a user's settings only when first asked, so 100,000 users start in well under a second.
 * Prints one JSON line when listening; on SIGTERM, SIGINT or stdin closing (the parent went away) prints one JSON
 * line with its own resource usage and exits.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startSimulator, type SeedUser } from '../src/simulator/index.js';
import type { Variant } from '../src/schema/index.js';
import { countsOf, emailOf, liveSettings, roleOf, type Scenario } from './scenario.js';
import { SHAPE_NAMES, shapeNamed, type AccountShape, type ShapeName } from './shapes.js';
import { parseLatency, positiveNumber, shareValue, wholeNumber } from './options.js';

type Prefer = Partial<Record<Variant, Record<string, unknown>>>;

function seedUsers(scenario: Scenario, shape: AccountShape): SeedUser[] {
  const shared = new Map<string, Prefer>();
  const users: SeedUser[] = [];
  for (let i = 0; i < scenario.users; i++) {
    const role = roleOf(i, scenario);
    if (role.kind === 'pending') {
      users.push({ email: emailOf(i), status: 'pending' });
      continue;
    }
    const key = `${shape.key(i)}:${role.kind === 'changed' ? role.perturbation.path.join('.') : ''}`;
    let prefer = shared.get(key);
    if (!prefer) {
      prefer = { default: liveSettings(shape.desired(i), role) };
      shared.set(key, prefer);
    }
    users.push({ email: emailOf(i), status: 'active', prefer });
  }
  return users;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: 'string' },
      seed: { type: 'string', default: '1' },
      rate: { type: 'string' },
      latency: { type: 'string', default: '80-400' },
      'changed-share': { type: 'string', default: '0.2' },
      shape: { type: 'string', default: 'simple' },
    },
    strict: true,
  });
  const scenario: Scenario = {
    users: wholeNumber('--users', values.users ?? '', 1),
    changedShare: shareValue('--changed-share', values['changed-share']),
  };
  if (!(SHAPE_NAMES as readonly string[]).includes(values.shape)) throw new Error(`--shape must be ${SHAPE_NAMES.join(' or ')}`);
  const shape = shapeNamed(values.shape as ShapeName);
  const rate = positiveNumber('--rate', values.rate ?? '');
  const latency = parseLatency(values.latency);
  const started = process.hrtime.bigint();
  const sim = await startSimulator({
    users: 0,
    seed: values.seed,
    seedUsers: seedUsers(scenario, shape),
    preferShare: 1,
    maxRps: rate,
    latency,
    requestLog: false,
  });
  const startMs = Number(process.hrtime.bigint() - started) / 1e6;
  // How late the simulator's own event loop ran: a stalled referee stamps requests late, in bunches.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  process.stdout.write(
    `${JSON.stringify({
      ready: true,
      baseUrl: sim.baseUrl,
      apiBaseUrl: sim.apiBaseUrl,
      tokenUrl: sim.tokenUrl,
      credentials: sim.credentials,
      counts: countsOf(scenario),
      startMs,
    })}\n`,
  );

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const counters = sim.counters();
    await sim.stop();
    loopDelay.disable();
    // The histogram holds whole timer intervals (10 ms when on time): report how late they were.
    const late = (ns: number): number => Math.max(0, Math.round((ns / 1e6 - 10) * 10) / 10);
    const eventLoopDelayMs = { p50: late(loopDelay.percentile(50)), p99: late(loopDelay.percentile(99)), max: late(loopDelay.max) };
    process.stdout.write(`${JSON.stringify({ stopped: true, counters, usage: process.resourceUsage(), memory: process.memoryUsage(), eventLoopDelayMs })}\n`, () =>
      process.exit(0),
    );
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
}

main().catch((error: unknown) => {
  process.stderr.write(`simulator process: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
