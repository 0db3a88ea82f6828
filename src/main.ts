/** argv → one command; typed errors → exit codes. No logic lives here. */
import { parseArgs } from 'node:util';
import { COMMANDS } from './commands/index.js';
import type { Command, CommandIo, ParsedArgs } from './commands/command.js';
import { InputError, UsageError } from './core/errors.js';
import type { Logger } from './io/logger.js';
import { redactText } from './core/redact.js';
import { escapeControl } from './core/safe-text.js';
import { fsActionOf, fsErrorPath, fsErrorWords } from './io/fs-errors.js';
import { packageVersion } from './io/version.js';

/**
 * The process edges main() runs with. The logger may come as a function that makes it: only a command that runs
 * needs one, and pino is a large part of start-up that `--help` and `--version` should not pay for.
 */
export type MainIo = Omit<CommandIo, 'logger'> & { logger: Logger | (() => Promise<Logger>) };

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'zoom-settings: declarative GitOps reconciler for Zoom user settings',
    '',
    'Usage: zoom-settings <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `zoom-settings <command> --help` for the options of a command.',
    '',
  ].join('\n');
}

function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  let args: ParsedArgs;
  try {
    args = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''), command.name);
  }
  if (args.values.help) return args;
  checkPositionals(command, args.positionals);
  return args;
}

/** The one place that refuses words a command does not take (`validate prod-dir` must not check ./desired-state). */
export function checkPositionals(command: Pick<Command, 'name' | 'positionals'>, given: readonly string[]): void {
  const declared = command.positionals;
  const extra = declared[declared.length - 1]?.variadic ? undefined : given[declared.length];
  if (extra !== undefined) {
    const takes = declared.length === 0 ? 'takes no arguments' : `takes ${declared.map((p) => p.name).join(' ')}`;
    throw new UsageError(`unexpected argument "${extra}": ${command.name} ${takes}`, command.name);
  }
  const missing = declared.slice(given.length).find((p) => p.required);
  if (missing) throw new UsageError(`missing ${missing.name}`, command.name);
}

export async function main(argv: string[], mainIo: MainIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    mainIo.stdout.write(mainHelp());
    return name ? 0 : 1;
  }
  if (name === '--version' || name === '-v') {
    mainIo.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    mainIo.stderr.write(`error: unknown command "${escapeControl(name)}"\n\n${mainHelp()}`);
    return 1;
  }
  const command = await entry.load();
  const io: CommandIo = { ...mainIo, logger: typeof mainIo.logger === 'function' ? await mainIo.logger() : mainIo.logger };
  try {
    const args = parseCommandArgs(command, rest);
    if (args.values.help) {
      io.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    return reportError(error, command, io);
  }
}

function reportError(error: unknown, command: Command, io: CommandIo): number {
  // A message can quote a YAML key or a server's words: one line each, no escapes, no secret (core/redact.ts).
  const line = (text: string): string => escapeControl(redactText(text, io.secrets));
  if (error instanceof UsageError) {
    io.stderr.write(`error: ${line(error.message)}\nRun \`zoom-settings ${command.name} --help\` for usage.\n`);
    return 1;
  }
  if (error instanceof InputError) {
    io.stderr.write(`error: ${line(error.message)}\n${error.details.map((d) => `  ${line(d)}\n`).join('')}`);
    return 1;
  }
  // A file the run had to read or write (a plan, the journal, its lock): the path and what to do, not Node's words.
  const path = fsErrorPath(error);
  if (path !== undefined) {
    io.logger.debug({ err: error }, 'file-system error');
    io.stderr.write(`error: ${line(`${path} ${fsErrorWords(error, fsActionOf(error))}`)}\n`);
    return 1;
  }
  // Anything else is our bug or an unexpected failure: say what happened in one line, details at debug.
  io.logger.debug({ err: error }, 'unexpected error');
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  io.stderr.write(`error: ${line(message)}\n(run with LOG_LEVEL=debug for details)\n`);
  return 1;
}
