/**
 * `npm run bench -- [options]` (see bench/options.ts): builds nothing itself (the npm script builds first), runs the
 * benchmark, prints the table (or --json), and writes <results dir>/<timestamp>.json (a temporary directory unless
 * --results names one: results never land in the repository).
 * Exit code 1 when a check failed (counts that do not add up, 429s, a CLI run that failed).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBenchmark } from './benchmark.js';
import { BENCH_HELP, BenchUsageError, parseBenchArgs } from './options.js';
import { renderTable } from './report.js';

async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseBenchArgs(argv);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n\n${BENCH_HELP}`);
    return 1;
  }
  if (options === 'help') {
    process.stdout.write(BENCH_HELP);
    return 0;
  }
  const result = await runBenchmark(options, (line) => process.stderr.write(`${line}\n`));
  if (options.resultsDir !== null) {
    mkdirSync(options.resultsDir, { recursive: true });
    const file = join(options.resultsDir, `${result.createdAt.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stderr.write(`results written to ${file}\n`);
  }
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : renderTable(result));
  return result.sizes.every((size) => size.checks.every((c) => c.ok)) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
