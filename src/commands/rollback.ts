/**
 * `zoom-settings rollback [JOURNAL] [--run ID]`: restore a run's before values, through stale checks, guards and a
 * confirmation; `--list` shows the runs a journal holds.
 */
import { rollbackPlan } from '../core/apply/rollback.js';
import { escapeControl } from '../core/safe-text.js';
import { entryTarget, type JournalEntry, type RunEntry, type UserEntryRecord } from '../core/apply/journal-entries.js';
import { targetKey } from '../core/targets/registry.js';
import type { SourcePosition } from '../core/desired/source.js';
import { InputError, UsageError } from '../core/errors.js';
import { jsonRenderer } from '../core/render/json.js';
import { textRenderer } from '../core/render/text.js';
import { CostCounter, addToSummary, emptySummary } from '../core/plan/summary.js';
import { PLAN_FORMAT_VERSION, PLAN_KIND, type PlanHeader } from '../core/plan/types.js';
import { checkJournalPath, readJournal } from '../io/journal.js';
import { fileStream, write } from '../io/output.js';
import { openPlanFile } from '../io/plan-file.js';
import { newSalt, sha256Hasher } from '../io/secrets.js';
import { booleanOption, stringOption, type Command, type CommandIo, type ParsedArgs } from './command.js';
import {
  APPLY_FLAG_HELP,
  APPLY_FLAG_OPTIONS,
  DEFAULT_JOURNAL,
  applyPlanFile,
  approvalFor,
  confirmed,
  parseApplyFlags,
  refuseOverGuards,
  spillPlanPath,
  underRunLock,
  type ApplyFlags,
  type Approval,
} from './shared/apply-flow.js';
import { newRunId } from './shared/apply-run.js';
import { openZoomSession } from './shared/zoom-session.js';

const HELP = `Usage: zoom-settings rollback [JOURNAL] [--run ID] [--auto-approve] [options]
       zoom-settings rollback [JOURNAL] --list

Restores the before values of what a run applied (the last run in JOURNAL, or --run ID). JOURNAL defaults to
${DEFAULT_JOURNAL}. Shows what it would restore, checks the guards, then asks on a terminal (elsewhere it needs
--auto-approve). Each user is re-read first: a user changed since that run is reported stale and left alone.
Passcodes cannot be restored (the journal keeps only their fingerprints); they are listed. The rollback itself is
journaled (and can be rolled back).

Options:
  --list                     list the runs in the journal (id, time, command, users applied) and exit
  --run ID                   the run to roll back (default: the last apply or drift run in the journal)
  --auto-approve             roll back without asking
  --format FORMAT            text (default) or json (the ledger)
${APPLY_FLAG_HELP}
  -h, --help                 show this help

Exit codes: 0 restored; 1 anything failed, was stale or deferred, or the rollback was refused.
`;

/**
 * The runs that applied one plan: the first run and every resume of it, however often it was resumed (each resume
 * names the run it continued). Rolling back any of them restores every user the plan changed, not only those the
 * last resume reached.
 */
function runChain(runs: readonly RunEntry[], target: RunEntry): Set<string> {
  const byId = new Map(runs.map((r) => [r.run, r]));
  let root = target;
  const seen = new Set([root.run]);
  while (root.resumes !== undefined && byId.has(root.resumes) && !seen.has(root.resumes)) {
    root = byId.get(root.resumes)!;
    seen.add(root.run);
  }
  const chain = new Set([root.run]);
  // Journal order: a resume comes after the run it continues.
  for (const r of runs) if (r.resumes !== undefined && chain.has(r.resumes)) chain.add(r.run);
  return chain;
}

/** The guards' percentage is of the users the original plan managed, when its plan file is still there. */
async function managedUsersOf(planFile: string, fallback: number): Promise<number> {
  try {
    return (await openPlanFile(planFile)).header.managed_users;
  } catch {
    return fallback;
  }
}

/** Per user, per settings path: where the original plan said the value came from. */
async function planSources(planFile: string): Promise<Map<string, Map<string, SourcePosition>>> {
  const sources = new Map<string, Map<string, SourcePosition>>();
  try {
    for await (const entry of (await openPlanFile(planFile)).users()) {
      sources.set(targetKey(entry.target), new Map(entry.changes.map((c) => [c.path, c.source])));
    }
  } catch {
    // The plan file is gone or unreadable: changes point at the journal run instead.
  }
  return sources;
}

function listRuns(io: CommandIo, journalPath: string, entries: readonly JournalEntry[]): number {
  const runs = entries.filter((e): e is RunEntry => e.type === 'run');
  if (runs.length === 0) {
    io.stdout.write(`${journalPath} records no run\n`);
    return 0;
  }
  const applied = new Map<string, number>();
  for (const e of entries) if (e.type === 'user' && (e.result === 'applied' || e.result === 'not-applied')) applied.set(e.run, (applied.get(e.run) ?? 0) + 1);
  const lines = runs.map((r) => {
    const count = applied.get(r.run) ?? 0;
    const resumes = r.resumes ? `, resumes ${r.resumes}` : '';
    return `${r.run}  ${r.time}  ${r.command.padEnd(8)}  ${count.toLocaleString('en')} ${count === 1 ? 'user' : 'users'} applied${resumes}`;
  });
  io.stdout.write(`Runs in ${journalPath} (oldest first; roll one back with --run ID):\n${lines.map(escapeControl).join('\n')}\n`);
  return 0;
}

export const rollbackCommand: Command = {
  name: 'rollback',
  help: HELP,
  positionals: [{ name: 'JOURNAL' }],
  options: { ...APPLY_FLAG_OPTIONS, run: { type: 'string' }, format: { type: 'string' }, list: { type: 'boolean' }, 'auto-approve': { type: 'boolean' } },
  async run(args, io) {
    const journalPath = args.positionals[0] ?? DEFAULT_JOURNAL;
    const format = stringOption(args, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`, 'rollback');
    if (booleanOption(args, 'list')) return listRuns(io, journalPath, await readJournal(journalPath));
    const flags = { ...parseApplyFlags(args, 'rollback'), journalPath: stringOption(args, 'journal') ?? journalPath };
    const approval = approvalFor(io, booleanOption(args, 'auto-approve'), 'rollback', 'rollback');
    // The journal read and the one written are both locked: a run still writing either must finish first.
    const run = (): Promise<number> => rollback(io, args, journalPath, flags, format, approval);
    return underRunLock(io, 'rollback', journalPath, { readFirst: true }, () =>
      flags.journalPath === journalPath ? run() : underRunLock(io, 'rollback', flags.journalPath, {}, run),
    );
  },
};

async function rollback(io: CommandIo, args: ParsedArgs, journalPath: string, flags: ApplyFlags, format: string, approval: Approval): Promise<number> {
  const entries = await readJournal(journalPath);
  const runs = entries.filter((e): e is RunEntry => e.type === 'run');
  const wanted = stringOption(args, 'run');
  const target = wanted ? runs.find((r) => r.run === wanted) : [...runs].reverse().find((r) => r.command !== 'rollback') ?? runs[runs.length - 1];
  if (!target) throw new InputError(wanted ? `run ${wanted} is not in ${journalPath}` : `${journalPath} records no run`);
  const chain = runChain(runs, target);
  const applied = entries.filter((e): e is UserEntryRecord => e.type === 'user' && chain.has(e.run) && (e.result === 'applied' || e.result === 'not-applied'));
  if (applied.length === 0) throw new InputError(`run ${target.run} applied nothing; there is nothing to roll back`);
  checkJournalPath(flags.journalPath, { desiredDir: target.dir });

  const run = newRunId(new Date());
  const header: PlanHeader = {
    format_version: PLAN_FORMAT_VERSION,
    kind: PLAN_KIND,
    created_at: new Date().toISOString(),
    account: target.account,
    desired_state_hash: target.desired_state_hash,
    dir: target.dir,
    managed_users: await managedUsersOf(target.plan_file, applied.length),
    salt: newSalt(),
    options: {},
  };
  const session = await openZoomSession(io);
  try {
    if (target.account !== session.account) {
      throw new InputError(`refusing to roll back run ${target.run} of the journal ${journalPath}: it was applied to account ${target.account}, but the credentials are for ${session.account}`);
    }
    const path = spillPlanPath(flags.journalPath, run);
    const file = fileStream(path);
    const renderer = jsonRenderer(sha256Hasher());
    const shown = textRenderer({ color: false });
    const summary = emptySummary();
    const costs = new CostCounter();
    await write(file, renderer.start(header));
    if (format === 'text') io.stdout.write(`Rolling back run ${escapeControl(target.run)}:\n\n`);
    const sources = await planSources(target.plan_file);
    for (const entry of applied) {
      const { plan, unrestorable } = rollbackPlan(entry, (path) => sources.get(targetKey(entryTarget(entry)))?.get(path));
      if (unrestorable.length > 0) io.stderr.write(`${escapeControl(entry.user)}: cannot restore ${unrestorable.join(', ')} (secrets are journaled only as fingerprints)\n`);
      addToSummary(summary, plan);
      costs.add(plan);
      await write(file, renderer.user(plan));
      if (format === 'text') io.stdout.write(shown.user(plan));
    }
    await write(file, renderer.finish(summary, costs.cost(session.client.rateLimit.rps)));
    await file.done();
    const plan = await openPlanFile(path);
    refuseOverGuards(plan.summary, plan.header.managed_users, flags);
    if (approval === 'ask' && !(await confirmed(io, `Roll back run ${escapeControl(target.run)} in Zoom?`))) {
      io.stderr.write('Not rolled back.\n');
      return 1;
    }
    return await applyPlanFile(io, session, plan, flags, { command: 'rollback', run, fresh: false, checkGuards: true, json: format === 'json' });
  } finally {
    await session.close();
  }
}
