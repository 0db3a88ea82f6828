/**
 * Reading and writing a change's value by its locator. In an authentication variant's GET response the profiles
 * are a list (`authentication_options`), addressed here by profile id.
 */
import { AUTH_PROFILES } from '../compare/auth-profiles.js';
import type { PlannedChange, SecretPlaceholder } from './types.js';
import { getAt, ownValue } from './json-pointer.js';

export { AUTH_PROFILES };

/** The live value a change refers to, in one variant's GET response. */
export function liveValueAt(live: Record<string, unknown>, locator: readonly string[]): unknown {
  if (locator[0] === AUTH_PROFILES) {
    const list = ownValue(live, AUTH_PROFILES);
    if (!Array.isArray(list)) return undefined;
    const profile = list.find((p) => p && typeof p === 'object' && (p as { id?: unknown }).id === locator[1]) as Record<string, unknown> | undefined;
    return ownValue(profile, locator[2]!);
  }
  return getAt(live, locator);
}

/** What a request body carries for a change: the desired value, or for a secret a placeholder apply resolves. */
export function bodyValue(change: PlannedChange): unknown {
  if (change.sensitive) {
    const placeholder: SecretPlaceholder = { $secret: { env: change.sensitive.env, fingerprint: change.sensitive.after } };
    return placeholder;
  }
  return change.after;
}
