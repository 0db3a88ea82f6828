/** Reading and writing GET-shaped settings by path (object keys only; arrays are leaves). */

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function getAt(root: Record<string, unknown>, path: readonly string[]): unknown {
  let node: unknown = root;
  for (const step of path) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[step];
  }
  return node;
}

/** Sets the value at `path`, creating the objects on the way. */
export function setAt(root: Record<string, unknown>, path: readonly string[], value: unknown): void {
  if (path.length === 0) throw new RangeError('setAt() needs a non-empty path');
  let node = root;
  for (const step of path.slice(0, -1)) {
    const next = node[step];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[step] = {};
    node = node[step] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

/** Is `path` at or under one of `locked` (a lock on an object locks everything in it)? */
export function isUnder(path: readonly string[], locked: ReadonlyArray<readonly string[]>): boolean {
  return locked.some((prefix) => prefix.length <= path.length && prefix.every((step, i) => path[i] === step));
}

/**
 * Equal as JSON values: same primitives, arrays element by element, objects key by key in any order. Not
 * util.isDeepStrictEqual: that also compares prototypes, and a structuredClone made in another realm (a test
 * runner's VM context) has other ones.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key], b[key]));
}
