/**
 * YAML text → positioned tree. We use the `yaml` package rather than js-yaml's `listener` option because it gives
 * every node its source range, reports duplicate keys as errors, and never expands aliases on its own: we expand
 * them here under a node budget, so an alias bomb ends in a clear error instead of exhausting memory.
 * YAML 1.2 core schema: `yes` stays a string, `<<` merge keys are not merged.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { fileProblem, problemAt, type Problem } from './problems.js';
import type { MapEntry, PNode, ScalarValue, SourcePosition } from './source.js';

/** A file may hold at most this many values, and its aliases may copy at most MAX_ALIAS_VALUES of them. */
export const MAX_NODES_PER_FILE = 1_000_000;
export const MAX_ALIAS_VALUES = 10_000;

export interface ParseResult {
  root?: PNode;
  problems: Problem[];
}

class BudgetExceeded extends Error {}

export function parseYaml(text: string, file: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const at = (offset: number | undefined): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { file, line, column: col };
  };
  const problems: Problem[] = doc.errors.map((error) => {
    const message = error.code === 'DUPLICATE_KEY' ? 'duplicate key: each key may appear once in a mapping' : `malformed YAML: ${firstLine(error.message)}`;
    return problemAt(at(error.pos[0]), '', message);
  });
  if (problems.length > 0) return { problems };
  if (doc.contents === null) return { problems };
  let budget = MAX_NODES_PER_FILE;
  let aliasBudget = MAX_ALIAS_VALUES;
  // depth counts the aliases being expanded around this node; values copied by an alias use the alias budget.
  const convert = (node: YamlNode | null | undefined, depth: number, fallback: number | undefined): PNode => {
    if (--budget < 0 || (depth > 0 && --aliasBudget < 0)) throw new BudgetExceeded();
    if (node === null || node === undefined) return { kind: 'scalar', pos: at(fallback), value: null };
    if (isAlias(node)) {
      const target = node.resolve(doc as Document);
      if (!target) throw new AliasError(at(node.range?.[0]), node.source);
      if (depth > 64) throw new BudgetExceeded();
      return { ...convert(target, depth + 1, node.range?.[0]), pos: at(node.range?.[0]) };
    }
    const pos = at(node.range?.[0] ?? fallback);
    if (isMap(node)) {
      const entries: MapEntry[] = [];
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const keyPos = at(keyNode?.range?.[0] ?? node.range?.[0]);
        if (!isScalar(keyNode) || (keyNode.value !== null && typeof keyNode.value === 'object')) {
          throw new KeyError(keyPos);
        }
        entries.push({ key: String(keyNode.value), keyPos, value: convert(pair.value as YamlNode | null, depth, keyNode.range?.[1]) });
      }
      return { kind: 'map', pos, entries };
    }
    if (isSeq(node)) return { kind: 'seq', pos, items: node.items.map((item) => convert(item as YamlNode, depth, node.range?.[0])) };
    if (isScalar(node)) return { kind: 'scalar', pos, value: scalarValue(node.value) };
    throw new KeyError(pos);
  };
  try {
    return { root: convert(doc.contents as YamlNode, 0, 0), problems };
  } catch (error) {
    if (error instanceof BudgetExceeded) {
      return { problems: [fileProblem(file, `holds more than ${MAX_NODES_PER_FILE.toLocaleString('en')} values, or its aliases copy more than ${MAX_ALIAS_VALUES.toLocaleString('en')} (an alias bomb?); split the file, or use profiles instead of aliases`)] };
    }
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

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
