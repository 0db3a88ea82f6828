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
import { isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
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
  // only longer files pay for the extra lexer pass (it was a fifth of the time of loading 10,000 users).
  if (text.length > MAX_NODES_PER_FILE && countValues(text, MAX_NODES_PER_FILE) > MAX_NODES_PER_FILE) return { problems: [tooManyValues(file)] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: true });
  const at = (offset: number | undefined): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { file, line, column: col };
  };
  const problems: Problem[] = doc.errors.map((error) => problemAt(at(error.pos[0]), '', syntaxMessage(error.code, error.message)));
  if (problems.length > 0) return { problems };
  if (doc.contents === null) return { problems };
  let budget = MAX_NODES_PER_FILE;
  let aliasBudget = MAX_ALIAS_VALUES;
  // depth counts the aliases being expanded around this node; values copied by an alias use the alias budget, and
  // a budget that runs out is reported at the outermost alias, the one the admin wrote in the document.
  let outerAlias: SourcePosition | undefined;
  const convert = (node: YamlNode | null | undefined, depth: number, fallback: number | undefined, path: string): PNode => {
    if (--budget < 0) throw new BudgetExceeded(tooManyValues(file));
    if (depth > 0 && --aliasBudget < 0) {
      const message = `aliases copy more than ${MAX_ALIAS_VALUES.toLocaleString('en')} values (an alias bomb?): write the values out, or share them with a profile instead`;
      throw new BudgetExceeded(problemAt(outerAlias ?? at(0), '', message));
    }
    if (node === null || node === undefined) return { kind: 'scalar', pos: at(fallback), value: null };
    if (isAlias(node)) {
      const target = node.resolve(doc as Document);
      if (!target) throw new AliasError(at(node.range?.[0]), node.source);
      const aliasPos = at(node.range?.[0]);
      if (depth === 0) outerAlias = aliasPos;
      if (depth >= MAX_ALIAS_DEPTH) {
        throw new BudgetExceeded(problemAt(outerAlias ?? aliasPos, '', `aliases are nested more than ${MAX_ALIAS_DEPTH} deep (an alias bomb?): write the values out`));
      }
      return { ...convert(target, depth + 1, node.range?.[0], path), pos: aliasPos };
    }
    const pos = at(node.range?.[0] ?? fallback);
    if (isMap(node)) {
      const entries: MapEntry[] = [];
      const seen = new Map<string, SourcePosition>();
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const keyPos = at(keyNode?.range?.[0] ?? node.range?.[0]);
        if (!isScalar(keyNode) || (keyNode.value !== null && typeof keyNode.value === 'object')) {
          throw new KeyError(keyPos);
        }
        const key = String(keyNode.value);
        const keyPath = path ? `${path}.${key}` : key;
        const first = seen.get(key);
        if (first) {
          problems.push(problemAt(keyPos, keyPath, `duplicate key "${key}" (first written at line ${first.line}): each key may appear once in a mapping`));
          continue;
        }
        seen.set(key, keyPos);
        entries.push({ key, keyPos, value: convert(pair.value as YamlNode | null, depth, keyNode.range?.[1], keyPath) });
      }
      return { kind: 'map', pos, entries };
    }
    if (isSeq(node)) return { kind: 'seq', pos, items: node.items.map((item, i) => convert(item as YamlNode, depth, node.range?.[0], `${path}[${i}]`)) };
    if (isScalar(node)) return { kind: 'scalar', pos, value: scalarValue(node.value) };
    throw new KeyError(pos);
  };
  try {
    const root = convert(doc.contents as YamlNode, 0, 0, '');
    return problems.length > 0 ? { problems } : { root, problems };
  } catch (error) {
    if (error instanceof BudgetExceeded) return { problems: [error.problem] };
    if (error instanceof AliasError) return { problems: [problemAt(error.pos, '', `unknown alias *${error.alias}: define the anchor &${error.alias} before using it`)] };
    if (error instanceof KeyError) return { problems: [problemAt(error.pos, '', 'keys must be plain text, not mappings or lists')] };
    throw error;
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
