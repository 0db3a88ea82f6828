/**
 * JSON Pointer helpers (RFC 6901: "~" and "/" in a key escaped as "~0" and "~1").
 * Keys come from YAML and from servers, so no walk here ever climbs the prototype chain: reads take own
 * properties only (Object.hasOwn) and writes define own data properties, so a key `__proto__`, `constructor` or
 * `prototype` is a plain key like any other and can never reach Object.prototype.
 */

export function pointer(path: readonly string[]): string {
  return path.map((key) => `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The own property `key` of `node`, or undefined (never an inherited one such as `toString`). */
export function ownValue(node: unknown, key: string): unknown {
  if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
  return (node as Record<string, unknown>)[key];
}

/** Sets an own data property, even for `__proto__` (a plain assignment would replace the prototype instead). */
export function setOwn(node: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
}

export function getAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = ownValue(node, key);
  }
  return node;
}

export function setAt(root: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = root;
  for (const key of path.slice(0, -1)) {
    let next = ownValue(node, key);
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      next = {};
      setOwn(node, key, next);
    }
    node = next as Record<string, unknown>;
  }
  setOwn(node, path[path.length - 1]!, value);
}
