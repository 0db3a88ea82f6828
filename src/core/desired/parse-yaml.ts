/**
 * YAML text → positioned tree, on js-yaml's event API: `parseEvents` gives a flat list of events with source offsets,
 * and this file builds the tree from it in one pass with an explicit stack (no recursion, no per-node closures).
 * It reports every problem of a file in that pass, each at file:line:column:
 * - a syntax error (js-yaml stops at the first: that one is reported, and the other files are still read);
 * - duplicate keys (`1:` and `"1":` are one desired-state key), keys that are mappings or lists;
 * - tags other than the core schema's, numbers that are not exactly what was written (yaml-scalars.ts);
 * - more than one document, an unknown or self-containing alias, a file or alias expansion over its budget,
 *   nesting deeper than MAX_NESTING.
 * Keys are the exact source text (`0x1234567890ab:` stays that string; the core schema would make it a number).
 * YAML 1.2 core schema: `yes` stays a string, `<<` merge keys are not merged.
 */
import { EVENT_ID, parseEvents, SCALAR_STYLE, YAMLException, getScalarValue, type Event, type ScalarEvent } from 'js-yaml';
import { LineIndex } from './line-index.js';
import { fileProblem, problemAt, type Problem } from './problems.js';
import type { MapEntry, PNode, ScalarValue, SourcePosition } from './source.js';
import { fullTag, MAP, resolvePlain, resolveTagged, SEQ, STR } from './yaml-scalars.js';

/**
 * A file may hold at most this many keys and values, and its aliases may copy at most MAX_ALIAS_VALUES values. A
 * 4 MiB users file of 42,000 users with settings holds about 490,000 keys and values.
 */
export const MAX_NODES_PER_FILE = 500_000;
export const MAX_ALIAS_VALUES = 10_000;
/**
 * Mappings and lists may nest at most this deep (js-yaml's own guard, set lower than its default of 100): the deepest
 * desired state (users file → user → settings → section → setting → auth profile → option) needs 7.
 */
export const MAX_NESTING = 64;

export interface ParseResult {
  root?: PNode;
  problems: Problem[];
}

export function parseYaml(text: string, file: string): ParseResult {
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: MAX_NESTING });
  } catch (error) {
    if (error instanceof YAMLException) return { problems: [syntaxProblem(error, text, file)] };
    throw error;
  }
  return new TreeBuilder(text, file, events).build();
}

/** An open mapping or list while its events are read. */
interface Frame {
  node: PNode & { kind: 'map' | 'seq' };
  /** The key whose value comes next (mappings), undefined while a key is expected. */
  key?: PendingKey;
  /** Keys seen so far, once a mapping has more than a few (a Set is cheaper than a scan only then). */
  seen?: Map<string, number>;
  /** Set when this collection is itself a key (refused) and when its value is to be dropped. */
  dropped: boolean;
  anchor?: string;
  /** Values counted when it opened, to know how many an alias to it copies. */
  countAtStart: number;
}

interface PendingKey {
  key: string;
  pos: SourcePosition;
  /** Where a missing value (`key:` and nothing) is reported: just after the key. */
  end: number;
  /** A duplicate or refused key: its value is read and dropped. */
  dropped: boolean;
}

interface Anchor {
  node?: PNode;
  /** Keys and values an alias to it copies. */
  size: number;
}

/** A mapping keeps its keys in a list and looks them up by scan up to this many, then in a Map. */
const SCAN_KEYS = 8;

class TreeBuilder {
  private readonly lines: LineIndex;
  private readonly problems: Problem[] = [];
  private readonly stack: Frame[] = [];
  private readonly anchors = new Map<string, Anchor>();
  private root?: PNode;
  private count = 0;
  private aliasBudget = MAX_ALIAS_VALUES;
  /** The offset the next position is read from when an event carries none (empty scalars). */
  private lastOffset = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly events: Event[],
  ) {
    this.lines = new LineIndex(text);
  }

  build(): ParseResult {
    let documents = 0;
    for (const event of this.events) {
      if (event.type === EVENT_ID.DOCUMENT) {
        if (++documents > 1) return { problems: [this.secondDocument()] };
        if (event.directives.some((d) => d.kind === 'tag')) {
          this.problems.push(fileProblem(this.file, 'malformed YAML: %TAG directives are not supported: write tags in full, or better, none'));
          return { problems: this.problems };
        }
        continue;
      }
      if (event.type === EVENT_ID.POP) {
        if (this.stack.length > 0) this.close();
        continue;
      }
      if (++this.count > MAX_NODES_PER_FILE) {
        return { problems: [fileProblem(this.file, `holds more than ${MAX_NODES_PER_FILE.toLocaleString('en')} keys and values: split it into several files`)] };
      }
      if (event.type === EVENT_ID.SCALAR) this.scalar(event);
      else if (event.type === EVENT_ID.ALIAS) {
        if (!this.alias(event.anchorStart, event.anchorEnd)) return { problems: [...this.problems, this.aliasBomb(event.anchorStart - 1)] };
      } else this.open(event.type === EVENT_ID.MAPPING ? 'map' : 'seq', event.start, event.tagStart, event.tagEnd, event.anchorStart, event.anchorEnd);
    }
    return this.problems.length > 0 ? { problems: this.problems } : { root: this.root, problems: [] };
  }

  private pos(offset: number): SourcePosition {
    this.lastOffset = offset;
    return { file: this.file, line: this.lines.line(offset), column: this.lines.column(offset) };
  }

  private get top(): Frame | undefined {
    return this.stack[this.stack.length - 1];
  }

  private expectsKey(): boolean {
    const top = this.top;
    return top !== undefined && top.node.kind === 'map' && top.key === undefined;
  }

  private open(kind: 'map' | 'seq', start: number, tagStart: number, tagEnd: number, anchorStart: number, anchorEnd: number): void {
    const pos = this.pos(start);
    const node: Frame['node'] = kind === 'map' ? { kind, pos, entries: [] } : { kind, pos, items: [] };
    let dropped = false;
    if (this.expectsKey()) {
      this.problems.push(problemAt(pos, this.path(), 'keys must be plain text, not mappings or lists'));
      dropped = true;
    }
    if (tagStart >= 0) {
      const written = this.text.slice(tagStart, tagEnd);
      const tag = fullTag(written);
      if (tag !== '!' && tag !== (kind === 'map' ? MAP : SEQ)) {
        this.problems.push(problemAt(this.pos(tagStart), this.path(), unknownTag(written, kind === 'map' ? 'a mapping' : 'a list')));
      }
    }
    const frame: Frame = { node, dropped, countAtStart: this.count };
    if (anchorStart >= 0) {
      frame.anchor = this.text.slice(anchorStart, anchorEnd);
      this.anchors.set(frame.anchor, { size: 0 });
    }
    this.stack.push(frame);
  }

  private close(): void {
    const frame = this.stack.pop()!;
    if (frame.anchor !== undefined) this.anchors.set(frame.anchor, { node: frame.node, size: this.count - frame.countAtStart + 1 });
    if (frame.dropped) this.dropKey();
    else this.add(frame.node);
  }

  private scalar(event: ScalarEvent): void {
    const start = event.valueStart;
    const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
    const block = event.style === SCALAR_STYLE.LITERAL_BLOCK || event.style === SCALAR_STYLE.FOLDED_BLOCK;
    const at = start < 0 ? this.lastOffset : quoted ? start - 1 : block ? this.blockHeader(start) : start;
    const source = getScalarValue(this.text, event);
    const tag = event.tagStart >= 0 ? this.text.slice(event.tagStart, event.tagEnd) : undefined;
    if (this.expectsKey()) return this.key(source, at, start < 0 ? at : event.valueEnd + (quoted ? 1 : 0), tag, event);
    const pos = start < 0 ? this.emptyPos() : this.pos(at);
    let value: ScalarValue = null;
    if (tag !== undefined) {
      const resolved = resolveTagged(fullTag(tag), source);
      if (!resolved) this.problems.push(problemAt(this.pos(event.tagStart), this.path(), unknownTag(tag, 'a value')));
      else if ('refused' in resolved) this.problems.push(problemAt(pos, this.path(), resolved.refused));
      else value = resolved.value;
    } else if (event.style === SCALAR_STYLE.PLAIN) {
      const resolved = resolvePlain(source);
      if ('refused' in resolved) this.problems.push(problemAt(pos, this.path(), resolved.refused));
      else value = resolved.value;
    } else value = source;
    const node: PNode = { kind: 'scalar', pos, value };
    // The text as written, kept only where the value does not spell it (`0x12`, `007`, `~`): names read it back.
    if (typeof value !== 'string' && value !== null && String(value) !== source) node.source = source;
    if (event.anchorStart >= 0) this.anchors.set(this.text.slice(event.anchorStart, event.anchorEnd), { node, size: 1 });
    this.add(node);
  }

  /**
   * A block scalar (`run: |`) is reported at its `|` or `>`, as people read it; its event starts at the content on the
   * lines below.
   */
  private blockHeader(contentStart: number): number {
    const text = this.text;
    let end = contentStart;
    while (end > 0 && text[end - 1] !== '\n' && text[end - 1] !== '\r') end--;
    end = end > 0 && text[end - 1] === '\n' && text[end - 2] === '\r' ? end - 2 : end - 1;
    const lineStart = Math.max(text.lastIndexOf('\n', end - 1), text.lastIndexOf('\r', end - 1)) + 1;
    const header = /(?:^|[ \t])([|>][-+0-9]*)[ \t]*(?:#.*)?$/.exec(text.slice(lineStart, Math.max(end, lineStart)));
    return header ? lineStart + header.index + header[0].indexOf(header[1]!) : contentStart;
  }

  /** Where an empty value is reported: after its key, or where its list starts (as the parser saw it). */
  private emptyPos(): SourcePosition {
    const top = this.top;
    if (top?.key) return this.pos(this.afterIndicator(top.key.end));
    return top ? top.node.pos : this.pos(this.lastOffset);
  }

  /** The offset after the `:` that follows a key, and the blanks after it: where the value would have been written. */
  private afterIndicator(keyEnd: number): number {
    const text = this.text;
    let at = keyEnd;
    while (text[at] === ' ' || text[at] === '\t') at++;
    if (text[at] === ':') at++;
    while (text[at] === ' ' || text[at] === '\t') at++;
    return at;
  }

  private key(source: string, at: number, end: number, tag: string | undefined, event: ScalarEvent): void {
    const frame = this.top!;
    const pos = this.pos(at);
    const pending: PendingKey = { key: source, pos, end, dropped: false };
    frame.key = pending;
    // An anchored key may be aliased as a value elsewhere: it is the text written.
    if (event.anchorStart >= 0) this.anchors.set(this.text.slice(event.anchorStart, event.anchorEnd), { node: { kind: 'scalar', pos, value: source }, size: 1 });
    if (tag !== undefined && fullTag(tag) !== STR && tag !== '!') {
      this.problems.push(problemAt(this.pos(event.tagStart), this.path(), `the tag ${tag} on a key: keys are read as the text written, so remove the tag`));
      pending.dropped = true;
      return;
    }
    const first = this.firstLine(frame, source, pos.line);
    if (first !== undefined) {
      this.problems.push(problemAt(pos, this.path(), `duplicate key "${source}" (first written at line ${first}): each key may appear once in a mapping`));
      pending.dropped = true;
    }
  }

  /** The line a key was first written at in this mapping, or undefined (and the key is remembered). */
  private firstLine(frame: Frame, key: string, line: number): number | undefined {
    const entries = (frame.node as { entries: MapEntry[] }).entries;
    if (frame.seen) {
      const first = frame.seen.get(key);
      if (first === undefined) frame.seen.set(key, line);
      return first;
    }
    for (const e of entries) if (e.key === key) return e.keyPos.line;
    if (entries.length >= SCAN_KEYS) {
      frame.seen = new Map(entries.map((e) => [e.key, e.keyPos.line]));
      frame.seen.set(key, line);
    }
    return undefined;
  }

  /** An alias: the anchored node again, at the alias's position; false when the alias budget runs out. */
  private alias(start: number, end: number): boolean {
    const name = this.text.slice(start, end);
    const pos = this.pos(start - 1);
    const anchor = this.anchors.get(name);
    if (this.expectsKey()) {
      this.problems.push(problemAt(pos, this.path(), 'keys must be plain text, not mappings or lists'));
      this.top!.key = { key: '', pos, end: end, dropped: true };
      return true;
    }
    if (!anchor) {
      this.problems.push(problemAt(pos, this.path(), `unknown alias *${name}: define the anchor &${name} before using it`));
      this.add({ kind: 'scalar', pos, value: null });
      return true;
    }
    if (!anchor.node) {
      this.problems.push(problemAt(pos, this.path(), `the alias *${name} is inside the node it names (&${name}): a value cannot contain itself`));
      this.add({ kind: 'scalar', pos, value: null });
      return true;
    }
    this.aliasBudget -= anchor.size;
    this.count += anchor.size - 1;
    if (this.aliasBudget < 0) return false;
    // The anchored nodes are shared, not copied: nothing downstream changes a parsed tree.
    this.add({ ...anchor.node, pos } as PNode);
    return true;
  }

  private aliasBomb(offset: number): Problem {
    const message = `aliases copy more than ${MAX_ALIAS_VALUES.toLocaleString('en')} values (an alias bomb?): write the values out, or share them with a profile instead`;
    return problemAt(this.pos(offset), '', message);
  }

  /** Adds a finished value to the open collection, or makes it the root. */
  private add(node: PNode): void {
    const top = this.top;
    if (!top) {
      this.root = node;
      return;
    }
    if (top.node.kind === 'seq') {
      top.node.items.push(node);
      return;
    }
    const key = top.key!;
    top.key = undefined;
    if (!key.dropped) top.node.entries.push({ key: key.key, keyPos: key.pos, value: node });
  }

  /** A refused collection key is done: its value follows and is dropped with it. */
  private dropKey(): void {
    const top = this.top;
    if (top && top.node.kind === 'map') top.key = { key: '', pos: top.node.pos, end: this.lastOffset, dropped: true };
  }

  /** The dotted path of the value being read (`frank@example.com.settings.in_meeting.chat`), for messages only. */
  private path(): string {
    let path = '';
    for (const frame of this.stack) {
      if (frame.node.kind === 'map') {
        if (frame.key) path = path ? `${path}.${frame.key.key}` : frame.key.key;
      } else path = `${path}[${frame.node.items.length}]`;
    }
    return path;
  }

  /** js-yaml reads every document; the desired state allows one per file, so the second is pointed at. */
  private secondDocument(): Problem {
    const marker = /^---/m.exec(this.text.slice(this.lastOffset));
    const offset = marker ? this.lastOffset + marker.index : this.lastOffset;
    return problemAt(this.pos(offset), '', 'malformed YAML: a second document starts here ("---"); keep one document per file');
  }
}

function unknownTag(tag: string, what: string): string {
  return `the tag ${tag} on ${what} is not read: only YAML's core tags (!!str, !!int, !!float, !!bool, !!null, !!seq, !!map) are; remove it (a secret is written as { env: NAME })`;
}

/**
 * A syntax error, at the place js-yaml stopped. Its reasons are worded for YAML experts; the commonest are said in
 * words an admin can act on.
 */
function syntaxProblem(error: YAMLException, text: string, file: string): Problem {
  const offset = error.mark?.position ?? 0;
  const lines = new LineIndex(text);
  const line = lines.line(Math.min(offset, text.length));
  const reason = error.reason;
  if (reason.startsWith('nesting exceeded maxDepth')) {
    return problemAt({ file, line, column: 1 }, '', `nested more than ${MAX_NESTING} levels deep: the desired state needs at most a handful; flatten it (is the indentation right?)`);
  }
  const at = Math.min(offset, text.length);
  const column = lines.column(at);
  const before = text.slice(at - column + 1, at);
  if (reason === 'bad indentation of a mapping entry' && before.includes(': ')) {
    // The parser met a value where it cannot be: `a: b: c`, or a reserved first character (`a: @x`).
    const reserved = text[at] === '@' || text[at] === '`';
    const words = reserved ? `a value cannot start with "${text[at]}": quote it` : 'a value cannot hold ": " unquoted, and a nested mapping starts on its own line: quote the value, or move the mapping to the next line';
    return problemAt({ file, line, column }, '', `malformed YAML: ${words}`);
  }
  // An indentation problem is reported at the start of its line, where the fix is.
  const indentation = /indentation/.test(reason);
  return problemAt({ file, line, column: indentation ? 1 : column }, '', `malformed YAML: ${SYNTAX_WORDS.get(reason) ?? reason}`);
}

const SYNTAX_WORDS = new Map([
  ['bad indentation of a mapping entry', 'All mapping items must start at the same column'],
  ['bad indentation of a sequence entry', 'All list items must start at the same column'],
  ['tab characters must not be used in indentation', 'tab characters must not be used in indentation: indent with spaces'],
  ['null byte is not allowed in input', 'the text holds a NUL character'],
  ['deficient indentation', 'this line is indented less than the value it continues (an unclosed quote or bracket above?)'],
  ['can not read a block mapping entry; a multiline key may not be an implicit key', 'a line of this mapping is not "key: value" (a missing ":" on the line above?)'],
  ['end of the stream or a document separator is expected', 'the document cannot go on here (a list and a mapping at the same level?)'],
]);
