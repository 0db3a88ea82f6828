/**
 * Passcodes are secrets (zoom-api-facts.md §4.3). The schema marks them (`secret`), and masking goes by key name
 * (every schema secret is named *password*), so a mistyped key in a PATCH body is masked too. Booleans such as
 * meeting_security.pmi_password are not secrets and stay visible.
 */
import { schemaLeaves, VARIANTS, type Variant } from '../schema/index.js';
import { getAt } from './settings-paths.js';

export const MASK = '(sensitive)';

const SECRET_PATHS: Record<Variant, string[][]> = Object.fromEntries(
  VARIANTS.map((variant) => [variant, schemaLeaves(variant, (f) => f.secret === true).map((leaf) => leaf.path)]),
) as Record<Variant, string[][]>;

const SECRET_KEY = /pass(word|code)/i;

/** The passcode strings in one user's GET-shaped settings of one variant. */
export function secretValues(variant: Variant, settings: Record<string, unknown>): string[] {
  return SECRET_PATHS[variant]
    .map((path) => getAt(settings, path))
    .filter((value): value is string => typeof value === 'string' && value.length > 0);
}

/** A deep copy with every secret string replaced by MASK. */
export function maskSecrets<T>(value: T): T {
  const walk = (node: unknown, key: string | null): unknown => {
    if (typeof node === 'string') return key !== null && SECRET_KEY.test(key) ? MASK : node;
    if (Array.isArray(node)) return node.map((item) => walk(item, key));
    if (typeof node === 'object' && node !== null) {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
    }
    return node;
  };
  return walk(value, null) as T;
}
