/**
 * The small hierarchy the demo seeds its simulator with, so `npm start` shows a change held by a lock: a group
 * "Sales" holding the first boolean setting a desired user manages (in_meeting.chat in the example) at the other
 * value, locked. Derived from the desired state, so `demo --dir` on any directory shows one.
 */
import { leafPath, type ResolvedUser } from '../../core/desired/merge.js';
import { lockFor } from '../../schema/hierarchy.js';
import type { HierarchySeed } from '../../simulator/index.js';

export interface DemoLock {
  hierarchy: HierarchySeed;
  user: string;
  setting: string;
}

function nested(path: readonly string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<Record<string, unknown>>((inner, step) => ({ [step]: inner }), value as Record<string, unknown>);
}

/** Prefers the example (a Sales user's in_meeting.chat), then any boolean setting a group can lock. */
export function demoLock(users: readonly ResolvedUser[]): DemoLock | undefined {
  const ordered = [...users].sort((a, b) => Number(/sales/i.test(b.user.file)) - Number(/sales/i.test(a.user.file)));
  const candidates = ordered.flatMap((user) =>
    user.leaves.filter((leaf) => leaf.variant === 'default' && typeof leaf.value === 'boolean').map((leaf) => ({ user, leaf })),
  );
  candidates.sort((a, b) => Number(leafPath(b.leaf) === 'in_meeting.chat') - Number(leafPath(a.leaf) === 'in_meeting.chat'));
  for (const { user, leaf } of candidates) {
    const lock = lockFor('group', 'default', leaf.path);
    if (!lock || lock.setting!.path.length !== leaf.path.length) continue;
    return {
      user: user.user.key,
      setting: leafPath(leaf),
      hierarchy: { groups: [{ name: 'Sales', members: [user.user.key], settings: nested(leaf.path, !leaf.value), locks: nested(lock.lock, true) }] },
    };
  }
  return undefined;
}
