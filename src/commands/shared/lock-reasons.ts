/**
 * Why Zoom did not take a change, in terms of the locks the tool can read (issue 15, item 6). Apply calls it only
 * when a verifying re-read finds a value Zoom kept (a 204 that changed nothing) or when Zoom refuses a PATCH with a
 * 400: the hierarchy is read then, at most once per run, so a clean apply costs no extra request.
 */
import type { HierarchySnapshot } from '../../core/hierarchy/model.js';
import { describeHold, resolveSetting } from '../../core/hierarchy/resolve.js';
import type { PlannedChange } from '../../core/plan/types.js';
import type { ZoomClient } from '../../zoom/index.js';
import { readHierarchy } from './read-hierarchy.js';

export type LockReasons = (user: string, changes: readonly PlannedChange[]) => Promise<string | undefined>;

export function lockReasons(client: ZoomClient): LockReasons {
  let hierarchy: Promise<HierarchySnapshot | undefined> | undefined;
  return async (user, changes) => {
    hierarchy ??= readHierarchy(client).then((read) => (read.kind === 'ok' ? read.snapshot : undefined));
    const snapshot = await hierarchy;
    if (!snapshot) return undefined;
    const reasons = changes.flatMap((change) => {
      const { hold } = resolveSetting(snapshot, user, change.variant, change.locator);
      return hold.by === 'none' ? [] : [`${change.path} held by lock: ${describeHold(hold)}`];
    });
    return reasons.length > 0 ? reasons.join('; ') : undefined;
  };
}
