/**
 * Targeted reconcile (issue 19, item 2): an event for a managed user re-reads only that user's managed variants
 * that the event says changed, through the watch's one client (one limiter, one budget), plans them against the desired state of the checkout,
 * and reports drift with the event's attribution. With --fix the correction runs the same steps as `drift --fix`
 * (apply.ts planThenApplyIn: guards, journal under its run lock, PATCH, verifying re-read).
 *
 * The desired state of the checkout is looked at for every reconcile, not watched: a checkout updated by `git pull`
 * or swapped by git-sync (a symlink flip, common in Kubernetes) is not reliably seen by fs.watch, and a reconcile
 * against a stale desired state would undo a merged change. Reading and hashing the files is cheap (4 ms for 50,000
 * users here), parsing and checking them is not (0.5 s for 5,000 users, 3.7 s for 50,000 on this loaded machine),
 * so the checked state and an index of its users (11 MB of heap for 50,000 users) are kept and rebuilt only when the
 * hash changes.
 */
import type { HierarchySnapshot } from '../../core/hierarchy/model.js';
import type { UserEntry } from '../../core/desired/model.js';
import type { Ledger } from '../../core/apply/ledger.js';
import { ackFor } from '../../core/desired/drift-acks.js';
import { formatPosition } from '../../core/desired/source.js';
import { Resolver, type ResolvedUser } from '../../core/desired/merge.js';
import type { UserPlan } from '../../core/plan/types.js';
import { touchedVariants, type SettingsEvent } from '../../core/watch/events.js';
import type { CheckedDesiredState } from '../../io/desired-state.js';
import { readDesiredStateFiles } from '../../io/desired-state-files.js';
import { RunLockedError } from '../../io/run-lock.js';
import type { CommandIo } from '../command.js';
import { planThenApplyIn } from '../apply.js';
import { type ApplyFlags, underRunLock } from '../shared/apply-flow.js';
import { openValidDesiredState } from '../shared/desired.js';
import { driftAcksOf, todayFrom } from '../shared/drift-acks.js';
import { planHeader, runPlan, type PlanExtras, type PlanSink } from '../shared/plan-run.js';
import { readHierarchyOrWarn, readLevel } from '../shared/read-hierarchy.js';
import type { LevelDocs } from '../shared/plan-levels.js';
import type { Selection } from '../shared/select-users.js';
import { OWN_ACCOUNT } from '../../core/targets/registry.js';
import type { DesiredState } from '../../core/desired/model.js';
import { loadUserDirectory, type UserDirectory } from '../shared/user-directory.js';
import type { ZoomSession } from '../shared/zoom-session.js';
import { errorReport, targetChangeReport, userReport, type WatchReport } from './report.js';

/** The checked desired state and its users by identity, for one content hash of the directory. */
export interface DesiredCache {
  hash: string;
  loaded: CheckedDesiredState;
  byIdentity: Map<string, UserEntry>;
}

export interface ReconcileContext {
  io: CommandIo;
  session: ZoomSession;
  dir: string;
  /** --fix: correct through the journal and guards. */
  fix?: ApplyFlags;
  now(): number;
  /** Read once at start (locks change rarely) and again after a lock event; null when not readable. */
  hierarchy: HierarchySnapshot | null;
  /** id → email for a desired state keyed by email (the events name users by id). */
  directory?: UserDirectory;
  desired?: DesiredCache;
}

/** The desired state as the checkout has it now: the kept one when the files hash the same, else checked again. */
export async function currentDesired(ctx: Pick<ReconcileContext, 'dir' | 'io' | 'desired'>): Promise<DesiredCache> {
  const { hash } = await readDesiredStateFiles(ctx.dir);
  if (ctx.desired && ctx.desired.hash === hash) return ctx.desired;
  const loaded = await openValidDesiredState(ctx.dir, ctx.io);
  const byIdentity = new Map<string, UserEntry>();
  for await (const entry of loaded.users()) byIdentity.set(entry.identity, entry);
  ctx.desired = { hash: loaded.hash, loaded, byIdentity };
  return ctx.desired;
}

/** Whether the desired state names any user by email: then events (which carry ids) need the directory. */
export function keysByEmail(desired: DesiredCache): boolean {
  for (const identity of desired.byIdentity.keys()) if (identity.includes('@')) return true;
  return false;
}

async function managedEntry(desired: DesiredCache, userId: string, ctx: ReconcileContext): Promise<UserEntry | undefined> {
  const byId = desired.byIdentity.get(userId);
  if (byId || !keysByEmail(desired)) return byId;
  if (!ctx.directory?.find(userId)) {
    // A user who joined after the listing: list once more (GET /users, MEDIUM) before calling them unmanaged.
    ctx.directory = await loadUserDirectory(ctx.session.client);
  }
  const email = ctx.directory.find(userId)?.email.toLowerCase();
  return email === undefined ? undefined : desired.byIdentity.get(email);
}

/** Keeps the one user plan a run makes. */
function keepPlan(): { sink: PlanSink; plan: () => UserPlan | undefined } {
  let kept: UserPlan | undefined;
  return {
    sink: { start: () => undefined, user: (user) => void (kept = user), finish: () => undefined },
    plan: () => kept,
  };
}

async function reconcileUser(ctx: ReconcileContext, events: readonly SettingsEvent[]): Promise<WatchReport | undefined> {
  const { io } = ctx;
  const userId = events[0]!.target.id;
  const target: WatchReport['target'] = { kind: 'user', id: userId };
  const desired = await currentDesired(ctx);
  const loaded = desired.loaded;
  const entry = await managedEntry(desired, userId, ctx);
  if (!entry) {
    io.logger.info({ user: userId, event: events[0]!.event }, 'event for a user the desired state does not manage');
    return undefined;
  }
  target.key = entry.key;
  const resolver = new Resolver(loaded.layers);
  // The event lists the settings that changed: only the variants they live in are read again (each GET is a MEDIUM
  // request); a change to a variant the user's desired state does not manage reads nothing.
  const touched = touchedVariants(events);
  const resolve = (e: UserEntry): ResolvedUser => {
    const resolved = resolver.resolve(e);
    return touched ? { ...resolved, leaves: resolved.leaves.filter((leaf) => touched.has(leaf.variant)) } : resolved;
  };
  const selection = { count: 1, entries: () => [entry], resolve };
  const extras = { hierarchy: ctx.hierarchy, acks: driftAcksOf(loaded.layers, todayFrom(io.env, new Date(ctx.now()), 'watch')) };
  return planAndReport(ctx, events, target, { loaded, selection, extras, users: [entry.key] });
}

/** Plans the selection (one user, or one level) and, with --fix, corrects it like drift --fix; then the report. */
async function planAndReport(
  ctx: ReconcileContext,
  events: readonly SettingsEvent[],
  target: WatchReport['target'],
  run: { loaded: CheckedDesiredState; selection: Selection; extras: PlanExtras; users?: string[] },
): Promise<WatchReport | undefined> {
  const { io, session } = ctx;
  const { loaded, selection, extras } = run;
  const header = planHeader(loaded, session.account, run.users ? { users: run.users } : {}, new Date(ctx.now()));
  const kept = keepPlan();
  if (!ctx.fix) {
    await runPlan(io, header, selection, session, [kept.sink], extras);
    return userReport(events, target, kept.plan()!);
  }
  const flags = ctx.fix;
  let ledger: Ledger | undefined;
  await underRunLock(io, 'drift', flags.journalPath, { desiredDir: ctx.dir }, () =>
    planThenApplyIn(io, { loaded, selection, session, header }, {
      flags,
      command: 'drift',
      // --fix on a watch is the standing approval, as --auto-approve is for a scheduled drift --fix.
      approval: 'auto',
      json: true,
      extras,
      planText: false,
      sinks: [kept.sink],
      report: (l) => (ledger = l),
      skipEmpty: true,
    }),
  );
  return userReport(events, target, kept.plan()!, ledger ? { ledger, journal: flags.journalPath } : undefined);
}

/**
 * The hierarchy with only the event's level read again (its lock settings, and its settings where it locks
 * something): "re-read only that target". A group the snapshot does not know (created since) means a full read.
 */
async function withLevelReread(ctx: ReconcileContext, target: SettingsEvent['target']): Promise<HierarchySnapshot | null> {
  const known = ctx.hierarchy;
  const group = target.kind === 'group' ? known?.groups.find((g) => g.id === target.id) : undefined;
  if (!known || (target.kind === 'group' && !group)) return (ctx.hierarchy = (await readHierarchyOrWarn(ctx.io, ctx.session.client)) ?? null);
  const count = (): void => undefined;
  if (target.kind === 'account') {
    const account = await readLevel(ctx.session.client, OWN_ACCOUNT, 'account', [], count);
    ctx.hierarchy = { ...known, account };
  } else {
    const level = await readLevel(ctx.session.client, { kind: 'group', id: target.id }, 'group', [], count);
    ctx.hierarchy = { ...known, groups: known.groups.map((g) => (g.id === target.id ? { ...g, ...level } : g)) };
  }
  return ctx.hierarchy;
}

/** The account.yaml or the groups/*.yaml file the event's level has, if the desired state manages it. */
function levelDocsFor(layers: DesiredState, target: SettingsEvent['target'], hierarchy: HierarchySnapshot | null): LevelDocs | undefined {
  if (target.kind === 'account') return layers.account ? { account: layers.account, groups: [] } : undefined;
  const name = hierarchy?.groups.find((g) => g.id === target.id)?.name.trim().toLowerCase();
  const doc = (layers.groups ?? []).find((g) => g.group.name.trim() === target.id || (name !== undefined && g.group.name.trim().toLowerCase() === name));
  return doc ? { groups: [doc] } : undefined;
}

/**
 * Group and account events: the level is read again and planned against account.yaml or its groups/*.yaml (the
 * plan over targets, issue 16), reported with the event's attribution, and with --fix corrected like drift --fix
 * (the guards count the users a change reaches; an account change needs --allow-account-changes). A level the
 * desired state does not manage is reported with the event's own old → new.
 */
async function reconcileLevel(ctx: ReconcileContext, events: readonly SettingsEvent[]): Promise<WatchReport | undefined> {
  const last = events[events.length - 1]!;
  const target: WatchReport['target'] = { kind: last.target.kind, id: last.target.id };
  const hierarchy = await withLevelReread(ctx, last.target);
  const desired = await currentDesired(ctx);
  const { loaded } = desired;
  const acks = driftAcksOf(loaded.layers, todayFrom(ctx.io.env, new Date(ctx.now()), 'watch'));
  const docs = levelDocsFor(loaded.layers, last.target, hierarchy);
  if (!docs) return targetChangeReport(events, `the desired state has no ${last.target.kind === 'account' ? 'account.yaml' : 'groups/ file for this group'}: not managed`, levelAcknowledged(acks, last.target, hierarchy));
  const selection = { count: 0, entries: () => [], resolve: (e: UserEntry) => new Resolver(loaded.layers).resolve(e), levels: docs };
  return planAndReport(ctx, events, target, { loaded, selection, extras: { hierarchy, acks } });
}

function levelAcknowledged(acks: ReturnType<typeof driftAcksOf>, target: SettingsEvent['target'], hierarchy: HierarchySnapshot | null) {
  const groupName = hierarchy?.groups.find((g) => g.id === target.id)?.name;
  const ackTargets = target.kind === 'group' ? [target.id, ...(groupName ? [groupName] : [])].map((name) => ({ kind: 'group', name }) as const) : [{ kind: 'account' } as const];
  return (path: string) => {
    const verdict = ackTargets.map((t) => ackFor(acks.list, t, path, acks.today)).find((v) => v?.state === 'acknowledged');
    if (verdict?.state !== 'acknowledged') return undefined;
    const { owner, reason, expires, pos } = verdict.ack;
    return { owner, reason, expires, source: formatPosition(pos) };
  };
}

/** One batch of events for one target, debounced; never throws (a failure is a report). */
export async function reconcileTarget(ctx: ReconcileContext, events: readonly SettingsEvent[]): Promise<WatchReport | undefined> {
  const first = events[0]!;
  try {
    return first.target.kind === 'user' ? await reconcileUser(ctx, events) : await reconcileLevel(ctx, events);
  } catch (error) {
    // Another run holds the journal (the nightly drift --fix): the events stay queued and are tried again.
    if (error instanceof RunLockedError) return { ...errorReport(events, { kind: first.target.kind, id: first.target.id }, error.message), retrying: true };
    const message = error instanceof Error ? error.message : String(error);
    const details = error instanceof Error && 'details' in error && Array.isArray(error.details) ? `: ${(error.details as string[]).join('; ')}` : '';
    ctx.io.logger.debug({ err: error }, 'reconcile failed');
    return errorReport(events, { kind: first.target.kind, id: first.target.id }, `${message}${details}`);
  }
}
