/** JSON Pointer helpers (RFC 6901), matching fast-json-patch's escaping of "~" and "/". */

export function pointer(path: readonly string[]): string {
  return path.map((key) => `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function getAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export function setAt(root: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = root;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

/**
 * The leaf pointers that the operations of a diff touch: an operation inside a leaf (an item of a list) counts for
 * the leaf, and an operation on a parent (a whole section missing from live) counts for every leaf below it.
 */
export function changedLeaves(opPaths: Iterable<string>, leafPointers: ReadonlySet<string>): Set<string> {
  const changed = new Set<string>();
  for (const opPath of opPaths) {
    if (leafPointers.has(opPath)) {
      changed.add(opPath);
      continue;
    }
    let prefix = '';
    let found = false;
    for (const segment of opPath.split('/').slice(1)) {
      prefix += `/${segment}`;
      if (leafPointers.has(prefix)) {
        changed.add(prefix);
        found = true;
        break;
      }
    }
    if (found) continue;
    for (const leaf of leafPointers) if (leaf.startsWith(`${opPath}/`)) changed.add(leaf);
  }
  return changed;
}
