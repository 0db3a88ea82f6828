/**
 * Users who inherit (HierarchySeed.inherit, SimulatorOptions.userSettings 'inherit'). In real Zoom a user who never
 * changed a setting sees the value of their highest-priority group, else the account's: an unlocked account or group
 * value flows down to them (zoom-api-facts.md §9.8, "If a setting is enabled on the account but not locked at the
 * account or the group level, users can still change the setting"). Such a user's own record holds only what they
 * (or an admin, for them) changed; a GET shows those overrides over the inherited body.
 *
 * The default ('own') keeps the simulator's first model: every user has a generated copy of every setting, so a
 * desired state finds differences everywhere. Both are offered because a real account can look like either after
 * years of per-user edits; tests cover both.
 */
import { SETTINGS_SCHEMA, VARIANTS, schemaLeaves, type Variant } from '../schema/index.js';
import type { UserSettings } from './generate-settings.js';
import { getAt, isPlainObject, setAt } from './settings-paths.js';

export type UserSettingsMode = 'own' | 'inherit';

/** Where an inheriting user's values come from: the hierarchy as it is now (it can be replaced at run time). */
export interface InheritanceSource {
  inherited(user: { id: string; email: string }, variant: Variant): Record<string, unknown>;
  /** Seeded overrides of this user per variant, if any. */
  seeded(user: { id: string; email: string }): ReadonlyMap<Variant | 'default', Record<string, unknown>> | undefined;
}

/** `own` over `base`: objects merge key by key, lists and plain values of `own` replace (as a PATCH does, §7.3). */
export function overlay(base: Record<string, unknown>, own: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(base);
  for (const [key, value] of Object.entries(own)) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? overlay(out[key] as Record<string, unknown>, value) : structuredClone(value);
  }
  return out;
}

/**
 * A group's settings as its members inherit them: the group's value where the group diverged from the account
 * settings it was created from, else the account's current value, so an account change made later (the portal,
 * PATCH /accounts/me/settings) flows through a group that never changed that setting, as it does in Zoom.
 */
export function groupOverAccount(group: Record<string, unknown>, createdFrom: Record<string, unknown> | undefined, account: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(account);
  for (const [key, value] of Object.entries(group)) {
    const base = createdFrom?.[key];
    if (isPlainObject(value)) {
      out[key] = groupOverAccount(value, isPlainObject(base) ? base : undefined, isPlainObject(out[key]) ? (out[key] as Record<string, unknown>) : {});
    } else if (JSON.stringify(value) !== JSON.stringify(base)) {
      out[key] = structuredClone(value);
    }
  }
  return out;
}

/** The secret leaves per variant: passcodes are personal, so an inheriting user still has their own (generated). */
const SECRET_PATHS = new Map<Variant, string[][]>(
  VARIANTS.map((variant) => [variant, schemaLeaves(variant, (field) => field.secret === true && field.readable).map((leaf) => leaf.path)]),
);

/** An inheriting user's own record at first use: their personal passcodes and the seeded overrides, nothing else. */
export function initialOverrides(generated: UserSettings, seeded: ReadonlyMap<Variant | 'default', Record<string, unknown>> | undefined): UserSettings {
  const own = Object.fromEntries(VARIANTS.map((variant) => [variant, {}])) as UserSettings;
  for (const variant of VARIANTS) {
    for (const path of SECRET_PATHS.get(variant) ?? []) {
      const value = getAt(generated[variant], path);
      if (value !== undefined) setAt(own[variant], path, value);
    }
    const seed = seeded?.get(variant);
    if (seed) own[variant] = overlay(own[variant], readableOnly(variant, seed));
  }
  return own;
}

/** Keeps the seed GET-shaped: only paths the variant's GET has (a typo in a seed must not invent a field). */
function readableOnly(variant: Variant, body: Record<string, unknown>, field = SETTINGS_SCHEMA.variants[variant].root): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const child = field.properties?.[key];
    if (!child?.readable || key === '__proto__') continue;
    out[key] = isPlainObject(value) && child.type === 'object' ? readableOnly(variant, value, child) : structuredClone(value);
  }
  return out;
}

/** What an inheriting user's GET starts from: the inherited bodies with the user's overrides over them. */
export function effectiveSettings(source: InheritanceSource, user: { id: string; email: string }, own: UserSettings): UserSettings {
  const out = {} as UserSettings;
  for (const variant of VARIANTS) out[variant] = overlay(source.inherited(user, variant), own[variant]);
  return out;
}
