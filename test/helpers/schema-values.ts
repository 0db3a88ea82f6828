/** Values generated from a schema field: one that Zoom's schema accepts, and one of the wrong type. */
import type { FieldSchema } from '../../src/schema/index.js';

export function validValue(field: FieldSchema): unknown {
  if (field.secret) return { env: 'ZOOM_TEST_SECRET' };
  if (field.enum) return field.enum[0];
  // A value inside the overlay's advisory bounds (src/schema/overlay.ts), so it draws no warning either.
  if (field.advisory?.enum) return field.advisory.enum[0];
  switch (field.type) {
    case 'boolean':
      return true;
    case 'integer':
      return field.minimum ?? Math.min(field.maximum ?? 5, 5);
    case 'string':
      return 'x'.repeat(Math.max(field.minLength ?? 1, 6));
    case 'array':
      return field.items ? [validValue(field.items)] : [];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [name, child] of Object.entries(field.properties ?? {})) if (child.settable && child.readable) out[name] = validValue(child);
      return out;
    }
  }
}

export function wrongTypeValue(field: FieldSchema): unknown {
  if (field.secret) return 'plain-text-passcode';
  switch (field.type) {
    case 'boolean':
    case 'integer':
    case 'array':
    case 'object':
      return 'not-the-right-type';
    case 'string':
      return 12345;
  }
}

/** Nests `value` at `path` (["in_meeting", "chat"] → { in_meeting: { chat: value } }). */
export function nest(path: readonly string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}
