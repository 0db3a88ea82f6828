/** What every command module exports, and the edges it receives (so tests pass their own). */
import type { SecretValues } from '../core/redact.js';
import type { Logger } from '../io/logger.js';

export type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean };

export interface CommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  logger: Logger;
  /** The run's known secret values, shared by the logger, the Zoom client and the secret context (core/redact.ts). */
  secrets?: SecretValues;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  positionals: string[];
}

/** A word the command takes besides its options, in order; main.ts refuses any beyond the declared ones. */
export interface PositionalSpec {
  /** As the help's Usage line spells it (PLAN_FILE, JOURNAL). */
  name: string;
  required?: boolean;
  /** The last positional only: takes every remaining word (e.g. SETTING...). */
  variadic?: boolean;
}

export interface Command {
  name: string;
  /** Full help text printed by `zoom-settings <name> --help`; its Usage line names every positional. */
  help: string;
  options: Record<string, OptionSpec>;
  /** The positionals, in order (none for most commands). */
  positionals: PositionalSpec[];
  /** Resolves to the process exit code. */
  run(args: ParsedArgs, io: CommandIo): Promise<number>;
}

/**
 * One line of the command table (src/commands/index.ts): what `zoom-settings --help` lists, and how to load the command. The module is
 * imported only when that command is asked for, so `--help` does not load the simulator, the client or YAML.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function booleanOption(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

export function listOption(args: ParsedArgs, name: string): string[] | undefined {
  const value = stringOption(args, name);
  if (value === undefined) return undefined;
  return value.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
}
