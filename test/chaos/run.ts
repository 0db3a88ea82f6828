/**
 * `npm run chaos`: every chaos scenario, for more rounds and more users than `npm test` runs, each round with its
 * own seed. Prints the figures as a table; exits 1 when any scenario found a problem or lost a user.
 *   tsx test/chaos/run.ts [--rounds 5] [--users 2000] [--seed 1] [--only name,name] [--keep]
 */
import { parseArgs } from 'node:util';
import { renderTable, runScenario, SCENARIOS, type ScenarioResult } from './scenarios.js';

function positiveInteger(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`Expected --${name} to be a whole number of at least 1, got "${raw}"`);
  return value;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      users: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '1' },
      only: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const rounds = positiveInteger('rounds', values.rounds);
  const users = positiveInteger('users', values.users);
  const seed = positiveInteger('seed', values.seed);
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = only?.filter((name) => !SCENARIOS.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) throw new RangeError(`Unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const scenarios = SCENARIOS.filter((s) => !only || only.includes(s.name));
  const results: ScenarioResult[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const scenario of scenarios) {
      const result = await runScenario(scenario, { users, seed: seed + round, keep: values.keep });
      results.push({ ...result, name: rounds > 1 ? `${result.name} #${round + 1}` : result.name });
      const verdict = result.problems.length === 0 && result.usersLost === 0 ? 'ok' : `FAILED (work directory kept: ${result.workdir})`;
      process.stderr.write(`round ${round + 1}/${rounds} ${scenario.name}: ${verdict} in ${(result.ms / 1000).toFixed(1)} s\n`);
      for (const problem of result.problems) process.stderr.write(`  - ${problem}\n`);
    }
  }
  process.stdout.write(`\n${renderTable(results)}\n`);
  const lost = results.reduce((n, r) => n + r.usersLost, 0);
  const failed = results.filter((r) => r.problems.length > 0).length;
  process.stdout.write(`\n${results.length} scenario runs, ${results.reduce((n, r) => n + r.users, 0)} users, ${lost} users lost, ${failed} runs with problems\n`);
  return lost === 0 && failed === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`chaos: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
