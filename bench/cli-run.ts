/**
 * Runs the BUILT CLI (node dist/cli.js) as a child process, the way a user or CI does, and measures it: wall time
 * from spawn to exit, and the child's own process.resourceUsage() written at exit (ZOOM_SETTINGS_USAGE_FILE, src/cli.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './simulator-control.js';

export const CLI_PATH = join(REPO_ROOT, 'dist', 'cli.js');
const KEEP_STDOUT_BYTES = 1_000_000;
const KEEP_STDERR_BYTES = 20_000;

export interface CliRun {
  args: string[];
  code: number | null;
  wallMs: number;
  /** The child's process.resourceUsage() at exit (cpu in µs, maxRSS in KiB). */
  usage: NodeJS.ResourceUsage;
  stdoutBytes: number;
  /** The first 1 MB of stdout (the apply ledger as JSON fits). */
  stdout: string;
  /** The last 20 kB of stderr. */
  stderrTail: string;
}

export class CliRunError extends Error {
  override name = 'CliRunError';
}

export async function runBuiltCli(args: string[], env: NodeJS.ProcessEnv, usageFile: string, cliPath: string = CLI_PATH): Promise<CliRun> {
  if (!existsSync(cliPath)) throw new CliRunError(`${cliPath} is missing: run \`npm run build\` first (npm run bench does)`);
  rmSync(usageFile, { force: true });
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env, ZOOM_SETTINGS_USAGE_FILE: usageFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stdoutBytes = 0;
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdoutBytes += Buffer.byteLength(chunk);
    if (stdout.length < KEEP_STDOUT_BYTES) stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-KEEP_STDERR_BYTES);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => resolve(exitCode));
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (!existsSync(usageFile)) throw new CliRunError(`the CLI wrote no usage file (exit code ${code}): ${stderr.slice(-500)}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as NodeJS.ResourceUsage;
  return { args, code, wallMs, usage, stdoutBytes, stdout, stderrTail: stderr };
}
