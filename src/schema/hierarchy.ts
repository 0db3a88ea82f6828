/** Lookups over the generated account/group levels of the hierarchy and their lock → setting mapping. */
import { HIERARCHY_SCHEMA } from './generated/hierarchy-schema.js';
import type { LevelSchema, LockMapping } from './hierarchy-types.js';
import type { Variant } from './types.js';

export { HIERARCHY_SCHEMA };
export * from './hierarchy-types.js';

export type Level = 'account' | 'group';

export function levelSchema(level: Level): LevelSchema {
  return HIERARCHY_SCHEMA[level];
}

const byVariant = (level: Level): Map<Variant, LockMapping[]> => {
  const index = new Map<Variant, LockMapping[]>();
  for (const mapping of HIERARCHY_SCHEMA.lockMap[level]) {
    if (!mapping.setting) continue;
    const list = index.get(mapping.setting.variant) ?? [];
    list.push(mapping);
    index.set(mapping.setting.variant, list);
  }
  return index;
};
const INDEX: Record<Level, Map<Variant, LockMapping[]>> = { account: byVariant('account'), group: byVariant('group') };
/** Bounded by the schema: one entry per settings path a plan can name. */
const ANSWERS = new Map<string, LockMapping | undefined>();

/**
 * The lock of `level` that holds the user setting (variant, path): the one whose setting path is the path itself or
 * an object above it (a lock on an object holds everything in it). Undefined when no lock covers the setting.
 */
export function lockFor(level: Level, variant: Variant, path: readonly string[]): LockMapping | undefined {
  // Asked once per planned change of every user: remember the answer per (level, variant, path).
  const key = `${level}\u0000${variant}\u0000${path.join('\u0000')}`;
  if (ANSWERS.has(key)) return ANSWERS.get(key);
  const candidates = INDEX[level].get(variant) ?? [];
  let best: LockMapping | undefined;
  for (const mapping of candidates) {
    const prefix = mapping.setting!.path;
    if (prefix.length > path.length || !prefix.every((step, i) => path[i] === step)) continue;
    if (!best || prefix.length > best.setting!.path.length) best = mapping;
  }
  ANSWERS.set(key, best);
  return best;
}
