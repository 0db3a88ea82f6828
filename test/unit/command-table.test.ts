/**
 * The command table (src/commands/index.ts) and main.ts's shared argument checks: every command refuses words it
 * does not take, from one place; the table loads a command's module only when that command runs.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { COMMANDS, loadCommands } from '../../src/commands/index.js';
import { silentLogger } from '../../src/io/logger.js';
import { UsageError } from '../../src/core/errors.js';
import { checkPositionals, main } from '../../src/main.js';

const LOADED = await loadCommands();

function collect(): PassThrough & { text(): string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return Object.assign(stream, { text: () => text });
}

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = collect();
  const stderr = collect();
  // No Zoom credentials and an empty environment: a command that got past the argument check would fail otherwise.
  const code = await main(argv, { stdin: new PassThrough(), stdout, stderr, env: {}, cwd: process.cwd(), logger: silentLogger });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** The positionals each command takes, then one word too many. */
// A command whose last positional is variadic (explain USER [SETTING…]) takes every further word: none is stray.
const STRAY_CASES = LOADED.filter((command) => !command.positionals.at(-1)?.variadic).map((command) => [command.name, [command.name, ...command.positionals.map((p) => `${p.name.toLowerCase()}-given`), 'stray-word']] as const);

describe('the command table', () => {
  it('names every command once, in the order of the help, each loading its own module', () => {
    expect(LOADED.map((command) => command.name)).toEqual(COMMANDS.map((entry) => entry.name));
    expect(new Set(COMMANDS.map((entry) => entry.name)).size).toBe(COMMANDS.length);
  });

  it.each(LOADED.map((command) => [command.name, command] as const))('%s: the Usage line of its help names each positional', (_name, command) => {
    const usage = command.help.split('\n').find((line) => line.startsWith('Usage:'))!;
    for (const positional of command.positionals) expect(usage).toMatch(new RegExp(`[ [(]${positional.name}\\b`));
  });

  it.each(STRAY_CASES)('%s refuses a stray argument: exit 1, one line naming it, no stack, nothing done', async (name, argv) => {
    const result = await run([...argv]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const [first, ...rest] = result.stderr.trimEnd().split('\n');
    expect(first).toMatch(new RegExp(`^error: unexpected argument "stray-word": ${name} takes `));
    expect(rest).toEqual([`Run \`zoom-settings ${name} --help\` for usage.`]);
  });

  it.each([
    ['none declared, none given', [], [], null],
    ['optional, absent', [{ name: 'PLAN_FILE' }], [], null],
    ['optional, given', [{ name: 'PLAN_FILE' }], ['p.json'], null],
    ['one too many', [{ name: 'PLAN_FILE' }], ['p.json', 'x'], 'unexpected argument "x": cmd takes PLAN_FILE'],
    ['required, absent', [{ name: 'USER', required: true }], [], 'missing USER'],
    ['variadic takes the rest', [{ name: 'USER', required: true }, { name: 'SETTING', variadic: true }], ['u', 'a', 'b', 'c'], null],
    ['variadic, required before it absent', [{ name: 'USER', required: true }, { name: 'SETTING', variadic: true }], [], 'missing USER'],
  ] as const)('checkPositionals: %s', (_case, positionals, given, error) => {
    const check = (): void => checkPositionals({ name: 'cmd', positionals: [...positionals] }, given);
    if (error === null) expect(check).not.toThrow();
    else expect(check).toThrow(new UsageError(error, 'cmd'));
  });

  it('--help is not refused for the positionals it comes with', async () => {
    const result = await run(['validate', 'prod-dir', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: zoom-settings validate/);
  });
});

/** Relative modules imported statically (not `import type`, not `await import()`), transitively, from `entry`. */
function staticImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+'([^']+)'/gms)) {
      const target = match[1]!;
      if (target.startsWith('.')) pending.push(join(dirname(file), target.replace(/\.js$/, '.ts')));
      else seen.add(target);
    }
  }
  return new Set([...seen].map((file) => (file.startsWith('src/') ? relative('src', file) : file)));
}

describe('start-up', () => {
  it('`zoom-settings --help` loads no command module, no simulator, no Zoom client and no pino', () => {
    const loaded = [...staticImports('src/cli.ts')];
    expect(loaded.filter((module) => /^(commands\/(?!command\.ts|index\.ts)|simulator\/|zoom\/|io\/logger)|^pino$|^yaml$|^js-yaml$/.test(module))).toEqual([]);
    // The walk sees the modules it should: otherwise it could pass by reading nothing.
    expect(loaded).toEqual(expect.arrayContaining(['cli.ts', 'main.ts', 'commands/index.ts', 'core/errors.ts']));
  });
});
