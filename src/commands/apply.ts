/**
 * `zoom-settings apply`: apply exactly what was reviewed (a saved plan), or plan and apply in one go
 * (--auto-approve), or continue a run that was cut off (--resume JOURNAL).
 */
import { rmSync } from 'node:fs';
import { entryTarget, FINAL_RESULTS, type RunEntry, type SendingEntry, type UserEntryRecord } from '../core/apply/journal-entries.js';
import { targetKey } from '../core/targets/registry.js';
import { InputError, UsageError } from '../core/errors.js';
import { escapeControl } from '../core/safe-text.js';
import { jsonRenderer } from '../core/render/json.js';
import { plural } from '../core/render/renderer.js';
import { openDesiredState } from '../io/desired-state.js';
import { checkJournalPath, readJournal } from '../io/journal.js';
import { fileStream, rendererSink } from '../io/output.js';
import { openPlanFile, type PlanFile } from '../io/plan-file.js';
import { sha256Hasher } from '../io/secrets.js';
import { booleanOption, listOption, stringOption, type Command, type CommandIo, type ParsedArgs } from './command.js';
import { rendererFor, withPlanSession, type PlanContext } from './plan.js';
import type { CheckedDesiredState } from '../io/desired-state.js';
import {
  APPLY_FLAG_HELP,
  APPLY_FLAG_OPTIONS,
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
import { runPlan, type PlanExtras, type PlanSink } from './shared/plan-run.js';
import type { Ledger } from '../core/apply/ledger.js';
import { changesAnything, planErrors } from '../core/plan/summary.js';
import { newRunId } from './shared/apply-run.js';
import { refuseUnsetSecrets } from './shared/secret-check.js';
import { openZoomSession } from './shared/zoom-session.js';

const HELP = `Usage: zoom-settings apply PLAN_FILE [options]
       zoom-settings apply --auto-approve [--dir DIR] [--users LIST | --changed-since REF] [options]
       zoom-settings apply --resume JOURNAL [--run ID] [options]

Applies a saved plan (from \`zoom-settings plan --out PLAN_FILE\`). Per user: re-reads the variants the plan touches;
if any planned "before" value no longer matches Zoom, the user is reported stale and not patched (re-plan it);
otherwise sends the plan's bodies in order, re-reads, and verifies every value took effect. A value Zoom accepted
but did not apply (a locked setting, a missing licence) is reported not-applied, once.

Without a plan file, --auto-approve plans and applies in one go; interactively (stdin is a terminal) apply shows the
plan, checks the guards, then asks for confirmation; otherwise it refuses.

Options:
  --auto-approve             plan and apply without asking
  --dir DIR                  the desired-state directory (default: the plan's, or ./desired-state)
  --users LIST               with --auto-approve: only these users (comma-separated)
  --changed-since REF        with --auto-approve: only the users whose resolved desired settings differ between
                             REF and the working tree: the scope \`plan --changed-since\` showed on the pull request
                             (CI on merge: REF is the commit applied last, so drift elsewhere is left to \`drift\`)
  --resume JOURNAL           continue the last run in JOURNAL (or --run ID) without re-sending what was applied
  --run ID                   with --resume: the run to continue
  --simulate                 with --auto-approve: against an in-process simulator seeded from the desired state
  --format FORMAT            text (default) or json (the ledger as JSON)
${APPLY_FLAG_HELP}
  -h, --help                 show this help

Refuses a plan file that was edited by hand (checksum), has another format_version, was made for another account,
or whose desired state has changed since (re-plan).
Exit codes: 0 every user applied or unchanged; 1 anything failed, was stale or deferred (Zoom's daily limit: resume
with --resume after the reset), or the run was refused.
`;

function ledgerFormat(args: ParsedArgs): boolean {
  const format = stringOption(args, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`, 'apply');
  return format === 'json';
}

async function checkDesiredStateUnchanged(plan: PlanFile, dir: string): Promise<void> {
  const loaded = await openDesiredState(dir);
  if (loaded.hash !== plan.header.desired_state_hash) {
    throw new InputError(`refusing the plan file ${plan.path}: the desired state in ${dir} has changed since the plan was made (or is another directory); re-run plan`);
  }
}

async function applySaved(io: CommandIo, args: ParsedArgs, path: string, flags: ApplyFlags, json: boolean): Promise<number> {
  const plan = await openPlanFile(path);
  if (plan.header.options.secrets_not_compared) {
    throw new InputError(`refusing the plan file ${path}: it was made with --without-secrets, so its passcode settings were not compared; re-run plan with the passcodes set`);
  }
  const dir = stringOption(args, 'dir') ?? plan.header.dir;
  return underRunLock(io, 'apply', flags.journalPath, { planFile: path, desiredDir: dir }, async () => {
    await checkDesiredStateUnchanged(plan, dir);
    const session = await openZoomSession(io);
    try {
      return await applyPlanFile(io, session, plan, flags, { command: 'apply', run: newRunId(new Date()), fresh: false, checkGuards: true, json });
    } finally {
      await session.close();
    }
  });
}

/**
 * Plans into a spill file (beside the journal, so --resume can find it), shows it, checks the guards, asks when
 * `approval` is 'ask', then applies it. The guards come before the question: nobody is asked to approve a run that
 * would be refused anyway.
 */
export async function planThenApply(
  io: CommandIo,
  args: ParsedArgs,
  flags: ApplyFlags,
  command: RunEntry['command'] & ('apply' | 'drift'),
  approval: Approval,
  extras?: (loaded: CheckedDesiredState) => PlanExtras,
): Promise<number> {
  const json = ledgerFormat(args);
  const options = {
    dir: stringOption(args, 'dir') ?? 'desired-state',
    users: listOption(args, 'users'),
    changedSince: stringOption(args, 'changed-since'),
    simulate: booleanOption(args, 'simulate'),
  };
  return underRunLock(io, command, flags.journalPath, { desiredDir: options.dir }, () =>
    withPlanSession(io, options, (context) => planThenApplyIn(io, context, { flags, command, approval, json, extras: extras?.(context.loaded) ?? {} })),
  );
}

export interface PlanThenApplyOptions {
  flags: ApplyFlags;
  command: RunEntry['command'] & ('apply' | 'drift');
  approval: Approval;
  /** The ledger as JSON, and no plan text on stdout. */
  json: boolean;
  extras: PlanExtras;
  /** false: no plan text on stdout (watch reports in its own format). */
  planText?: boolean;
  /** More places the plan goes (watch keeps the user's plan for its report). */
  sinks?: PlanSink[];
  /** Instead of printing the ledger: hand it over. */
  report?: (ledger: Ledger) => void;
  /**
   * Nothing to apply: no journal run and no kept plan (watch reconciles on every event, its own corrections echoed
   * back by Zoom included; a run record each time would bury the journal's real runs).
   */
  skipEmpty?: boolean;
}

/**
 * The body of planThenApply inside a session the caller holds (and under its run lock): `watch` runs it per event
 * with its one long-lived client, so a correction shares the rate limiter with every other request of the process.
 */
export async function planThenApplyIn(io: CommandIo, context: PlanContext, options: PlanThenApplyOptions): Promise<number> {
  const { loaded, selection, session, header } = context;
  const { flags, command, approval, json } = options;
  const run = newRunId(new Date());
  await refuseUnsetSecrets(loaded, selection, session);
  const spill = fileStream(spillPlanPath(flags.journalPath, run));
  const sinks = [rendererSink(jsonRenderer(sha256Hasher()), spill), ...(options.sinks ?? [])];
  if (!json && options.planText !== false) sinks.push(rendererSink(rendererFor('text', io, 'the plan file', { kind: command === 'drift' ? 'drift' : 'plan' }), io.stdout));
  let result;
  try {
    result = await runPlan(io, header, selection, session, sinks, options.extras);
  } finally {
    await spill.done();
  }
  if (!changesAnything(result.summary) && planErrors(result.summary) === 0) {
    if (!json && options.planText !== false) io.stdout.write('Nothing to apply.\n');
    if (options.skipEmpty) {
      rmSync(spillPlanPath(flags.journalPath, run), { force: true });
      return 0;
    }
  }
  refuseOverGuards(result.summary, header.managed_users, flags);
  const question = command === 'drift' ? 'Correct this drift in Zoom?' : 'Apply these changes to Zoom?';
  if (approval === 'ask' && changesAnything(result.summary) && !(await confirmed(io, question))) {
    io.stderr.write('Not applied.\n');
    return 1;
  }
  const plan = await openPlanFile(spillPlanPath(flags.journalPath, run));
  return applyPlanFile(io, session, plan, flags, { command, run, fresh: true, checkGuards: true, json, ...(options.report ? { report: options.report } : {}) });
}

async function resume(io: CommandIo, args: ParsedArgs, journalPath: string, flags: ApplyFlags, json: boolean): Promise<number> {
  // Locked before the journal is read: a run still writing it must finish first, or its last users are missed.
  return underRunLock(io, 'apply --resume', journalPath, { readFirst: true }, () => resumeLocked(io, args, journalPath, flags, json));
}

async function resumeLocked(io: CommandIo, args: ParsedArgs, journalPath: string, flags: ApplyFlags, json: boolean): Promise<number> {
  const entries = await readJournal(journalPath);
  const runs = entries.filter((e): e is RunEntry => e.type === 'run');
  const wanted = stringOption(args, 'run');
  const target = wanted ? runs.find((r) => r.run === wanted) : runs[runs.length - 1];
  if (!target) throw new InputError(wanted ? `run ${wanted} is not in ${journalPath}` : `${journalPath} records no run`);
  // The chain of runs working on the same plan: the original and every earlier resume of it.
  const chain = new Set(runs.filter((r) => r.plan_checksum === target.plan_checksum).map((r) => r.run));
  // Keyed by target (account, group, user); entries written before targets had a user only.
  const skip = new Set(
    entries.filter((e): e is UserEntryRecord => e.type === 'user' && chain.has(e.run) && FINAL_RESULTS.includes(e.result)).map((e) => targetKey(entryTarget(e))),
  );
  const sentBefore = new Set(entries.filter((e): e is SendingEntry => e.type === 'sending' && chain.has(e.run)).map((e) => targetKey(entryTarget(e))));
  const plan = await openPlanFile(target.plan_file);
  if (plan.checksum !== target.plan_checksum) throw new InputError(`refusing to resume: ${target.plan_file} is not the plan run ${target.run} applied (checksum differs)`);
  const dir = stringOption(args, 'dir') ?? plan.header.dir;
  checkJournalPath(journalPath, { planFile: target.plan_file, desiredDir: dir });
  await checkDesiredStateUnchanged(plan, dir);
  const session = await openZoomSession(io);
  try {
    io.stderr.write(`resuming run ${escapeControl(target.run)}: ${plural(skip.size, 'user')} already finished\n`);
    return await applyPlanFile(io, session, plan, { ...flags, journalPath }, {
      command: target.command,
      run: newRunId(new Date()),
      fresh: false,
      checkGuards: false,
      skip,
      sentBefore,
      resumes: target.run,
      json,
    });
  } finally {
    await session.close();
  }
}

export const applyCommand: Command = {
  name: 'apply',
  help: HELP,
  positionals: [{ name: 'PLAN_FILE' }],
  options: {
    ...APPLY_FLAG_OPTIONS,
    'auto-approve': { type: 'boolean' },
    dir: { type: 'string' },
    users: { type: 'string' },
    'changed-since': { type: 'string' },
    resume: { type: 'string' },
    run: { type: 'string' },
    simulate: { type: 'boolean' },
    format: { type: 'string' },
  },
  async run(args, io) {
    const flags = parseApplyFlags(args, 'apply');
    const json = ledgerFormat(args);
    const [planPath] = args.positionals;
    const resumePath = stringOption(args, 'resume');
    if (resumePath) {
      if (planPath) throw new UsageError('--resume takes the journal, not a plan file', 'apply');
      return resume(io, args, resumePath, flags, json);
    }
    if (planPath) {
      if (booleanOption(args, 'auto-approve') || args.values.users !== undefined || args.values['changed-since'] !== undefined) {
        throw new UsageError('a saved plan is applied as it is: --auto-approve, --users and --changed-since go without a plan file', 'apply');
      }
      return applySaved(io, args, planPath, flags, json);
    }
    if (!booleanOption(args, 'auto-approve') && !io.stdin.isTTY) {
      throw new UsageError('no plan file: pass a plan made by `zoom-settings plan --out FILE`, or --auto-approve to plan and apply without review (stdin is not a terminal, so apply cannot ask)', 'apply');
    }
    return planThenApply(io, args, flags, 'apply', approvalFor(io, booleanOption(args, 'auto-approve'), 'apply', 'apply'));
  },
};
