/** The benchmark's options, checked once with messages that name the flag. */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SHAPE_NAMES, type ShapeName } from './shapes.js';

/** Results stay out of the repository unless --results names a directory to keep them in. */
export const DEFAULT_RESULTS_DIR = join(tmpdir(), 'zoom-settings-bench');

export interface Latency {
  minMs: number;
  maxMs: number;
}

export interface BenchOptions {
  /** One run of plan + apply per size (managed users). */
  sizes: number[];
  /** MEDIUM requests per second: the simulator's limit and the CLI's ZOOM_MAX_RPS. */
  rate: number;
  latency: Latency;
  /** Share of the active users whose Zoom settings differ from the desired state. */
  changedShare: number;
  seed: string;
  /** The desired state's shape (bench/shapes.ts). */
  shape?: ShapeName;
  /** Run only validate and plan (no apply): the memory comparison across sizes needs no more. */
  planOnly?: boolean;
  /** CPU burners (busy loops in child processes) running for the whole benchmark: a loaded machine, on purpose. */
  burners?: number;
  /** The built CLI to measure (default dist/cli.js): another build of it, e.g. before a change. */
  cli?: string | null;
  /** Where <timestamp>.json goes; null writes no file. */
  resultsDir: string | null;
  /** Keep the temporary directory (desired state, plan, journal) for a look afterwards. */
  keep: boolean;
  /** Print the JSON result on stdout instead of the table. */
  json: boolean;
  /** Also measure this machine's CPU floor per request (bench/floor-process.ts). */
  floor: boolean;
}

export const BENCH_HELP = `Usage: npm run bench -- [--users N | --sizes N1,N2,...] [--shape simple|realistic] [--rate R]
                       [--latency MIN-MAX] [--changed-share S] [--seed S] [--plan-only] [--burners N]
                       [--results DIR | --no-save] [--keep] [--json] [--floor] [--cli PATH]

Runs \`validate\`, \`plan\` and then \`apply --auto-approve\` of the BUILT CLI (node dist/cli.js) against a simulated
Zoom account in another process, and reports throughput against the rate limit, requests against the minimum,
429s, CPU per user, peak RSS, PATCH bytes, and validate's time and peak RSS.

  --users N            managed users (default 10000)
  --sizes LIST         several sizes, one after the other (e.g. 1000,10000,100000), to compare peak RSS
  --rate R             MEDIUM requests per second: the simulator's limit and ZOOM_MAX_RPS (default 200)
  --latency MIN-MAX    simulated answer latency in ms, uniform and seeded (default 80-400)
  --shape NAME         simple (default: bare users, one profile for every 4th) or realistic (users over several
                       files, 1-3 profiles and own nested settings each, secrets by { env: NAME } reference)
  --changed-share S    share of active users that differ from the desired state (default 0.2)
  --seed S             seed of the account and the latencies (default 1)
  --plan-only          validate and plan only (no apply)
  --burners N          keep N busy loops running beside the benchmark (a loaded machine; default 0)
  --results DIR        keep the JSON result in DIR (default: a directory in the system's temporary directory,
                       ${DEFAULT_RESULTS_DIR}); --no-save writes none
  --keep               keep the temporary directory (desired state, plans, journal)
  --json               print the JSON result instead of the table
  --floor              also measure the machine's CPU floor: a bare node:http client sending the same GETs at R
  --cli PATH           measure another build of the CLI (default dist/cli.js), e.g. one made before a change
`;

export class BenchUsageError extends Error {
  override name = 'BenchUsageError';
}

export function wholeNumber(flag: string, raw: string, min: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min) throw new BenchUsageError(`${flag} must be a whole number of at least ${min}, not "${raw}"`);
  return value;
}

export function positiveNumber(flag: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) throw new BenchUsageError(`${flag} must be a number greater than 0, not "${raw}"`);
  return value;
}

export function shareValue(flag: string, raw: string | undefined): number {
  const value = Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new BenchUsageError(`${flag} must be a number from 0 to 1, not "${raw}"`);
  }
  return value;
}

/** "80-400" or a single number ("20": exactly 20 ms). */
export function parseLatency(raw: string | undefined): Latency {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?)\s*)?$/.exec(raw ?? '');
  if (!match) throw new BenchUsageError(`--latency must be MIN-MAX in milliseconds (e.g. 80-400), not "${raw}"`);
  const minMs = Number(match[1]);
  const maxMs = match[2] === undefined ? minMs : Number(match[2]);
  if (maxMs < minMs) throw new BenchUsageError(`--latency must have MIN <= MAX, not "${raw}"`);
  return { minMs, maxMs };
}

export function parseBenchArgs(argv: string[]): BenchOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        users: { type: 'string' },
        sizes: { type: 'string' },
        rate: { type: 'string', default: '200' },
        latency: { type: 'string', default: '80-400' },
        'changed-share': { type: 'string', default: '0.2' },
        seed: { type: 'string', default: '1' },
        shape: { type: 'string', default: 'simple' },
        'plan-only': { type: 'boolean', default: false },
        burners: { type: 'string', default: '0' },
        cli: { type: 'string' },
        results: { type: 'string', default: DEFAULT_RESULTS_DIR },
        'no-save': { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        floor: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (v.users !== undefined && v.sizes !== undefined) throw new BenchUsageError('give --users or --sizes, not both');
  const sizes = v.sizes !== undefined ? v.sizes.split(',').map((s) => wholeNumber('--sizes', s, 1)) : [wholeNumber('--users', v.users ?? '10000', 1)];
  if (!(SHAPE_NAMES as readonly string[]).includes(v.shape)) throw new BenchUsageError(`--shape must be ${SHAPE_NAMES.join(' or ')}, not "${v.shape}"`);
  return {
    sizes,
    rate: positiveNumber('--rate', v.rate),
    latency: parseLatency(v.latency),
    changedShare: shareValue('--changed-share', v['changed-share']),
    seed: v.seed,
    shape: v.shape as ShapeName,
    planOnly: v['plan-only'],
    burners: wholeNumber('--burners', v.burners, 0),
    cli: v.cli === undefined ? null : resolve(v.cli),
    resultsDir: v['no-save'] ? null : v.results,
    keep: v.keep,
    json: v.json,
    floor: v.floor,
  };
}
