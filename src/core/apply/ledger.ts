/** The ledger at the end of every apply, drift and rollback: every user accounted for, in text and in JSON. */
import { plural } from '../render/renderer.js';
import { escapeControl } from '../safe-text.js';

export type ApplyResult = 'applied' | 'unchanged' | 'stale' | 'not-applied' | 'not-found' | 'pending' | 'failed' | 'deferred';
export const APPLY_RESULTS: readonly ApplyResult[] = ['applied', 'unchanged', 'stale', 'not-applied', 'not-found', 'pending', 'failed', 'deferred'];

/** Results that make the run exit 1: the desired state is not in place and a person must look. */
export const FAILING_RESULTS: readonly ApplyResult[] = ['failed', 'stale', 'deferred'];

export interface UserOutcome {
  user: string;
  result: ApplyResult;
  detail?: string;
  /** For deferred users: when Zoom's daily limit resets. */
  resumeAt?: string;
  /** For deferred users: the run-wide failure that stopped the run (an outage); said once, not per user. */
  stoppedBy?: string;
}

export interface Ledger {
  run: string;
  counts: Record<ApplyResult, number>;
  /** Users per result, except `applied` and `unchanged` (listed only as counts). */
  users: Partial<Record<ApplyResult, Array<{ user: string; detail?: string }>>>;
  deferredUntil?: string;
  /** Why the run stopped early (Zoom API unavailable); the users it did not reach are deferred. */
  stopped?: string;
  patchesSent: number;
}

const LISTED_LIMIT = 200;

export function emptyLedger(run: string): Ledger {
  return { run, counts: Object.fromEntries(APPLY_RESULTS.map((r) => [r, 0])) as Record<ApplyResult, number>, users: {}, patchesSent: 0 };
}

export function record(ledger: Ledger, outcome: UserOutcome): void {
  ledger.counts[outcome.result] += 1;
  if (outcome.resumeAt) ledger.deferredUntil = outcome.resumeAt;
  if (outcome.stoppedBy) {
    ledger.stopped ??= outcome.stoppedBy;
    return;
  }
  if (outcome.result === 'applied' || outcome.result === 'unchanged') return;
  const list = (ledger.users[outcome.result] ??= []);
  if (list.length < LISTED_LIMIT) list.push(outcome.detail ? { user: outcome.user, detail: outcome.detail } : { user: outcome.user });
}

export function ledgerFailed(ledger: Ledger): boolean {
  return FAILING_RESULTS.some((r) => ledger.counts[r] > 0);
}

export function renderLedger(ledger: Ledger, verb: string): string {
  const total = APPLY_RESULTS.reduce((n, r) => n + ledger.counts[r], 0);
  const lines = [`${verb} run ${ledger.run}: ${plural(total, 'user')}, ${plural(ledger.patchesSent, 'PATCH request')} sent`];
  for (const result of APPLY_RESULTS) {
    const extra =
      result !== 'deferred'
        ? ''
        : ledger.stopped
          ? ' (the run stopped: resume with --resume when Zoom answers again)'
          : ledger.deferredUntil
            ? ` (Zoom's daily limit; resume after ${ledger.deferredUntil} with --resume)`
            : '';
    lines.push(`  ${result.padEnd(11)} ${String(ledger.counts[result]).padStart(6)}${extra}`);
  }
  if (ledger.stopped) lines.push('', `stopped: ${ledger.stopped}`);
  for (const result of APPLY_RESULTS) {
    const users = ledger.users[result];
    if (!users?.length) continue;
    lines.push('', `${result}:`);
    // Users and details can hold YAML keys and a server's words: one line each, escaped.
    for (const u of users) lines.push(`  ${escapeControl(u.user)}${u.detail ? `: ${escapeControl(u.detail)}` : ''}`);
    const more = ledger.counts[result] - users.length;
    if (more > 0) lines.push(`  … and ${more} more (see the journal)`);
  }
  return `${lines.join('\n')}\n`;
}
