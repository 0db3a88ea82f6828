/**
 * Applying a plan, per target (the account, a group, a user): re-read the variants the plan touches → check each
 * planned `before` (stale targets are not patched) → send the plan's bodies in order (never two at once for one
 * target) → re-read and verify every value took effect (a 204 that changed nothing is `not-applied`, reported once,
 * never retried in a loop) → journal. The account and groups lead the plan and are applied first, one after the
 * other, before any user: their lock changes come before the user changes they unblock (issue 16 item 3).
 */
import { randomBytes } from 'node:crypto';
import { changeState, observed, tookEffect } from '../../core/apply/check.js';
import { FAILING_RESULTS, emptyLedger, record, type Ledger, type UserOutcome } from '../../core/apply/ledger.js';
import { resolveSecrets, SecretChangedError } from '../../core/apply/secrets.js';
import type { UserEntryRecord } from '../../core/apply/journal-entries.js';
import { orderedMap } from '../../core/ordered-map.js';
import { planFollowUps } from '../../core/plan/build-user-plan.js';
import { buildRequests } from '../../core/plan/requests.js';
import type { PlannedChange, PlannedRequest, UserPlan } from '../../core/plan/types.js';
import type { SecretContext } from '../../core/plan/diff-settings.js';
import type { JournalWriter } from '../../io/journal.js';
import type { Variant } from '../../schema/index.js';
import { targetKey, type Target } from '../../core/targets/registry.js';
import { DailyLimitError, ZoomApiError, ZoomUnavailableError } from '../../zoom/index.js';
import type { CommandIo } from '../command.js';
import { rateLimitedCount, startProgress } from './progress.js';
import { liveFailure, runStopper } from './read-live.js';
import { lockReasons, type LockReasons } from './lock-reasons.js';
import type { ZoomSession } from './zoom-session.js';

export function newRunId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

export interface ApplyRunInput {
  io: CommandIo;
  session: ZoomSession;
  run: string;
  journal: JournalWriter;
  secrets: SecretContext;
  users: AsyncIterable<UserPlan> | Iterable<UserPlan>;
  total: number;
  /**
   * The plan's reads were made moments ago in this same run (apply --auto-approve, drift --fix): skip the
   * re-read before patching. A saved plan is always re-read.
   */
  fresh: boolean;
  /** Targets (targetKey) a resumed run leaves alone (already final in the run it resumes). */
  skip?: ReadonlySet<string>;
  /** Targets (targetKey) the run it resumes sent PATCHes for: found already done, they count as applied. */
  sentBefore?: ReadonlySet<string>;
}

type ByVariant = Partial<Record<Variant, Record<string, unknown>>>;
/** A target's re-read: its settings, and (account, groups) its lock settings, per variant. */
interface Live {
  settings: ByVariant;
  locks: ByVariant;
}

/** The live side a change is compared with. */
const sideOf = (live: Live, change: PlannedChange): ByVariant => (change.lock ? live.locks : live.settings);

const LOCKED_REASON =
  'Zoom accepted the request (204) but kept the old value: the setting is probably locked at account or group level, or needs a plan or licence the user lacks';

function touched(changes: readonly Pick<PlannedChange, 'variant' | 'lock'>[]): Array<{ variant: Variant; lock: boolean }> {
  const seen = new Map<string, { variant: Variant; lock: boolean }>();
  for (const c of changes) seen.set(`${c.lock ? 'lock:' : ''}${c.variant}`, { variant: c.variant, lock: Boolean(c.lock) });
  return [...seen.values()];
}

async function read(session: ZoomSession, target: Target, variants: ReadonlyArray<{ variant: Variant; lock: boolean }>): Promise<Live> {
  const live: Live = { settings: {}, locks: {} };
  for (const { variant, lock } of variants) {
    if (lock) live.locks[variant] = await session.client.getLocks(target, variant as 'default' | 'meeting_security');
    else live.settings[variant] = await session.client.getSettings(target, variant);
  }
  return live;
}

/** The leading account and group entries, then the rest (users) as they come: levels go first, one at a time. */
async function splitLevels<T extends { target?: Target }>(entries: AsyncIterable<T> | Iterable<T>): Promise<{ levels: T[]; users: AsyncIterable<T> }> {
  const iterator = (Symbol.asyncIterator in entries ? (entries as AsyncIterable<T>)[Symbol.asyncIterator]() : (entries as Iterable<T>)[Symbol.iterator]()) as AsyncIterator<T> | Iterator<T>;
  const levels: T[] = [];
  let first: IteratorResult<T> = await iterator.next();
  while (!first.done && first.value.target !== undefined && first.value.target.kind !== 'user') {
    levels.push(first.value);
    first = await iterator.next();
  }
  const pending = first;
  async function* rest(): AsyncGenerator<T> {
    if (pending.done) return;
    yield pending.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { levels, users: rest() };
}

const keyOf = (plan: UserPlan): string => targetKey(plan.target ?? { kind: 'user', id: plan.user });

export async function runApply(input: ApplyRunInput): Promise<Ledger> {
  const ledger = emptyLedger(input.run);
  const progress = startProgress(input.io, 'applied', input.total, { rateLimited: rateLimitedCount(input.session.client) });
  const window = (): number => Math.max(8, input.session.client.recommendedParallelism() * 2);
  const locks = lockReasons(input.session.client);
  const { levels, users } = await splitLevels(input.users);
  try {
    for (const level of levels) {
      // A level with nothing to do is not a line of the ledger (the ledger counts users and changed levels).
      if (level.status === 'no-change' || input.skip?.has(keyOf(level))) continue;
      const outcome = await applyUser(input, level, ledger, locks);
      record(ledger, outcome);
      progress.tick(FAILING_RESULTS.includes(outcome.result));
    }
    // Only now are users started: a lock lifted above must be in place before their PATCHes.
    const outcomes = orderedMap(users, window, async (user) => {
      if (input.skip?.has(keyOf(user))) return undefined;
      return applyUser(input, user, ledger, locks);
    });
    for await (const outcome of outcomes) {
      if (!outcome) continue;
      record(ledger, outcome);
      progress.tick(FAILING_RESULTS.includes(outcome.result));
    }
  } finally {
    progress.stop();
  }
  return ledger;
}

async function applyUser(input: ApplyRunInput, plan: UserPlan, ledger: Ledger, locks: LockReasons): Promise<UserOutcome> {
  const { journal, run } = input;
  const target: Target = plan.target ?? { kind: 'user', id: plan.user };
  const isUser = target.kind === 'user';
  const entry = (outcome: UserOutcome, changes: UserEntryRecord['changes'], sent: number): UserOutcome => {
    journal.append({ type: 'user', run, time: new Date().toISOString(), user: plan.user, target, result: outcome.result, ...(outcome.detail ? { detail: outcome.detail } : {}), changes, requests_sent: sent });
    return outcome;
  };
  switch (plan.status) {
    case 'no-change':
      return { user: plan.user, result: 'unchanged' };
    case 'not-found':
      return { user: plan.user, result: plan.status };
    case 'pending':
      // Never read again in this run: Zoom refuses every request for a user who has not joined (§9.1).
      return { user: plan.user, result: plan.status, ...(plan.reason ? { detail: plan.reason } : {}) };
    case 'error':
      return entry({ user: plan.user, result: 'failed', detail: plan.error ?? 'could not be planned' }, [], 0);
    case 'change':
      break;
  }
  let sent = 0;
  // A change Zoom kept: name the lock that holds it when the tool can read one (issue 15, item 6).
  const explained = async (verified: ReturnType<typeof verify>): Promise<UserOutcome> => {
    const held = verified.missed.length > 0 && isUser ? await locks(plan.user, verified.missed) : undefined;
    return held ? { user: plan.user, result: 'not-applied', detail: `Zoom accepted the request (204) but kept the old value: ${held}` } : verified.outcome(plan.user);
  };
  const send = async (requests: readonly PlannedRequest[]): Promise<void> => {
    const bodies = requests.map((r) => resolveSecrets(r.body, input.secrets));
    for (const [i, request] of requests.entries()) {
      journal.append({ type: 'sending', run, time: new Date().toISOString(), user: plan.user, target, option: request.option, ...(request.lock ? { lock: true as const } : {}), body: request.body });
      await input.session.client.patchTarget(target, request.option ?? 'default', bodies[i]!, Boolean(request.lock));
      sent += 1;
      ledger.patchesSent += 1;
    }
  };
  try {
    const variants = touched(plan.changes);
    let pending = plan.changes;
    let live: Live | undefined;
    if (!input.fresh) {
      const reread = await read(input.session, target, variants);
      live = reread;
      const states = plan.changes.map((c) => changeState(c, sideOf(reread, c), input.secrets));
      const stale = plan.changes.filter((_, i) => states[i] === 'stale');
      if (stale.length > 0) {
        const detail = `changed in Zoom since the plan: ${stale.slice(0, 3).map((c) => c.path).join(', ')}${stale.length > 3 ? ', …' : ''}; re-run plan`;
        return entry({ user: plan.user, result: 'stale', detail }, journalChanges(plan.changes, reread, input.secrets, false), 0);
      }
      pending = plan.changes.filter((_, i) => states[i] === 'pending');
      if (pending.length === 0 && !plan.followUps?.length) {
        const outcome: UserOutcome = input.sentBefore?.has(keyOf(plan))
          ? { user: plan.user, result: 'applied', detail: 'sent before the run was cut off; verified now' }
          : { user: plan.user, result: 'unchanged', detail: 'already as planned; nothing sent' };
        return entry(outcome, journalChanges(plan.changes, reread, input.secrets, true), 0);
      }
    }
    // Exactly the reviewed requests when everything is still to do; otherwise only what remains.
    const requests: PlannedRequest[] = pending.length === plan.changes.length ? plan.requests : buildRequests(target, pending);
    await send(requests);
    // The follow-ups' variants too: they are planned from this read once their toggle is on.
    const recheck = touched([...pending, ...(plan.followUps ?? []).map((f) => ({ variant: f.variant }))]);
    const after = requests.length > 0 || !live ? await read(input.session, target, recheck) : live;
    const verified = verify(pending, after, input.secrets);
    if (verified.missed.length > 0 || !plan.followUps?.length) return entry(await explained(verified), verified.changes, sent);
    // The toggle is on now, so Zoom lists the profiles: plan the follow-ups from this read and send them (§9.2).
    const followUp = planFollowUps(plan.followUps, after.settings);
    if (followUp.errors.length > 0) return entry({ user: plan.user, result: 'failed', detail: followUp.errors.join('; ') }, verified.changes, sent);
    if (followUp.changes.length === 0) return entry(await explained(verified), verified.changes, sent);
    await send(buildRequests(target, followUp.changes));
    const final = verify(followUp.changes, await read(input.session, target, touched(followUp.changes)), input.secrets);
    return entry(await explained(final), [...verified.changes, ...final.changes], sent);
  } catch (error) {
    const outcome = failureOutcome(plan.user, error);
    // Whether Zoom refuses a PATCH on a locked field (rather than ignoring it) is unverified (§9.8): name the lock.
    const held = isUser && error instanceof ZoomApiError && error.status === 400 && outcome.result === 'failed' ? await locks(plan.user, plan.changes) : undefined;
    return entry(held ? { ...outcome, detail: `${outcome.detail ?? ''}; ${held}` } : outcome, [], sent);
  }
}

/** Which changes a re-read shows in place; the outcome names those Zoom accepted (204) but kept. */
function verify(changes: readonly PlannedChange[], after: Live, secrets: SecretContext) {
  const missed = changes.filter((c) => !tookEffect(c, sideOf(after, c), secrets));
  return {
    missed,
    changes: changes.map((c) => ({ ...summaryOf(c), observed: observed(c, sideOf(after, c), secrets), applied: !missed.includes(c) })),
    outcome: (user: string): UserOutcome =>
      missed.length > 0 ? { user, result: 'not-applied', detail: `${missed.map((c) => c.path).join(', ')}: ${LOCKED_REASON}` } : { user, result: 'applied' },
  };
}

function failureOutcome(user: string, error: unknown): UserOutcome {
  if (error instanceof DailyLimitError) {
    return { user, result: 'deferred', detail: `${error.source === 'zoom-long-wait' ? 'Zoom asked to wait (429)' : "Zoom's daily limit"}; resume after ${error.resetAt.toISOString()}`, resumeAt: error.resetAt.toISOString() };
  }
  if (error instanceof SecretChangedError) return { user, result: 'failed', detail: error.message };
  // An outage defers the user (apply --resume finishes the run); the ledger states the cause once.
  if (error instanceof ZoomUnavailableError) return { user, result: 'deferred', stoppedBy: error.message };
  // Missing scopes stop the run at once: every other user would be refused the same way.
  const stop = runStopper(error);
  if (stop) throw stop;
  if (error instanceof ZoomApiError) {
    const live = liveFailure(error);
    if (live.kind === 'not-found') return { user, result: live.kind };
    if (live.kind === 'pending') return { user, result: live.kind, ...(live.reason ? { detail: live.reason } : {}) };
  }
  return { user, result: 'failed', detail: error instanceof Error ? error.message : String(error) };
}

function summaryOf(change: PlannedChange) {
  const { variant, path, locator, before, after, sensitive, lock } = change;
  return { variant, path, locator, before, after, ...(sensitive ? { sensitive } : {}), ...(lock ? { lock } : {}) };
}

function journalChanges(changes: readonly PlannedChange[], live: Live, secrets: SecretContext, applied: boolean): UserEntryRecord['changes'] {
  return changes.map((c) => ({ ...summaryOf(c), observed: observed(c, sideOf(live, c), secrets), applied }));
}
