/** Lookups over the generated Zoom settings schema, keyed by (variant, path). */
import { SETTINGS_SCHEMA } from './generated/settings-schema.js';
import type { FieldSchema, Variant, VariantSchema } from './types.js';

export { SETTINGS_SCHEMA };
export * from './types.js';

/** The sections of the default variant's PATCH body (no `option`). */
export const DEFAULT_SECTIONS: readonly string[] = Object.keys(SETTINGS_SCHEMA.variants.default.root.properties ?? {}).filter(
  (name) => SETTINGS_SCHEMA.variants.default.root.properties![name]!.settable,
);

export function variantSchema(variant: Variant): VariantSchema {
  return SETTINGS_SCHEMA.variants[variant];
}

/**
 * A field's child by name, own properties only: `toString` or `__proto__` as a setting name is unknown, never a
 * property inherited from Object.prototype.
 */
export function childField(field: FieldSchema | undefined, name: string): FieldSchema | undefined {
  const properties = field?.properties;
  return properties !== undefined && Object.hasOwn(properties, name) ? properties[name] : undefined;
}

/** The field at `path` (object keys; `[]` steps into array items) below `root`, or undefined. */
export function fieldIn(root: FieldSchema | undefined, path: readonly string[]): FieldSchema | undefined {
  let node = root;
  for (const step of path) {
    if (!node) return undefined;
    node = step === '[]' ? node.items : childField(node, step);
  }
  return node;
}

/** The field at `path` (object keys; `[]` steps into array items) in one variant of the user settings, or undefined. */
export function fieldAt(variant: Variant, path: readonly string[]): FieldSchema | undefined {
  if (!Object.hasOwn(SETTINGS_SCHEMA.variants, variant)) return undefined;
  return fieldIn(SETTINGS_SCHEMA.variants[variant].root, path);
}

export interface SchemaLeaf {
  variant: Variant;
  path: string[];
  field: FieldSchema;
}

/** Every leaf (non-object field) of a variant, in schema order; arrays count as leaves. */
export function schemaLeaves(variant: Variant, filter: (field: FieldSchema) => boolean = () => true): SchemaLeaf[] {
  const out: SchemaLeaf[] = [];
  const walk = (field: FieldSchema, path: string[]): void => {
    if (field.type === 'object' && field.properties) {
      for (const [name, child] of Object.entries(field.properties)) walk(child, [...path, name]);
      return;
    }
    if (path.length > 0 && filter(field)) out.push({ variant, path, field });
  };
  walk(SETTINGS_SCHEMA.variants[variant].root, []);
  return out;
}
