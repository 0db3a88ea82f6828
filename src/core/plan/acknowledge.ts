/**
 * The acknowledged-drift post-step of planning (issue 19, item 4), beside the lock-aware one (hierarchy/hold.ts):
 * a user's plan in, the same plan with every change an unexpired `drift-acks/*.yaml` names moved aside (and its
 * request dropped) out. Acknowledged changes are reported, never sent, and not counted as changes, so `drift --fix`
 * leaves them alone and `--detailed-exitcode` does not count them. An expired acknowledgement is said in a note.
 */
import { ackFor, userTarget, type AckTarget, type DriftAck } from '../desired/drift-acks.js';
import { formatPosition } from '../desired/source.js';
import { buildRequests } from './requests.js';
import type { AcknowledgedChange, PlannedChange, UserPlan } from './types.js';

/** Who an entry is for, as acknowledgements name it: a user by key, a group by id or name, the account. */
function ackTargets(plan: UserPlan): AckTarget[] {
  const kind = plan.target?.kind ?? 'user';
  if (kind === 'account') return [{ kind: 'account' }];
  if (kind === 'group') return [plan.target.id, plan.user.replace(/^group /, '').replace(/^"(.*)"$/, '$1')].map((name) => ({ kind: 'group', name }));
  return [userTarget(plan.user)];
}

export function acknowledgeDrift(plan: UserPlan, acks: readonly DriftAck[], today: string): UserPlan {
  if (plan.status !== 'change' || acks.length === 0) return plan;
  const targets = ackTargets(plan);
  const free: PlannedChange[] = [];
  const acknowledged: AcknowledgedChange[] = [];
  const notes: string[] = [];
  for (const change of plan.changes) {
    const verdicts = targets.map((target) => ackFor(acks, target, change.path, today));
    const verdict = verdicts.find((v) => v?.state === 'acknowledged') ?? verdicts.find((v) => v !== undefined);
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
  return { ...plan, ...withNotes, changes: free, requests: buildRequests(plan.target, free), acknowledged };
}
