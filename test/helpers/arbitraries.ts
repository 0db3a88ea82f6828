/** fast-check arbitraries generated from Zoom's settings schema. */
import fc from 'fast-check';
import type { DesiredLeaf } from '../../src/core/desired/merge.js';
import { schemaLeaves, type FieldSchema, type Variant } from '../../src/schema/index.js';

export function valueFor(field: FieldSchema): fc.Arbitrary<unknown> {
  if (field.enum && field.type !== 'array') return fc.constantFrom(...field.enum);
  switch (field.type) {
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: field.minimum ?? 0, max: field.maximum ?? 500 });
    case 'string':
      if (field.pattern) return fc.stringMatching(new RegExp(field.pattern));
      return fc.string({ minLength: field.minLength ?? 0, maxLength: Math.min(field.maxLength ?? 12, 12) });
    case 'array':
      return field.items ? fc.array(valueFor(field.items), { maxLength: Math.min(field.maxItems ?? 4, 4) }) : fc.constant([]);
    case 'object': {
      const entries = Object.entries(field.properties ?? {});
      return fc.record(Object.fromEntries(entries.map(([name, child]) => [name, valueFor(child)])), { requiredKeys: [] });
    }
  }
}

/** Live values as Zoom may send them: sometimes loosely typed (booleans and integers as strings). */
export function liveValueFor(field: FieldSchema): fc.Arbitrary<unknown> {
  if (field.type === 'boolean') return fc.oneof(fc.boolean(), fc.constantFrom('true', 'false'));
  if (field.type === 'integer' && !field.enum) return fc.oneof(valueFor(field), valueFor(field).map(String));
  return valueFor(field);
}

/** A whole GET response of a settings variant: every readable leaf, each possibly missing. */
export function liveSettingsFor(variant: Variant): fc.Arbitrary<Record<string, unknown>> {
  const leaves = schemaLeaves(variant, (f) => f.readable);
  return fc.tuple(...leaves.map((leaf) => fc.option(liveValueFor(leaf.field), { nil: undefined, freq: 8 }))).map((values) => {
    const out: Record<string, unknown> = {};
    leaves.forEach((leaf, i) => {
      if (values[i] === undefined) return;
      let node = out;
      for (const key of leaf.path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
      node[leaf.path[leaf.path.length - 1]!] = values[i];
    });
    return out;
  });
}

const SOURCE = { file: 'generated.yaml', line: 1, column: 1 };

/** Desired leaves: a random subset of the settable leaves of a variant, with valid values (secrets by env). */
export function desiredLeavesFor(variant: Variant, secretEnv: string): fc.Arbitrary<DesiredLeaf[]> {
  // Write-only fields (settable, never in GET) are refused by validate (zoom-api-facts.md §9.3).
  const leaves = schemaLeaves(variant, (f) => f.settable && f.readable && !f.highImpact);
  return fc.subarray(leaves, { minLength: 1, maxLength: 25 }).chain((picked) =>
    fc.tuple(...picked.map((leaf) => valueFor(leaf.field))).map((values) =>
      picked.map((leaf, i): DesiredLeaf =>
        leaf.field.secret
          ? { variant, path: leaf.path, value: null, secret: { env: secretEnv }, source: SOURCE }
          : { variant, path: leaf.path, value: values[i], source: { ...SOURCE, line: i + 1 } },
      ),
    ),
  );
}
