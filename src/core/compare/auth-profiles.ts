/**
 * The one place that knows how the desired state's authentication blocks map onto Zoom's authentication variants
 * (zoom-api-facts.md §3, §7.6). Desired: `enabled` and, per profile, `visible`, `default` and `domains`. GET: the
 * variant's toggle (`meeting_authentication: bool`) and a list `authentication_options` of profiles
 * `{id, name, visible, default_option, domains, …}`, which plans address by profile id.
 */
import type { Variant } from '../../schema/types.js';

export const AUTH_PROFILES = 'authentication_options';

export type AuthVariant = Extract<Variant, 'meeting_authentication' | 'recording_authentication'>;

/** Desired profile option → the GET field of a profile that holds it. */
const PROFILE_FIELDS: ReadonlyMap<string, string> = new Map([
  ['visible', 'visible'],
  ['default', 'default_option'],
  ['domains', 'domains'],
]);

export function isAuthVariant(variant: Variant): variant is AuthVariant {
  return variant === 'meeting_authentication' || variant === 'recording_authentication';
}

/** The GET field of a profile holding a desired option, or undefined for an option the desired state cannot set. */
export function profileField(option: string): string | undefined {
  return PROFILE_FIELDS.get(option);
}

/** Where a desired authentication leaf is in the variant's GET response, once its profile has been found. */
export function authLocator(variant: AuthVariant, path: readonly string[], profileId?: string): string[] | undefined {
  if (path[0] === 'enabled') return [variant];
  const field = profileField(path[2] ?? '');
  return profileId === undefined || field === undefined ? undefined : [AUTH_PROFILES, profileId, field];
}

/**
 * The schema path (`[]` for a list's items) of a setting in a variant, given either where it is in the GET response
 * (a plan's locator: a profile by id) or where the desired state writes it (`enabled`, `profiles.<name>.<option>`).
 * The two shapes never share a first key, so one function reads both.
 */
export function schemaPath(variant: Variant, path: readonly string[]): readonly string[] {
  if (!isAuthVariant(variant)) return path;
  if (path[0] === 'enabled') return [variant];
  if (path[0] === 'profiles') return [AUTH_PROFILES, '[]', profileField(path[2] ?? '') ?? ''];
  if (path[0] === AUTH_PROFILES) return [AUTH_PROFILES, '[]', ...path.slice(2)];
  return path;
}
