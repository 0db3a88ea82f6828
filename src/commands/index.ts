/**
 * The command table. One line per command: its name and summary (for `zoom-settings --help`), and the module that
 * implements it, imported on demand (start-up: a bare `--help` loaded every command's dependencies before).
 * test/unit/command-table.test.ts checks each line against the module it loads.
 */
import type { Command, CommandEntry } from './command.js';

export const COMMANDS: CommandEntry[] = [
  { name: 'validate', summary: "check the desired state against Zoom's settings schema", load: async () => (await import('./validate.js')).validateCommand },
  { name: 'plan', summary: 'show what applying the desired state would change (sends nothing)', load: async () => (await import('./plan.js')).planCommand },
  { name: 'apply', summary: 'apply a reviewed plan (or plan and apply with --auto-approve), verify, journal', load: async () => (await import('./apply.js')).applyCommand },
  { name: 'drift', summary: 'report (and with --fix correct) drift between Zoom and the desired state', load: async () => (await import('./drift.js')).driftCommand },
  { name: 'check', summary: 'check the policies (policies/*.yaml, exceptions/*.yaml) against the desired state, or --live against Zoom', load: async () => (await import('./check.js')).checkCommand },
  { name: 'watch', summary: "receive Zoom's settings events: report drift with who changed it (and with --fix correct it) within seconds", load: async () => (await import('./watch.js')).watchCommand },
  { name: 'explain', summary: "explain a user's effective settings: account, groups, locks, live value, desired value and its chain", load: async () => (await import('./explain.js')).explainCommand },
  { name: 'init', summary: 'write a starter policy pack (--policies cis: the CIS Zoom Benchmark controls) into the desired state', load: async () => (await import('./init.js')).initCommand },
  { name: 'report', summary: 'the compliance report from the live account: per user and setting the value, its origin, lock, rule results and exceptions (csv, json, html)', load: async () => (await import('./report.js')).reportCommand },
  { name: 'import', summary: 'write a desired-state directory from the live settings of Zoom users', load: async () => (await import('./import.js')).importCommand },
  { name: 'rollback', summary: 'restore the before values of an applied run from the journal', load: async () => (await import('./rollback.js')).rollbackCommand },
  { name: 'simulator', summary: 'run a local Zoom account (API, OAuth, rate limits, faults) for demos and tests', load: async () => (await import('./simulator.js')).simulatorCommand },
  { name: 'demo', summary: 'validate and plan the desired state against a local Zoom simulator (what npm start runs)', load: async () => (await import('./demo.js')).demoCommand },
];

/** Every command, loaded (for tests and tools that read every command's options and help). */
export async function loadCommands(): Promise<Command[]> {
  const commands: Command[] = [];
  // One at a time: jest's ESM loader fails on concurrent dynamic imports of shared modules ("not in cache").
  for (const entry of COMMANDS) commands.push(await entry.load());
  return commands;
}
