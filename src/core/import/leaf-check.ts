/**
 * Checks one imported value with the desired-state validator itself, so an import never writes what `validate`
 * would reject. Zoom's GET can return values its own PATCH schema refuses (an empty string where an enum is
 * expected, a list over maxItems, GET-only keys inside list items: zoom-api-facts.md §4.1, §4.4); such a leaf is
 * skipped and stays unmanaged.
 */
import type { Problem } from '../desired/problems.js';
import type { MapEntry, PNode, SourcePosition } from '../desired/source.js';
import { USER_LOOKUP, type SettingsLookup } from '../desired/settings-lookup.js';
import { HIGH_IMPACT_OPT_IN, validateSettings } from '../desired/validate-settings.js';

const NOWHERE: SourcePosition = { file: '<zoom>', line: 1, column: 1 };
/** Distinct (path, value) pairs remembered; values repeat across users, so the cache answers most checks. */
const CACHE_LIMIT = 50_000;

/** A plain value as a positioned tree (every position the same: only the verdict is used). */
export function plainToNode(value: unknown): PNode {
  if (Array.isArray(value)) return { kind: 'seq', pos: NOWHERE, items: value.map(plainToNode) };
  if (value !== null && typeof value === 'object') {
    const entries: MapEntry[] = Object.entries(value).map(([key, child]) => ({ key, keyPos: NOWHERE, value: plainToNode(child) }));
    return { kind: 'map', pos: NOWHERE, entries };
  }
  const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
  return { kind: 'scalar', pos: NOWHERE, value: scalar };
}

/** `settings:` holding only `value` at `path`, with the high-impact opt-in beside it when asked. */
function nest(path: readonly string[], value: unknown, highImpact: boolean): PNode {
  let node = plainToNode(value);
  for (let i = path.length - 1; i >= 0; i--) {
    const entries: MapEntry[] = [{ key: path[i]!, keyPos: NOWHERE, value: node }];
    if (highImpact && i === path.length - 1) entries.unshift({ key: HIGH_IMPACT_OPT_IN, keyPos: NOWHERE, value: plainToNode(true) });
    node = { kind: 'map', pos: NOWHERE, entries };
  }
  return node;
}

export type LeafChecker = (path: readonly string[], value: unknown, highImpact: boolean) => string | undefined;

/**
 * A checker answering why a value at a desired-state path is invalid, or undefined when `validate` accepts it; with
 * a level's lookup (settings-lookup.ts), as account.yaml or a group file's `settings:` or `locks:` would be checked.
 */
export function createLeafChecker(lookup: SettingsLookup = USER_LOOKUP): LeafChecker {
  const cache = new Map<string, string | undefined>();
  return (path, value, highImpact) => {
    const key = `${path.join('\u0000')}\u0001${JSON.stringify(value)}`;
    if (cache.has(key)) return cache.get(key);
    const problems: Problem[] = [];
    validateSettings(nest(path, value, highImpact), problems, lookup);
    const error = problems.find((p) => p.severity === 'error');
    const verdict = error ? `${error.path}: ${error.message}` : undefined;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, verdict);
    return verdict;
  };
}
