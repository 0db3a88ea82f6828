/**
 * How one setting value compares, given its field schema. Each rule and its reason:
 * 1. Loose types: Zoom's GET sometimes returns booleans and numbers as strings ("true", "90"), coded integers
 *    included (zoom-api-facts.md §4.1). A value is read as the schema's type when it is an unambiguous spelling of
 *    it; an enumerated string stays as written (Zoom's enums are case-sensitive).
 * 2. Lists the schema overlay marks `set` (schema/overlay.ts): compared as sets, sorted with duplicates removed.
 *    The request still sends the list as the admin wrote it (§7.3: arrays are replaced whole).
 * 3. Strings the overlay marks `domain-set` ("a.com, B.com"): compared as sets of trimmed, lower-cased domains.
 * 4. Objects compare by their keys, whatever the order; lists (not sets) by position.
 * 5. Absent (undefined) is not null: a field Zoom did not return differs from one it returned as null. Callers that
 *    record an absent value as null (plans: `before: null`) say so before comparing.
 */
import type { FieldSchema } from '../../schema/types.js';

/** A value with the schema's type where it is a string spelling of it (rule 1); lists item by item. */
export function typedValue(field: FieldSchema | undefined, value: unknown): unknown {
  if (Array.isArray(value)) return field?.items ? value.map((item) => typedValue(field.items, item)) : value;
  if (typeof value !== 'string' || !field) return value;
  if (field.type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  if (field.type === 'integer' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return value;
}

/** The form in which two values of `field` are equal exactly when they mean the same setting (rules 1–3). */
export function comparableValue(field: FieldSchema | undefined, value: unknown): unknown {
  const typed = typedValue(field, value);
  if (field?.compareAs === 'domain-set' && typeof typed === 'string') return domainSet(typed);
  if (field?.compareAs === 'set' && Array.isArray(typed) && typed.every((item) => typeof item === 'string' || typeof item === 'number')) {
    return [...new Set(typed as Array<string | number>)].sort();
  }
  return typed;
}

/** Whether two values of `field` mean the same setting. */
export function sameValue(field: FieldSchema | undefined, a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return sameJson(comparableValue(field, a), comparableValue(field, b));
}

/** Deep equality of JSON values (rule 4): object keys in any order, list items by position, absent ≠ null (rule 5). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/**
 * A string standing for the comparable form (rules 1–4): equal keys for values that compare equal. For grouping many
 * values at once (import's shared defaults), where pairwise comparison would be quadratic.
 */
export function comparableKey(field: FieldSchema | undefined, value: unknown): string {
  return JSON.stringify(sortedKeys(comparableValue(field, value))) ?? 'undefined';
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).sort()) out[key] = sortedKeys((value as Record<string, unknown>)[key]);
  return out;
}

function domainSet(value: string): string {
  const domains = value
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter((d) => d.length > 0);
  return [...new Set(domains)].sort().join(',');
}
