/**
 * The last line of `.ci/run` (scripts/ci-summary.mjs): counts from THIS run's jest report, and a failure outside
 * jest (typecheck, build, smoke) counted and named as the one word the CI reader allows before "N passed, N failed".
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'ci-summary-'));
const CI_LINE = /^(?:[\w+-]+: )?\d+ passed, \d+ failed(?:, \d+ skipped)?$/;

function report(name: string, counts: Record<string, number>): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ numRuntimeErrorTestSuites: 0, numPendingTests: 0, numTodoTests: 0, ...counts }));
  return path;
}

function summary(...args: string[]): { line: string; code: number | null } {
  const run = spawnSync(process.execPath, ['scripts/ci-summary.mjs', ...args], { encoding: 'utf8' });
  return { line: run.stdout.trimEnd(), code: run.status };
}

const green = report('green.json', { numPassedTests: 830, numFailedTests: 0 });

describe('ci-summary', () => {
  it.each([
    ['a green run', ['--jest', green, '--jest-exit', '0'], '830 passed, 0 failed', 0],
    ['failed tests, counted from the report', ['--jest', report('red.json', { numPassedTests: 828, numFailedTests: 2 }), '--jest-exit', '1'], '828 passed, 2 failed', 1],
    ['a suite that failed to load', ['--jest', report('load.json', { numPassedTests: 829, numFailedTests: 0, numRuntimeErrorTestSuites: 1 }), '--jest-exit', '1'], '829 passed, 1 failed', 1],
    ['skipped tests', ['--jest', report('skip.json', { numPassedTests: 5, numFailedTests: 0, numPendingTests: 2 }), '--jest-exit', '0'], '5 passed, 0 failed, 2 skipped', 0],
    ['a type error (jest never ran)', ['--failed', 'typecheck'], 'typecheck: 0 passed, 1 failed', 1],
    ['a build failure', ['--failed', 'build'], 'build: 0 passed, 1 failed', 1],
    ['a smoke failure after a green jest', ['--jest', green, '--jest-exit', '0', '--failed', 'smoke'], 'smoke: 830 passed, 1 failed', 1],
    ['a jest that crashed without a report', ['--jest', join(dir, 'missing.json'), '--jest-exit', '1'], 'jest: 0 passed, 1 failed', 1],
    ['a jest that failed with no failed test in its report', ['--jest', green, '--jest-exit', '1'], 'jest: 830 passed, 1 failed', 1],
    ['jest crashed and smoke failed', ['--jest', join(dir, 'missing.json'), '--jest-exit', '1', '--failed', 'smoke'], 'jest+smoke: 0 passed, 2 failed', 1],
  ])('%s', (_name, args, line, code) => {
    const result = summary(...args);
    expect(result).toEqual({ line, code });
    expect(result.line).toMatch(CI_LINE);
  });

  it('refuses an argument it does not know', () => {
    expect(summary('--jest', green).code).not.toBe(0);
    expect(summary('stray').code).not.toBe(0);
  });
});
