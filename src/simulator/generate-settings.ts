/**
 * Seeded, GET-shaped settings for one user: every readable leaf of every variant gets a plausible value, varied across
 * users so that a desired state changes some users and leaves others alone. One random stream per user id, so a
 * user's settings never depend on how many other users the account has.
 */
import { SETTINGS_SCHEMA, VARIANTS, fieldAt, type FieldSchema, type Variant } from '../schema/index.js';
import { AUTH_PROFILES, isAuthVariant, profileList, type AuthVariant } from './auth-profiles.js';
import { isPlainObject, setAt } from './settings-paths.js';
import { seededRandom, type Random } from './seeded-random.js';

export type UserSettings = Record<Variant, Record<string, unknown>>;

export function generateSettings(seed: string, userId: string): UserSettings {
  const rng = seededRandom(seed, 'settings', userId);
  const out = {} as UserSettings;
  for (const variant of VARIANTS) {
    out[variant] = isAuthVariant(variant)
      ? generateAuthVariant(variant, rng)
      : generateObject(SETTINGS_SCHEMA.variants[variant].root, rng);
  }
  return out;
}

function generateAuthVariant(variant: AuthVariant, rng: Random): Record<string, unknown> {
  const count = AUTH_PROFILES[variant].length;
  const visible = Array.from({ length: count }, () => rng.chance(0.8));
  const defaultIndex = rng.int(0, count - 1);
  visible[defaultIndex] = true;
  const out: Record<string, unknown> = { [variant]: rng.chance(0.5) };
  if (variant === 'meeting_authentication') out.allow_authentication_exception = rng.chance(0.3);
  out.authentication_options = profileList(variant, visible, defaultIndex);
  return out;
}

function generateObject(field: FieldSchema, rng: Random): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(field.properties ?? {})) {
    if (child.readable) out[name] = generateValue(child, name, rng);
  }
  return out;
}

function generateValue(field: FieldSchema, name: string, rng: Random): unknown {
  switch (field.type) {
    case 'object':
      return generateObject(field, rng);
    case 'boolean':
      // Favour the spec default where there is one, so generated accounts look like real ones.
      return typeof field.default === 'boolean' ? (rng.chance(0.8) ? field.default : !field.default) : rng.chance(0.5);
    case 'integer':
      return generateInteger(field, name, rng);
    case 'string':
      return generateString(field, name, rng);
    case 'array':
      return generateArray(field, name, rng);
  }
}

function generateInteger(field: FieldSchema, name: string, rng: Random): number {
  if (field.enum) return rng.pick(field.enum.filter((v): v is number => typeof v === 'number'));
  if (name === 'length') return rng.int(Math.max(field.minimum ?? 6, 6), Math.min(field.maximum ?? 10, 10));
  // large_meeting_capacity is 500/1000/3000/5000 in the spec's description only (zoom-api-facts.md §4.2).
  if (name.endsWith('capacity')) return rng.pick([500, 1000]);
  if (name === 'size') return rng.int(10_000, 5_000_000);
  const low = field.minimum ?? 0;
  return rng.int(low, Math.min(field.maximum ?? low + 10, low + 10));
}

function generateString(field: FieldSchema, name: string, rng: Random): string {
  if (field.secret) return passcode(rng);
  if (field.enum) return String(rng.pick(field.enum));
  if (name.includes('domain')) return 'example.com';
  if (name === 'ip_addresses_or_ranges') return '10.0.0.0/8';
  if (name === 'value' || name === 'selection_values' || name === 'code') return rng.pick(['US', 'DE', 'AU']);
  return fitLength(`${name.replace(/_/g, ' ')} ${rng.int(1, 99)}`, field);
}

/** Zoom passcodes are up to 10 characters; digits only keeps them valid under any passcode rule. */
function passcode(rng: Random): string {
  const length = rng.int(6, 10);
  let out = String(rng.int(1, 9));
  while (out.length < length) out += String(rng.int(0, 9));
  return out;
}

function fitLength(text: string, field: FieldSchema): string {
  let out = field.maxLength !== undefined ? text.slice(0, field.maxLength) : text;
  while (out.length < (field.minLength ?? 0)) out += 'x';
  return out;
}

function generateArray(field: FieldSchema, name: string, rng: Random): unknown[] {
  const items = field.items;
  if (!items) return [];
  const max = Math.min(field.maxItems ?? Number.POSITIVE_INFINITY, items.enum?.length ?? 2);
  if (items.enum) {
    const chosen = items.enum.filter(() => rng.chance(0.4)).slice(0, max);
    // Zoom's unlimited-capacity lists put the largest first (zoom-api-facts.md §4.1).
    return items.type === 'integer' ? [...chosen].sort((a, b) => Number(b) - Number(a)) : chosen;
  }
  const count = rng.int(0, Math.min(2, max));
  return Array.from({ length: count }, (_, i) => {
    if (items.type === 'object') return generateObject(items, rng);
    if (items.type === 'string') return name.includes('domain') ? `blocked${i + 1}.example.com` : `${name} ${i + 1}`;
    return generateValue(items, name, rng);
  });
}

/**
 * Copy each leaf of `prefer` (GET-shaped) onto `settings` with probability `share`. Only readable schema paths are
 * copied, so a seed user still looks like a GET answer; auth profiles are matched by id or name and merged.
 */
export function applyPrefer(
  settings: UserSettings,
  prefer: Partial<Record<Variant, Record<string, unknown>>>,
  rng: Random,
  share: number,
): void {
  for (const variant of VARIANTS) {
    const partial = prefer[variant];
    if (!partial) continue;
    const walk = (value: unknown, path: string[]): void => {
      if (isAuthVariant(variant) && path.length === 1 && path[0] === 'authentication_options' && Array.isArray(value)) {
        preferProfiles(settings[variant], value, rng, share);
        return;
      }
      if (isPlainObject(value) && fieldAt(variant, path)?.type === 'object') {
        for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
        return;
      }
      if (fieldAt(variant, path)?.readable && rng.chance(share)) setAt(settings[variant], path, structuredClone(value));
    };
    walk(partial, []);
  }
}

function preferProfiles(target: Record<string, unknown>, wanted: unknown[], rng: Random, share: number): void {
  const profiles = target.authentication_options as Array<Record<string, unknown>>;
  for (const item of wanted) {
    if (!isPlainObject(item) || !rng.chance(share)) continue;
    const profile = profiles.find((p) => (item.id !== undefined ? p.id === item.id : p.name === item.name));
    if (!profile) continue;
    for (const [key, value] of Object.entries(item)) {
      if (key === 'id' || !Object.hasOwn(profile, key)) continue;
      if (key === 'default_option' && value === true) for (const other of profiles) other.default_option = false;
      profile[key] = value;
    }
  }
}
