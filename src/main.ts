/** argv → one command; typed errors → exit codes. No logic lives here. */
import { parseArgs } from 'node:util';
import { COMMANDS } from './commands/index.js';
import type { Command, CommandIo } from './commands/command.js';
import { InputError, UsageError } from './core/errors.js';
import { redactText } from './core/redact.js';
import { escapeControl } from './core/safe-text.js';

const VERSION = '0.1.0';

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

function parseCommandArgs(command: Command, argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''), command.name);
  }
}

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(mainHelp());
    return name ? 0 : 1;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`error: unknown command "${escapeControl(name)}"\n\n${mainHelp()}`);
    return 1;
  }
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
  // Anything else is our bug or an unexpected failure: say what happened in one line, details at debug.
  io.logger.debug({ err: error }, 'unexpected error');
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  io.stderr.write(`error: ${line(message)}\n(run with LOG_LEVEL=debug for details)\n`);
  return 1;
}
