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

export interface Command {
  name: string;
  summary: string;
  /** Full help text printed by `zoom-settings <name> --help`. */
  help: string;
  options: Record<string, OptionSpec>;
  /** Resolves to the process exit code. */
  run(args: ParsedArgs, io: CommandIo): Promise<number>;
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
