/**
 * A YAML document as a tree whose every node remembers where it was written (file, line, column, 1-based),
 * so validation messages and plans can point at the exact line that asked for a setting.
 */

export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export type ScalarValue = string | number | boolean | null;

export interface MapEntry {
  key: string;
  keyPos: SourcePosition;
  value: PNode;
}

export type PNode =
  | { kind: 'map'; pos: SourcePosition; entries: MapEntry[] }
  | { kind: 'seq'; pos: SourcePosition; items: PNode[] }
  | { kind: 'scalar'; pos: SourcePosition; value: ScalarValue };

/** `file:line:column`; a position with no line (line 0: not from a file, e.g. a journal run) is its name alone. */
export function formatPosition(pos: SourcePosition): string {
  if (pos.line === 0) return pos.file;
  return `${pos.file}:${pos.line}:${pos.column}`;
}

export function entry(node: PNode, key: string): MapEntry | undefined {
  return node.kind === 'map' ? node.entries.find((e) => e.key === key) : undefined;
}

/** The node as plain data (no positions). */
export function toPlain(node: PNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      // defineProperty: a YAML key `__proto__` is a key, never the object's prototype.
      const out: Record<string, unknown> = {};
      for (const e of node.entries) Object.defineProperty(out, e.key, { value: toPlain(e.value), writable: true, enumerable: true, configurable: true });
      return out;
    }
  }
}

export function describeNode(node: PNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  const value = node.value;
  if (value === null) return 'nothing (null)';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return `string ${JSON.stringify(shown)}`;
  }
  return `${typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : 'boolean'} ${String(value)}`;
}
