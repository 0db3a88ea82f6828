/**
 * Properties of the merge, with settings generated from Zoom's schema: merging is associative over layers (as
 * documented: mappings key by key, lists and values replace), and every resolved leaf's provenance points at the
 * last layer that set it.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { flattenSettings, leafPath, mergeNodes } from '../../src/core/desired/merge.js';
import { parseYaml } from '../../src/core/desired/parse-yaml.js';
import { toPlain, type PNode } from '../../src/core/desired/source.js';
import { schemaLeaves } from '../../src/schema/index.js';
import { valueFor } from '../helpers/arbitraries.js';

// Leaves an admin writes directly (not secrets or high-impact, which need references and opt-ins).
const LEAVES = [...schemaLeaves('default', (f) => f.settable && f.readable && !f.secret && !f.highImpact), ...schemaLeaves('meeting_security', (f) => f.settable)].filter(
  (l) => !l.path.includes('[]'),
);

/** A layer: some leaves of the schema with values, as a parsed YAML file named after the layer. */
const layer = (name: string): fc.Arbitrary<PNode> =>
  fc.subarray(LEAVES, { maxLength: 12 }).chain((picked) =>
    fc.tuple(...picked.map((leaf) => valueFor(leaf.field))).map((values) => {
      const settings: Record<string, unknown> = {};
      picked.forEach((leaf, i) => {
        let node = settings;
        for (const key of leaf.path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
        node[leaf.path[leaf.path.length - 1]!] = values[i];
      });
      const parsed = parseYaml(dump(settings), `${name}.yaml`);
      expect(parsed.problems).toEqual([]);
      return parsed.root ?? { kind: 'map', pos: { file: `${name}.yaml`, line: 1, column: 1 }, entries: [] };
    }),
  );

/** Leaves with their values and the file that set them. */
function resolved(node: PNode): Record<string, { value: unknown; file: string }> {
  return Object.fromEntries(flattenSettings(node).map((l) => [leafPath(l), { value: l.value, file: l.source.file }]));
}

describe('merge', () => {
  it('is associative over layers: (a ⊕ b) ⊕ c = a ⊕ (b ⊕ c), values and provenance alike', () => {
    fc.assert(
      fc.property(layer('a'), layer('b'), layer('c'), (a, b, c) => {
        const left = mergeNodes(mergeNodes(a, b), c);
        const right = mergeNodes(a, mergeNodes(b, c));
        expect(toPlain(left)).toEqual(toPlain(right));
        expect(resolved(left)).toEqual(resolved(right));
      }),
      { numRuns: 200 },
    );
  });

  it('every leaf comes from the last layer that sets it, with that layer’s value and position', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), (seeds) => {
        const layers = seeds.map((_, i) => fc.sample(layer(`layer${i}`), { numRuns: 1, seed: seeds[i] })[0]!);
        const merged = layers.reduce((acc, next) => mergeNodes(acc, next));
        for (const leaf of flattenSettings(merged)) {
          const owners = layers.map((l, i) => ({ i, leaves: resolved(l) })).filter((l) => leafPath(leaf) in l.leaves);
          const winner = owners[owners.length - 1]!;
          expect(leaf.source.file).toBe(`layer${winner.i}.yaml`);
          expect(leaf.value).toEqual(winner.leaves[leafPath(leaf)]!.value);
        }
        // Nothing is lost: every leaf any layer sets is in the result.
        const all = new Set(layers.flatMap((l) => Object.keys(resolved(l))));
        expect(new Set(Object.keys(resolved(merged)))).toEqual(all);
      }),
      { numRuns: 100 },
    );
  });
});
