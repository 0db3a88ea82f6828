/**
 * YAML text → positioned tree. We use the `yaml` package rather than js-yaml's `listener` option because it gives
 * every node its source range and never expands aliases on its own: we expand them here under a node budget, so an
 * alias bomb ends in a clear error instead of exhausting memory.
 * YAML 1.2 core schema: `yes` stays a string, `<<` merge keys are not merged.
 *
 * Duplicate keys are found here, not by the package's `uniqueKeys` option: that option compares every key with
 * every earlier key of its mapping, so a users file of 50,000 users took 88 s; a Set makes it linear. It also
 * catches `1:` and `"1":`, which are different YAML keys but the same desired-state key.
 */
import { isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, parseDocument, type Document, type Node as YamlNode, type YAMLMap } from 'yaml';
import { fileProblem, problemAt, type Problem } from './problems.js';
import type { MapEntry, PNode, ScalarValue, SourcePosition } from './source.js';

/**
 * A file may hold at most this many keys and values, and its aliases may copy at most MAX_ALIAS_VALUES values.
 * A 4 MiB users file of 52,000 users holds about 315,000. The yaml package builds about 1 KB of tree per value
 * (a 4 MiB flow list of 2 million numbers took 15 s and 2.2 GB), so the count is taken by its lexer first and a
 * file over budget is refused before that tree is built.
 */
export const MAX_NODES_PER_FILE = 500_000;
export const MAX_ALIAS_VALUES = 10_000;
/** Nested aliases deeper than this are refused: no desired state needs them, and each level multiplies the copies. */
const MAX_ALIAS_DEPTH = 64;

export interface ParseResult {
  root?: PNode;
  problems: Problem[];
}

/** Thrown when a file or its aliases exceed their budget, carrying the problem to report. */
class BudgetExceeded extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

function tooManyValues(file: string): Problem {
  return fileProblem(file, `holds more than ${MAX_NODES_PER_FILE.toLocaleString('en')} keys and values: split it into several files`);
}

export function parseYaml(text: string, file: string): ParseResult {
  // Every value the lexer counts starts at a character of its own, so a text no longer than the budget is within it:
  // only longer files pay for the extra lexer pass.
  if (text.length > MAX_NODES_PER_FILE && countValues(text, MAX_NODES_PER_FILE) > MAX_NODES_PER_FILE) return { problems: [tooManyValues(file)] };
  const starts = text.length >= CHUNKED_MIN_CHARS ? topLevelChunks(text) : undefined;
  return (starts && parseChunked(text, file, starts)) || parseWhole(text, file);
}

/** What one file's conversion shares across its documents: the budgets and the problems found. */
interface Conversion {
  file: string;
  problems: Problem[];
  budget: number;
  aliasBudget: number;
  /** The outermost alias being expanded, where a budget that runs out is reported. */
  outerAlias?: SourcePosition;
}

/** One parsed text: the document and where its offsets are in the file. */
interface Source {
  doc: Document;
  at(offset: number | undefined): SourcePosition;
}

const PARSE_OPTIONS = { uniqueKeys: false, prettyErrors: false, strict: true } as const;

function newConversion(file: string): Conversion {
  return { file, problems: [], budget: MAX_NODES_PER_FILE, aliasBudget: MAX_ALIAS_VALUES };
}

function sourceOf(text: string, file: string, lineOffset: number): Source {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, ...PARSE_OPTIONS });
  const at = (offset: number | undefined): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { file, line: line + lineOffset, column: col };
  };
  return { doc, at };
}

function parseWhole(text: string, file: string): ParseResult {
  const source = sourceOf(text, file, 0);
  const problems: Problem[] = source.doc.errors.map((error) => problemAt(source.at(error.pos[0]), '', syntaxMessage(error.code, error.message)));
  if (problems.length > 0) return { problems };
  if (source.doc.contents === null) return { problems };
  const conversion = newConversion(file);
  try {
    const root = convert(conversion, source, source.doc.contents as YamlNode, 0, 0, '');
    return conversion.problems.length > 0 ? { problems: conversion.problems } : { root, problems: [] };
  } catch (error) {
    return { problems: [conversionProblem(error)] };
  }
}

function conversionProblem(error: unknown): Problem {
  if (error instanceof BudgetExceeded) return error.problem;
  if (error instanceof AliasError) return problemAt(error.pos, '', `unknown alias *${error.alias}: define the anchor &${error.alias} before using it`);
  if (error instanceof KeyError) return problemAt(error.pos, '', 'keys must be plain text, not mappings or lists');
  throw error;
}

/**
 * A large users file is parsed a few hundred top-level entries at a time. The yaml package builds its syntax tree and
 * its document for the whole text at once, about 2.5 KB per user, and they live long enough to be promoted to the old
 * generation: validating 100,000 users peaked at 222 MB RSS, against 75 MB for 1,000; in chunks they die young, and
 * the peak is 153 MB (docs/performance.md). Chunking only ever applies to a top-level block mapping without anchors
 * and aliases, and the result is the same tree: any chunk that does not parse cleanly sends the whole file down the
 * one-piece path, so every problem is found and worded exactly as before.
 */
const CHUNKED_MIN_CHARS = 64 * 1024;
const CHUNK_ENTRIES = 500;

/** Offsets where chunks start (a top-level key at column 0), or undefined when the text must be parsed whole. */
export function topLevelChunks(text: string): number[] | undefined {
  // An alias may name an anchor in another chunk; directives and document markers concern the whole text.
  if (text.includes('&') || text.includes('*')) return undefined;
  const starts = [0];
  let keys = 0;
  for (let at = 0; at < text.length; ) {
    const c = text[at]!;
    if (c === '%' || text.startsWith('---', at) || text.startsWith('...', at) || c === '?' || c === '!') return undefined;
    if (!NOT_A_KEY_START.includes(c)) {
      if (keys > 0 && keys % CHUNK_ENTRIES === 0) starts.push(at);
      keys += 1;
    } else if (keys === 0 && FLOW_OR_SEQUENCE.includes(c)) return undefined;
    const next = text.indexOf('\n', at);
    if (next < 0) break;
    at = next + 1;
  }
  return starts.length > 1 ? starts : undefined;
}

/** First characters of a line that cannot begin a top-level key: indentation, comments, sequences, flow, scalars. */
const NOT_A_KEY_START = ' \t\r\n#-[]{},:|>@`';
const FLOW_OR_SEQUENCE = '-[{';

function parseChunked(text: string, file: string, starts: readonly number[]): ParseResult | undefined {
  const conversion = newConversion(file);
  const entries: MapEntry[] = [];
  const seen = new Map<string, SourcePosition>();
  let rootPos: SourcePosition | undefined;
  let lineOffset = 0;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    const end = starts[i + 1] ?? text.length;
    const chunk = text.slice(start, end);
    const source = sourceOf(chunk, file, lineOffset);
    const map = source.doc.contents;
    if (source.doc.errors.length > 0 || !isMap(map)) return undefined;
    try {
      if (i === 0) {
        // The one root mapping counts once against the budget, as in the one-piece path.
        conversion.budget -= 1;
        rootPos = source.at(map.range?.[0] ?? 0);
      }
      convertPairs(conversion, source, map, seen, entries, 0, '');
    } catch {
      return undefined;
    }
    lineOffset += newlines(chunk);
  }
  if (conversion.problems.length > 0) return { problems: conversion.problems };
  return { root: { kind: 'map', pos: rootPos!, entries }, problems: [] };
}

function newlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

// depth counts the aliases being expanded around this node; values copied by an alias use the alias budget, and
// a budget that runs out is reported at the outermost alias, the one the admin wrote in the document.
function convert(conversion: Conversion, source: Source, node: YamlNode | null | undefined, depth: number, fallback: number | undefined, path: string): PNode {
  const { at } = source;
  if (--conversion.budget < 0) throw new BudgetExceeded(tooManyValues(conversion.file));
  if (depth > 0 && --conversion.aliasBudget < 0) {
    const message = `aliases copy more than ${MAX_ALIAS_VALUES.toLocaleString('en')} values (an alias bomb?): write the values out, or share them with a profile instead`;
    throw new BudgetExceeded(problemAt(conversion.outerAlias ?? at(0), '', message));
  }
  if (node === null || node === undefined) return { kind: 'scalar', pos: at(fallback), value: null };
  if (isAlias(node)) {
    const target = node.resolve(source.doc);
    if (!target) throw new AliasError(at(node.range?.[0]), node.source);
    const aliasPos = at(node.range?.[0]);
    if (depth === 0) conversion.outerAlias = aliasPos;
    if (depth >= MAX_ALIAS_DEPTH) {
      throw new BudgetExceeded(problemAt(conversion.outerAlias ?? aliasPos, '', `aliases are nested more than ${MAX_ALIAS_DEPTH} deep (an alias bomb?): write the values out`));
    }
    return { ...convert(conversion, source, target, depth + 1, node.range?.[0], path), pos: aliasPos };
  }
  const pos = at(node.range?.[0] ?? fallback);
  if (isMap(node)) {
    const entries: MapEntry[] = [];
    convertPairs(conversion, source, node, new Map(), entries, depth, path);
    return { kind: 'map', pos, entries };
  }
  if (isSeq(node)) return { kind: 'seq', pos, items: node.items.map((item, i) => convert(conversion, source, item as YamlNode, depth, node.range?.[0], `${path}[${i}]`)) };
  if (isScalar(node)) return { kind: 'scalar', pos, value: scalarValue(node.value) };
  throw new KeyError(pos);
}

/** The pairs of a mapping, appended to `entries`; `seen` spans every chunk of a chunked top-level mapping. */
function convertPairs(
  conversion: Conversion,
  source: Source,
  node: YAMLMap,
  seen: Map<string, SourcePosition>,
  entries: MapEntry[],
  depth: number,
  path: string,
): void {
  for (const pair of node.items) {
    const keyNode = pair.key as YamlNode | null;
    const keyPos = source.at(keyNode?.range?.[0] ?? node.range?.[0]);
    if (!isScalar(keyNode) || (keyNode.value !== null && typeof keyNode.value === 'object')) {
      throw new KeyError(keyPos);
    }
    const key = String(keyNode.value);
    const keyPath = path ? `${path}.${key}` : key;
    const first = seen.get(key);
    if (first) {
      conversion.problems.push(problemAt(keyPos, keyPath, `duplicate key "${key}" (first written at line ${first.line}): each key may appear once in a mapping`));
      continue;
    }
    seen.set(key, keyPos);
    entries.push({ key, keyPos, value: convert(conversion, source, pair.value as YamlNode | null, depth, keyNode.range?.[1], keyPath) });
  }
}

class AliasError extends Error {
  constructor(readonly pos: SourcePosition, readonly alias: string) {
    super(alias);
  }
}

class KeyError extends Error {
  constructor(readonly pos: SourcePosition) {
    super('complex key');
  }
}

function scalarValue(value: unknown): ScalarValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  return String(value);
}

/**
 * Keys and values as the lexer sees them (scalars, flow collections, list items, aliases), counted up to just past
 * `limit`: cheap next to building the tree, and it stops early on a file that is over budget.
 */
function countValues(text: string, limit: number): number {
  let count = 0;
  for (const token of new Lexer().lex(text)) {
    const c = token.charCodeAt(0);
    // 0x1f precedes a plain or block scalar; then quotes, [, {, - and * (alias).
    if (c === 0x1f || c === 0x22 || c === 0x27 || c === 0x5b || c === 0x7b || c === 0x2d || c === 0x2a) {
      if (++count > limit) break;
    }
  }
  return count;
}

function syntaxMessage(code: string, message: string): string {
  // The package's own text for this one names its API (YAML.parseAllDocuments), which means nothing to an admin.
  if (code === 'MULTIPLE_DOCS') return 'malformed YAML: a second document starts here ("---"); keep one document per file';
  return `malformed YAML: ${firstLine(message)}`;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
