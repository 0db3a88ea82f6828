/**
 * A rollback is a plan too: for every change a run applied and verified, a change back from its `after` to its
 * `before`. It goes through the same stale check (Zoom must still hold what the run set), guards and journal.
 * A secret cannot be restored (the journal holds only its fingerprint); it is listed instead.
 */
import { buildRequests } from '../plan/requests.js';
import type { SourcePosition } from '../desired/source.js';
import type { PlannedChange, UserPlan } from '../plan/types.js';
import { entryTarget, type UserEntryRecord } from './journal-entries.js';

export interface RollbackUser {
  plan: UserPlan;
  /** Paths that cannot be restored (secrets). */
  unrestorable: string[];
}

/**
 * `sourceOf` names the desired-state line behind each change when the original plan file is still there; without
 * it a change points at the journal run it restores.
 */
export function rollbackPlan(entry: UserEntryRecord, sourceOf: (path: string) => SourcePosition | undefined = () => undefined): RollbackUser {
  const unrestorable: string[] = [];
  const changes: PlannedChange[] = [];
  for (const change of entry.changes) {
    if (!change.applied) continue;
    if (change.sensitive) {
      unrestorable.push(change.path);
      continue;
    }
    changes.push({
      variant: change.variant,
      path: change.path,
      locator: change.locator,
      before: change.after,
      after: change.before,
      ...(change.lock ? { lock: true as const } : {}),
      source: sourceOf(change.path) ?? { file: `journal run ${entry.run}`, line: 0, column: 0 },
    });
  }
  const variants = [...new Set(changes.filter((c) => !c.lock).map((c) => c.variant))];
  const target = entryTarget(entry);
  const plan: UserPlan =
    changes.length > 0
      ? { target, user: entry.user, status: 'change', variants, changes, requests: buildRequests(target, changes) }
      : { target, user: entry.user, status: 'no-change', variants, changes: [], requests: [] };
  return { plan, unrestorable };
}
