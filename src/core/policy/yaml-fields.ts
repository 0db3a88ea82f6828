/** Reading typed fields of a policy or exception item, each wrong one reported at its file:line:col. */
import { problemAt, suggestion, type Problem } from '../desired/problems.js';
import { describeNode, scalarText, type MapEntry, type PNode, type SourcePosition } from '../desired/source.js';

export class ItemReader {
  constructor(
    readonly node: PNode & { kind: 'map' },
    /** The item's path in messages: `rules[0]`, `exceptions[2]`. */
    readonly path: string,
    readonly problems: Problem[],
  ) {}

  /** Reports keys outside `allowed`, with a suggestion. */
  onlyKeys(allowed: readonly string[]): void {
    for (const e of this.node.entries) {
      if (!allowed.includes(e.key)) this.problems.push(problemAt(e.keyPos, `${this.path}.${e.key}`, `unknown key${suggestion(e.key, allowed)}; expected ${allowed.join(', ')}`));
    }
  }

  entry(key: string): MapEntry | undefined {
    return this.node.entries.find((e) => e.key === key);
  }

  /** A non-empty text; reported when missing (if required) or not text. */
  text(key: string, required: boolean): { value: string; pos: SourcePosition } | undefined {
    const e = this.entry(key);
    if (!e) {
      if (required) this.problems.push(problemAt(this.node.pos, this.path, `missing "${key}"`));
      return undefined;
    }
    const v = e.value;
    if (v.kind !== 'scalar' || v.value === null || typeof v.value === 'boolean' || scalarText(v).trim() === '') {
      this.problems.push(problemAt(v.pos, `${this.path}.${key}`, `expected text, found ${describeNode(v)}`));
      return undefined;
    }
    return { value: scalarText(v), pos: v.pos };
  }

  /** A list of names (a single name is taken as a list of one). */
  names(key: string): Array<{ name: string; pos: SourcePosition }> {
    const e = this.entry(key);
    if (!e) return [];
    const items = e.value.kind === 'seq' ? e.value.items : [e.value];
    const out: Array<{ name: string; pos: SourcePosition }> = [];
    for (const item of items) {
      if (item.kind !== 'scalar' || item.value === null || typeof item.value === 'boolean' || scalarText(item).trim() === '') {
        this.problems.push(problemAt(item.pos, `${this.path}.${key}`, `expected a name, found ${describeNode(item)}`));
        continue;
      }
      out.push({ name: scalarText(item), pos: item.pos });
    }
    return out;
  }

  positiveInteger(key: string): number | undefined {
    const e = this.entry(key);
    if (!e) return undefined;
    const v = e.value;
    if (v.kind !== 'scalar' || typeof v.value !== 'number' || !Number.isInteger(v.value) || v.value < 1) {
      this.problems.push(problemAt(v.pos, `${this.path}.${key}`, `expected a whole number of days (1 or more), found ${describeNode(v)}`));
      return undefined;
    }
    return v.value;
  }

  boolean(key: string): boolean | undefined {
    const e = this.entry(key);
    if (!e) return undefined;
    if (e.value.kind !== 'scalar' || typeof e.value.value !== 'boolean') {
      this.problems.push(problemAt(e.value.pos, `${this.path}.${key}`, `expected true or false, found ${describeNode(e.value)}`));
      return undefined;
    }
    return e.value.value;
  }
}

/** The list under a document's one top-level key (`rules:` or `exceptions:`), each item a mapping. */
export function documentItems(root: PNode | undefined, file: string, key: string, problems: Problem[]): Array<{ node: PNode & { kind: 'map' }; index: number }> {
  if (!root || (root.kind === 'scalar' && root.value === null)) return [];
  if (root.kind !== 'map') {
    problems.push(problemAt(root.pos, '', `the document must be a mapping with "${key}:", a list, found ${describeNode(root)}`));
    return [];
  }
  for (const e of root.entries) {
    if (e.key !== key) problems.push(problemAt(e.keyPos, e.key, `unknown key${suggestion(e.key, [key])}; a ${file} file holds "${key}:" only`));
  }
  const list = root.entries.find((e) => e.key === key)?.value;
  if (!list || (list.kind === 'scalar' && list.value === null)) return [];
  if (list.kind !== 'seq') {
    problems.push(problemAt(list.pos, key, `expected a list (each item starting with "- "), found ${describeNode(list)}`));
    return [];
  }
  const out: Array<{ node: PNode & { kind: 'map' }; index: number }> = [];
  list.items.forEach((item, index) => {
    if (item.kind !== 'map') problems.push(problemAt(item.pos, `${key}[${index}]`, `expected a mapping, found ${describeNode(item)}`));
    else out.push({ node: item, index });
  });
  return out;
}
