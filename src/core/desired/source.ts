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
  | { kind: 'scalar'; pos: SourcePosition; value: ScalarValue; source?: string };

/**
 * A scalar's text as written: its value when that is a string, else the source kept by the parser where the value
 * does not spell it (`0x12`, `007`), else the value spelled out (`2024`, `true`). Names (profiles) read this, so a
 * name YAML would read as a number is taken literally.
 */
export function scalarText(node: PNode & { kind: 'scalar' }): string {
  return typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
}

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
      // No prototype: a YAML key "__proto__" stays a plain key.
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const e of node.entries) out[e.key] = toPlain(e.value);
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
