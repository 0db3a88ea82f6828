/**
 * The acknowledged-drift post-step of planning (issue 19, item 4), beside the lock-aware one (hierarchy/hold.ts):
 * a user's plan in, the same plan with every change an unexpired `drift-acks/*.yaml` names moved aside (and its
 * request dropped) out. Acknowledged changes are reported, never sent, and not counted as changes, so `drift --fix`
 * leaves them alone and `--detailed-exitcode` does not count them. An expired acknowledgement is said in a note.
 */
import { ackFor, userTarget, type DriftAck } from '../desired/drift-acks.js';
import { formatPosition } from '../desired/source.js';
import { buildRequests } from './requests.js';
import type { AcknowledgedChange, PlannedChange, UserPlan } from './types.js';

export function acknowledgeDrift(plan: UserPlan, acks: readonly DriftAck[], today: string): UserPlan {
  if (plan.status !== 'change' || acks.length === 0) return plan;
  const target = userTarget(plan.user);
  const free: PlannedChange[] = [];
  const acknowledged: AcknowledgedChange[] = [];
  const notes: string[] = [];
  for (const change of plan.changes) {
    const verdict = ackFor(acks, target, change.path, today);
    if (verdict?.state === 'acknowledged') {
      const { owner, reason, expires, pos } = verdict.ack;
      acknowledged.push({ ...change, ack: { owner, reason, expires, source: formatPosition(pos) } });
      continue;
    }
    if (verdict?.state === 'expired') notes.push(`${change.path}: the acknowledgement by ${verdict.ack.owner} expired on ${verdict.ack.expires} (${formatPosition(verdict.ack.pos)}); corrected as drift`);
    free.push(change);
  }
  const withNotes = notes.length > 0 ? { notes: [...(plan.notes ?? []), ...notes] } : {};
  if (acknowledged.length === 0) return { ...plan, ...withNotes };
  if (free.length === 0) return { ...plan, ...withNotes, status: 'no-change', changes: [], requests: [], acknowledged };
  return { ...plan, ...withNotes, changes: free, requests: buildRequests(plan.user, free), acknowledged };
}
