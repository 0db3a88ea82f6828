#!/usr/bin/env node
/** The `zoom-settings` binary: real process edges around main(). */
import { writeFileSync } from 'node:fs';
import { SecretValues } from './core/redact.js';
import { sentenceDestination, wantsSentences } from './io/log-sentences.js';
import { createLogger } from './io/logger.js';
import { main } from './main.js';

// A reader that stops early (`zoom-settings plan | head`) is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// Opt-in, for the benchmark (bench/cli-run.ts): the process's own CPU time and peak RSS, written as it exits.
const usageFile = process.env.ZOOM_SETTINGS_USAGE_FILE;
if (usageFile) process.on('exit', () => writeFileSync(usageFile, JSON.stringify(process.resourceUsage())));

// One set of known secret values for the run: the logger redacts what the client and the plan register.
const secrets = new SecretValues();

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  logger: createLogger(undefined, wantsSentences(process.env, process.stderr) ? sentenceDestination(process.stderr) : 2, secrets),
  secrets,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
