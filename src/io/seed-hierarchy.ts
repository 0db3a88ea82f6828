/**
 * The account and groups of a simulator seeded from a desired-state directory (`plan --simulate`, `npm start`, the
 * tests' simulators): the account and every group file's group exist with exactly their desired settings and locks,
 * so a first plan shows no account or group change. `extra` (a --hierarchy file, the demo's, a test's) adds members
 * (membership is not in the desired state) and groups, and where it gives a level's settings or locks they win: that
 * is how a test starts Zoom away from the desired state.
 */
import type { DesiredLeaf } from '../core/desired/merge.js';
import type { DesiredState } from '../core/desired/model.js';
import { levelLeaves } from '../core/plan/build-level-plan.js';
import { setAt } from '../core/plan/json-pointer.js';
import type { GroupSeed, HierarchySeed, LevelSeed } from '../simulator/index.js';

function tree(leaves: readonly DesiredLeaf[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Passcodes are not in the desired state (only their variable names): the simulator keeps its own.
  for (const leaf of leaves) if (!leaf.secret) setAt(out, leaf.path, leaf.value);
  return out;
}

function levelSeed(leaves: { settings: DesiredLeaf[]; locks: DesiredLeaf[] }): LevelSeed {
  return { settings: tree(leaves.settings), locks: tree(leaves.locks) };
}

/** The desired account and groups as a hierarchy seed, joined by group name with `extra`, whose fields win. */
export function hierarchySeedFor(state: Pick<DesiredState, 'account' | 'groups'>, extra: HierarchySeed = {}): HierarchySeed {
  const groups: GroupSeed[] = (state.groups ?? []).map((doc) => ({ name: doc.group.name, ...levelSeed(levelLeaves(doc, 'group')) }));
  for (const group of extra.groups ?? []) {
    const index = groups.findIndex((g) => g.name.toLowerCase() === group.name.toLowerCase());
    if (index >= 0) groups[index] = { ...groups[index]!, ...group };
    else groups.push(group);
  }
  const account = extra.account ?? (state.account ? levelSeed(levelLeaves(state.account, 'account')) : undefined);
  return { ...(account ? { account } : {}), groups };
}
