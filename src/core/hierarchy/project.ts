/**
 * The hierarchy as the plan will leave it: the desired account and group settings and locks laid over what Zoom
 * returned. User changes are held (or left to a lock) against this view, so a plan that lifts a lock sends the user
 * changes under it (after the lock change: levels apply first), and a plan that sets and locks a value at a group
 * sends no per-user PATCH for its members (issue 16 item 3). Secrets are not laid over (their values are not here).
 */
import type { DesiredLeaf } from '../desired/merge.js';
import { setAt } from '../plan/json-pointer.js';
import type { Target } from '../targets/registry.js';
import type { HierarchySnapshot, LevelSnapshot } from './model.js';

export interface LevelOverlay {
  target: Target;
  settings: readonly DesiredLeaf[];
  locks: readonly DesiredLeaf[];
}

function overlay<V extends string>(base: Partial<Record<V, Record<string, unknown>>>, leaves: readonly DesiredLeaf[]): Partial<Record<V, Record<string, unknown>>> {
  const out = { ...base };
  const copied = new Set<V>();
  for (const leaf of leaves) {
    if (leaf.secret) continue;
    const variant = leaf.variant as V;
    if (!copied.has(variant)) {
      out[variant] = structuredClone(out[variant] ?? {});
      copied.add(variant);
    }
    setAt(out[variant]!, leaf.path, leaf.value);
  }
  return out;
}

function overlaid(level: LevelSnapshot, desired: LevelOverlay): LevelSnapshot {
  return { settings: overlay(level.settings, desired.settings), locks: overlay(level.locks, desired.locks) };
}

export function projectHierarchy(hierarchy: HierarchySnapshot, levels: readonly LevelOverlay[]): HierarchySnapshot {
  if (levels.length === 0) return hierarchy;
  const account = levels.find((l) => l.target.kind === 'account');
  const byGroup = new Map(levels.filter((l) => l.target.kind === 'group').map((l) => [l.target.id, l]));
  return {
    ...hierarchy,
    account: account ? overlaid(hierarchy.account, account) : hierarchy.account,
    groups: hierarchy.groups.map((group) => {
      const desired = byGroup.get(group.id);
      return desired ? { ...group, ...overlaid(group, desired) } : group;
    }),
  };
}
