/**
 * The account and groups of the desired state (account.yaml, groups/*.yaml; FORMATS.md) as DesiredLevels for the
 * policy subjects: each level's desired values (its `settings:`, with file:line:col) and its desired locks (its
 * `locks:`, through the schema's lock → setting map). Membership is not in the files, so none is given here.
 */
import { lockFor, type Level } from '../../schema/hierarchy.js';
import { flattenSettings, leafPath } from '../desired/merge.js';
import type { DesiredState, LevelDoc } from '../desired/model.js';
import { LEVEL_LOOKUPS } from '../desired/settings-lookup.js';
import type { PNode } from '../desired/source.js';
import { SENSITIVE } from '../plan/types.js';
import type { DesiredLevel, DesiredLevels } from './desired-subjects.js';

function nodeAt(root: PNode | undefined, path: readonly string[]): { node: PNode; keyPos: PNode['pos'] } | undefined {
  let node = root;
  let keyPos = root?.pos;
  for (const step of path) {
    const entry = node?.kind === 'map' ? node.entries.find((e) => e.key === step) : undefined;
    if (!entry) return undefined;
    node = entry.value;
    keyPos = entry.keyPos;
  }
  return node && keyPos ? { node, keyPos } : undefined;
}

function desiredLevel(level: Level, name: string, doc: LevelDoc): DesiredLevel {
  const leaves = new Map(flattenSettings(doc.settings, LEVEL_LOOKUPS[level].settings).map((leaf) => [leafPath(leaf), leaf]));
  return {
    name,
    value(ref) {
      const leaf = leaves.get(ref.setting);
      return leaf ? { value: leaf.secret ? SENSITIVE : leaf.value, source: leaf.source } : undefined;
    },
    lock(ref) {
      const mapping = lockFor(level, ref.variant, ref.path);
      const found = mapping ? nodeAt(doc.locks, mapping.lock) : undefined;
      if (!found || found.node.kind !== 'scalar' || typeof found.node.value !== 'boolean') return undefined;
      return { locked: found.node.value, source: found.keyPos };
    },
  };
}

export function desiredLevels(state: DesiredState): DesiredLevels {
  return {
    ...(state.account ? { account: desiredLevel('account', 'account', state.account) } : {}),
    groups: (state.groups ?? []).map((group) => desiredLevel('group', group.group.name, group)),
  };
}
