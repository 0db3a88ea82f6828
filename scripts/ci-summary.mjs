#!/usr/bin/env node
/**
 * The last line of `.ci/run`: "N passed, N failed" from THIS run, naming the steps that failed outside jest.
 * The CI reader wants "N passed, N failed" alone on a line; ", N skipped" may follow and ONE word with a colon may
 * stand before it, so a failed step is named there: "typecheck: 0 passed, 1 failed", "smoke: 830 passed, 1 failed"
 * (several steps joined by "+" stay one word).
 *
 *   node scripts/ci-summary.mjs [--jest FILE --jest-exit CODE] [--failed STEP]...
 *
 * --jest FILE       jest's --json report of this run (give it only when jest ran).
 * --jest-exit CODE  jest's exit code. A jest that failed without reporting a failed test (it crashed, the report is
 *                   missing or unreadable) is one failure named "jest"; then no jest test counts as passed.
 * --failed STEP     a step outside jest that failed (install, typecheck, build, smoke): one failure each, named.
 * Exit code: 0 when nothing failed, 1 otherwise.
 */
import { readFileSync } from 'node:fs';

/** Counts from a jest --json report; null when the file is missing or is not a report. */
export function jestCounts(path) {
  let report;
  try {
    report = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
  if (typeof report?.numPassedTests !== 'number' || typeof report?.numFailedTests !== 'number') return null;
  return {
    passed: report.numPassedTests,
    // A suite that fails to load (syntax error, failing beforeAll import) has no failed tests but is a failure.
    failed: report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0),
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

/**
 * The summary line. `jest`: the report's counts (null when there is none); `jestExit`: jest's exit code (null when
 * jest did not run); `failedSteps`: the steps outside jest that failed.
 */
export function summaryLine({ jest, jestExit, failedSteps }) {
  const steps = [...failedSteps];
  const jestFailedUncounted = jestExit !== null && (jest === null || (jestExit !== 0 && jest.failed === 0));
  if (jestFailedUncounted) steps.unshift('jest');
  const passed = jest?.passed ?? 0;
  const failed = (jest?.failed ?? 0) + steps.length;
  const skipped = jest?.skipped ? `, ${jest.skipped} skipped` : '';
  const named = steps.length > 0 ? `${steps.join('+')}: ` : '';
  return { line: `${named}${passed} passed, ${failed} failed${skipped}`, ok: failed === 0 };
}

function parseArgv(argv) {
  const out = { jestFile: null, jestExit: null, failedSteps: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`ci-summary: ${flag} needs a value`);
    if (flag === '--jest') out.jestFile = value;
    else if (flag === '--jest-exit' && /^\d+$/.test(value)) out.jestExit = Number(value);
    else if (flag === '--failed') out.failedSteps.push(value);
    else throw new Error(`ci-summary: unexpected argument "${flag}"`);
  }
  if ((out.jestFile === null) !== (out.jestExit === null)) throw new Error('ci-summary: --jest and --jest-exit go together');
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgv(process.argv.slice(2));
  const jest = args.jestFile ? jestCounts(args.jestFile) : null;
  const { line, ok } = summaryLine({ jest, jestExit: args.jestExit, failedSteps: args.failedSteps });
  console.log(line);
  process.exitCode = ok ? 0 : 1;
}
