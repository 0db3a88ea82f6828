/**
 * One answer to "are these two setting values the same?", for every place that asks: the diff (core/plan), apply's
 * stale and verify checks (core/apply/check.ts), `--changed-since` (desired at a base ref against desired now),
 * import (which value users share) and the hierarchy (whether a user's groups lock to one value). Driven by the
 * schema: the field's type, and the overlay's comparison marks (schema/overlay.ts); the rules are in leaf.ts, the
 * authentication-profile mapping in auth-profiles.ts. Each target kind compares through its own schema
 * (`settingsComparison(schemaLookup(TARGET_KINDS[kind].schema))`), so user, group and account settings compare alike.
 */
import { levelSchema } from '../../schema/hierarchy.js';
import { fieldAt, fieldIn, type FieldSchema, type Variant, type VariantSchema } from '../../schema/index.js';
import { schemaPath } from './auth-profiles.js';
import { comparableKey, comparableValue, sameValue } from './leaf.js';

/** A target kind's field schema at a path (object keys; `[]` steps into a list's items). */
export type FieldLookup = (variant: Variant, path: readonly string[]) => FieldSchema | undefined;

export interface SettingsComparison {
  /** The field of a setting, addressed by a plan's locator or by its desired-state path (auth-profiles.ts). */
  field(variant: Variant, path: readonly string[]): FieldSchema | undefined;
  /** The comparable form of a value of that setting. */
  comparable(variant: Variant, path: readonly string[], value: unknown): unknown;
  /** A string equal for values that compare equal (for grouping). */
  key(variant: Variant, path: readonly string[], value: unknown): string;
  equal(variant: Variant, path: readonly string[], a: unknown, b: unknown): boolean;
}

export function settingsComparison(lookup: FieldLookup): SettingsComparison {
  const field = (variant: Variant, path: readonly string[]): FieldSchema | undefined => lookup(variant, schemaPath(variant, path));
  return {
    field,
    comparable: (variant, path, value) => comparableValue(field(variant, path), value),
    key: (variant, path, value) => comparableKey(field(variant, path), value),
    equal: (variant, path, a, b) => sameValue(field(variant, path), a, b),
  };
}

/** The lookup over a kind's schema per variant (core/targets/registry.ts `schema`); a variant it lacks has no fields. */
export function schemaLookup(schemaOf: (variant: Variant) => VariantSchema | undefined): FieldLookup {
  return (variant, path) => fieldIn(schemaOf(variant)?.root, path);
}

/** Comparison of user settings (the Users API schema). */
export const USER_SETTINGS: SettingsComparison = settingsComparison(fieldAt);
/** Comparison of group settings (the Users API's /groups/{groupId}/settings schema). */
export const GROUP_SETTINGS: SettingsComparison = settingsComparison(schemaLookup((variant) => levelSchema('group').settings[variant]));
/** Comparison of account settings (the Accounts API's /accounts/{accountId}/settings schema). */
export const ACCOUNT_SETTINGS: SettingsComparison = settingsComparison(schemaLookup((variant) => levelSchema('account').settings[variant]));

export { AUTH_PROFILES, authLocator, isAuthVariant, profileField, type AuthVariant } from './auth-profiles.js';
export { comparableValue, sameJson, sameValue, typedValue } from './leaf.js';
