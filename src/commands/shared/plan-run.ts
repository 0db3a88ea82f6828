/**
 * The planning pipeline, as data flows through it:
 *   selected users → resolve (merge + provenance) → read live (only managed variants) → buildUserPlan → sinks.
 * Users stream through with bounded concurrency; results come out in desired-state order.
 */
import { buildUserPlan, managedVariants } from '../../core/plan/build-user-plan.js';
import { holdLockedChanges } from '../../core/hierarchy/hold.js';
import type { HierarchySnapshot } from '../../core/hierarchy/model.js';
import { acknowledgeDrift } from '../../core/plan/acknowledge.js';
import type { DriftAck } from '../../core/desired/drift-acks.js';
import { projectHierarchy } from '../../core/hierarchy/project.js';
import { NO_LEVELS, planLevels } from './plan-levels.js';
import { CostCounter, addToSummary, emptySummary } from '../../core/plan/summary.js';
import { PLAN_FORMAT_VERSION, PLAN_KIND, type PlanCost, type PlanHeader, type PlanSummary, type UserPlan } from '../../core/plan/types.js';
import { orderedMap } from '../../core/ordered-map.js';
import type { CheckedDesiredState } from '../../io/desired-state.js';
import { newSalt, secretContext } from '../../io/secrets.js';
import type { CommandIo } from '../command.js';
import { rateLimitedCount, startProgress } from './progress.js';
import { readLive } from './read-live.js';
import { readHierarchyOrWarn } from './read-hierarchy.js';
import type { Selection } from './select-users.js';
import type { ZoomSession } from './zoom-session.js';

/** Where a plan goes while it is made: renderers to stdout, the plan file, apply's queue. */
export interface PlanSink {
  start(header: PlanHeader): void | Promise<void>;
  user(user: UserPlan): void | Promise<void>;
  finish(summary: PlanSummary, cost: PlanCost): void | Promise<void>;
}

/** Steps only some runs take. */
export interface PlanExtras {
  /** Read already (watch reads it once, not per event); null: not readable. Absent: read it now. */
  hierarchy?: HierarchySnapshot | null;
  /** drift and watch: acknowledged drift (drift-acks/*.yaml) as judged on `today` (YYYY-MM-DD, UTC). */
  acks?: { list: readonly DriftAck[]; today: string };
}

export interface PlanRunResult {
  header: PlanHeader;
  summary: PlanSummary;
  cost: PlanCost;
}

export function planHeader(loaded: CheckedDesiredState, account: string, options: PlanHeader['options'], now: Date): PlanHeader {
  return {
    format_version: PLAN_FORMAT_VERSION,
    kind: PLAN_KIND,
    created_at: now.toISOString(),
    account,
    desired_state_hash: loaded.hash,
    dir: loaded.dir,
    managed_users: loaded.userCount,
    salt: newSalt(),
    options,
  };
}

export async function runPlan(
  io: CommandIo,
  header: PlanHeader,
  selection: Selection,
  session: ZoomSession,
  sinks: PlanSink[],
  extras: PlanExtras = {},
): Promise<PlanRunResult> {
  const secrets = { ...secretContext(session.env, header.salt, session.secrets), unsetSecrets: header.options.secrets_not_compared ? ('not-compared' as const) : ('error' as const) };
  const summary = emptySummary();
  const costs = new CostCounter();
  // Once per run, before any user: which settings a lock at the account or a group holds (issue 15).
  // Watch reads the hierarchy once and passes it (extras.hierarchy); a run reads it here, once, before any user.
  const read = extras.hierarchy === undefined ? await readHierarchyOrWarn(io, session.client) : (extras.hierarchy ?? undefined);
  const acks = extras.acks;
  // The account and groups first (issue 16): their entries lead the plan, so apply sends lock changes before the
  // user changes they unblock; users are then held against the hierarchy as the plan leaves it.
  const levels = selection.levels ? await planLevels(session.client, selection.levels, read, secrets) : NO_LEVELS;
  const hierarchy = read ? projectHierarchy(read, levels.overlays) : undefined;
  for (const sink of sinks) await sink.start(header);
  for (const entry of levels.entries) {
    addToSummary(summary, entry);
    costs.add(entry);
    io.logger.debug({ target: entry.target, status: entry.status, changes: entry.changes.length }, 'planned');
    for (const sink of sinks) await sink.user(entry);
  }
  const progress = startProgress(io, 'planned', selection.count, { rateLimited: rateLimitedCount(session.client) });
  const window = (): number => Math.max(8, session.client.recommendedParallelism() * 2);
  const plans = orderedMap(selection.entries(), window, async (entry) => {
    const resolved = selection.resolve(entry);
    const live = await readLive(session.client, entry.key, managedVariants(resolved.leaves));
    const baseline = selection.baseline ? selection.baseline(entry) : undefined;
    const plan = buildUserPlan(resolved, live, baseline === undefined ? secrets : { ...secrets, baseline });
    const held = hierarchy ? holdLockedChanges(plan, hierarchy) : plan;
    return acks ? acknowledgeDrift(held, acks.list, acks.today) : held;
  });
  try {
    for await (const plan of plans) {
      addToSummary(summary, plan);
      costs.add(plan);
      progress.tick(plan.status === 'error');
      io.logger.debug({ user: plan.user, status: plan.status, changes: plan.changes.length }, 'planned');
      for (const sink of sinks) await sink.user(plan);
    }
  } finally {
    progress.stop();
  }
  const cost = costs.cost(session.client.rateLimit.rps);
  if (hierarchy) cost.hierarchyReads = hierarchy.requests + levels.reads;
  if (session.directory) cost.listRequests = session.directory.requests;
  for (const sink of sinks) await sink.finish(summary, cost);
  return { header, summary, cost };
}
