/** What apply, drift --fix and rollback share: guards, the journal's run record, the apply run and the ledger. */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ALLOW_ACCOUNT_FLAG, DEFAULT_GUARDS, guardRefusal, type GuardLimits } from '../../core/apply/guards.js';
import type { RunEntry } from '../../core/apply/journal-entries.js';
import { ledgerFailed, renderLedger, type Ledger } from '../../core/apply/ledger.js';
import { InputError, UsageError } from '../../core/errors.js';
import { checkJournalPath, openJournal, type JournalPlace } from '../../io/journal.js';
import { defaultLockDeps, withRunLocks, type LockRequest } from '../../io/run-lock.js';
import type { PlanFile } from '../../io/plan-file.js';
import type { PlanSummary } from '../../core/plan/types.js';
import { secretContext } from '../../io/secrets.js';
import { stringOption, type CommandIo, type OptionSpec, type ParsedArgs } from '../command.js';
import { runApply } from './apply-run.js';
import { refuseMissingSecrets } from './secret-check.js';
import type { ZoomSession } from './zoom-session.js';

export const DEFAULT_JOURNAL = '.zoom-settings/journal.jsonl';

export const APPLY_FLAG_OPTIONS: Record<string, OptionSpec> = {
  journal: { type: 'string' },
  'max-changed-users': { type: 'string' },
  'max-changed-percent': { type: 'string' },
  'allow-account-changes': { type: 'boolean' },
};

export const APPLY_FLAG_HELP = `  --journal FILE             the apply journal (default: ${DEFAULT_JOURNAL}); every change is recorded there
  --max-changed-users N      refuse a plan that changes more than N users (default ${DEFAULT_GUARDS.maxChangedUsers})
  --max-changed-percent P    refuse a plan that changes more than P% of managed users (default ${DEFAULT_GUARDS.maxChangedPercent});
                             users an account or group change reaches count (a group: its members)
  ${ALLOW_ACCOUNT_FLAG}    apply a plan that changes the account's settings or locks (it affects every
                             user; refused without this flag)`;

export interface ApplyFlags {
  journalPath: string;
  guards: GuardLimits;
}

function numberFlag(args: ParsedArgs, name: string, fallback: number, command: string): number {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`--${name} expects a number of at least 0, not "${raw}"`, command);
  return value;
}

export function parseApplyFlags(args: ParsedArgs, command: string): ApplyFlags {
  return {
    journalPath: stringOption(args, 'journal') ?? DEFAULT_JOURNAL,
    guards: {
      maxChangedUsers: numberFlag(args, 'max-changed-users', DEFAULT_GUARDS.maxChangedUsers, command),
      maxChangedPercent: numberFlag(args, 'max-changed-percent', DEFAULT_GUARDS.maxChangedPercent, command),
      ...(args.values['allow-account-changes'] === true ? { allowAccountChanges: true } : {}),
    },
  };
}

/** Where apply --auto-approve and drift --fix keep the plan they apply (beside the journal, for --resume). */
export function spillPlanPath(journalPath: string, run: string): string {
  return join(dirname(journalPath), 'plans', `${run}.plan.json`);
}

/**
 * Runs `fn` holding the run locks (io/run-lock.ts): one beside the journal, and one beside the saved plan when a
 * plan file is applied, so neither two runs on one journal nor one plan applied twice at once can interleave.
 * The journal's place is checked first (io/journal.ts): nothing is locked, planned or sent for a bad --journal.
 */
export async function underRunLock<T>(
  io: CommandIo,
  command: RunEntry['command'] | 'apply --resume',
  journalPath: string,
  place: JournalPlace,
  fn: () => Promise<T>,
): Promise<T> {
  checkJournalPath(journalPath, place);
  mkdirSync(dirname(resolve(journalPath)), { recursive: true });
  const locks: LockRequest[] = [{ path: `${journalPath}.lock` }];
  if (place.planFile !== undefined) locks.push({ path: `${place.planFile}.lock`, optional: true });
  return withRunLocks(locks, command, defaultLockDeps((message) => io.stderr.write(message)), fn);
}

export interface ApplyPlanOptions {
  command: RunEntry['command'];
  run: string;
  fresh: boolean;
  /** Guards are checked once, before the first run of a plan; a resumed run has passed them. */
  checkGuards: boolean;
  skip?: ReadonlySet<string>;
  sentBefore?: ReadonlySet<string>;
  resumes?: string;
  json: boolean;
  /** Instead of printing the ledger: hand it over (watch reports it in its own format). */
  report?: (ledger: Ledger) => void;
}

export function checkPlanAccount(plan: PlanFile, session: ZoomSession): void {
  if (plan.header.account !== session.account) {
    throw new InputError(`refusing the plan file ${plan.path}: it was made for account ${plan.header.account}, but the credentials are for ${session.account}`);
  }
}

/** The guards' verdict, before anything is confirmed or sent: a refusal is an error naming the limit to raise. */
export function refuseOverGuards(summary: PlanSummary, managedUsers: number, flags: ApplyFlags): void {
  const refusal = guardRefusal(summary, managedUsers, flags.guards);
  if (refusal) throw new InputError(`refusing to apply: ${refusal}; nothing was sent to Zoom`);
}

/** How a command that changes Zoom gets its go-ahead: --auto-approve, or "yes" typed on a terminal. */
export type Approval = 'auto' | 'ask';

/**
 * apply, drift --fix and rollback share one rule: with --auto-approve they go ahead; on a terminal they ask;
 * otherwise they refuse before reading anything from Zoom (a CI job must say --auto-approve on purpose).
 */
export function approvalFor(io: CommandIo, autoApprove: boolean, command: string, what: string): Approval {
  if (autoApprove) return 'auto';
  if (io.stdin.isTTY) return 'ask';
  throw new UsageError(`${what} changes Zoom: pass --auto-approve (stdin is not a terminal, so ${command} cannot ask for confirmation)`, command);
}

/** Asks on stderr; only the answer "yes" counts. */
export async function confirmed(io: CommandIo, question: string): Promise<boolean> {
  io.stderr.write(`\n${question} Only "yes" is accepted: `);
  const rl = createInterface({ input: io.stdin });
  const answer = await new Promise<string>((resolve) => rl.once('line', resolve).once('close', () => resolve('')));
  rl.close();
  return answer.trim() === 'yes';
}

/** Applies a checked plan file through a session; prints the ledger; returns the exit code. */
export async function applyPlanFile(io: CommandIo, session: ZoomSession, plan: PlanFile, flags: ApplyFlags, options: ApplyPlanOptions): Promise<number> {
  checkPlanAccount(plan, session);
  if (options.checkGuards) refuseOverGuards(plan.summary, plan.header.managed_users, flags);
  const secrets = secretContext(session.env, plan.header.salt, session.secrets);
  await refuseMissingSecrets(plan, secrets);
  const journal = openJournal(flags.journalPath);
  try {
    journal.append({
      type: 'run',
      run: options.run,
      time: new Date().toISOString(),
      command: options.command,
      plan_file: plan.path,
      plan_checksum: plan.checksum,
      account: plan.header.account,
      desired_state_hash: plan.header.desired_state_hash,
      dir: plan.header.dir,
      ...(options.resumes ? { resumes: options.resumes } : {}),
    });
    const ledger: Ledger = await runApply({
      io,
      session,
      run: options.run,
      journal,
      secrets,
      users: plan.users(),
      total: plan.summary.users,
      fresh: options.fresh,
      ...(options.skip ? { skip: options.skip } : {}),
      ...(options.sentBefore ? { sentBefore: options.sentBefore } : {}),
    });
    journal.append({ type: 'end', run: options.run, time: new Date().toISOString(), ledger });
    const verb = options.command === 'rollback' ? 'rollback' : options.command === 'drift' ? 'drift fix' : 'apply';
    if (options.report) options.report(ledger);
    else io.stdout.write(options.json ? `${JSON.stringify({ ledger, journal: flags.journalPath }, null, 2)}\n` : `\n${renderLedger(ledger, verb)}journal: ${flags.journalPath}\n`);
    return ledgerFailed(ledger) ? 1 : 0;
  } finally {
    journal.close();
  }
}

