/**
 * The "held by lock" section every format shows (issue 15, item 4): identical held changes grouped, so 37 users
 * held by the same group lock read as one line, with the desired value's file:line and what to do about it.
 */
import { formatPosition } from '../desired/source.js';
import { describeHold } from '../hierarchy/resolve.js';
import type { AcknowledgedChange, HeldChange, UserPlan } from '../plan/types.js';
import { plural, showChangeValue } from './renderer.js';

export interface HeldGroup {
  path: string;
  wanted: string;
  hold: string;
  users: number;
  sources: string[];
}

const SOURCES_SHOWN = 3;

export class HeldTally {
  private readonly groups = new Map<string, HeldGroup>();

  add(user: Pick<UserPlan, 'held'>): void {
    for (const change of user.held ?? []) this.addChange(change);
  }

  private addChange(change: HeldChange): void {
    const wanted = showChangeValue(change, change.after);
    const hold = describeHold(change.hold);
    const key = JSON.stringify([change.path, wanted, hold]);
    const group = this.groups.get(key) ?? { path: change.path, wanted, hold, users: 0, sources: [] };
    group.users += 1;
    const source = formatPosition(change.source);
    if (group.sources.length < SOURCES_SHOWN && !group.sources.includes(source)) group.sources.push(source);
    this.groups.set(key, group);
  }

  entries(): HeldGroup[] {
    return [...this.groups.values()].sort((a, b) => b.users - a.users || a.path.localeCompare(b.path));
  }
}

/** "held by lock: 37 users, in_meeting.chat locked to false at group Sales — change the lock or the desired value". */
export function heldLine(group: HeldGroup): string {
  return `held by lock: ${plural(group.users, 'user')}, ${group.path} ${group.hold} — change the lock or the desired value (desired ${group.wanted} at ${group.sources.join(', ')})`;
}

/** "carol@example.com in_meeting.chat: false (desired true at …) acknowledged by jane@… until 2026-12-31: reason (drift-acks/x.yaml:1:1)". */
export function acknowledgedLine(user: string, change: AcknowledgedChange): string {
  const { owner, reason, expires, source } = change.ack;
  return `${user} ${change.path}: ${showChangeValue(change, change.before)} (desired ${showChangeValue(change, change.after)} at ${formatPosition(change.source)}) acknowledged by ${owner} until ${expires}: ${reason} (${source})`;
}
