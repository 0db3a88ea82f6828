/**
 * The environment variables a desired state reads passcodes from (`{ env: NAME }`, zoom-api-facts.md §4.3), each
 * with the first place that names it. `validate` warns about the unset ones; `apply` refuses to start without them
 * rather than apply some users and fail the others.
 */
import { flattenSettings, leafPath } from './merge.js';
import type { DesiredState, ProfileDoc, UserEntry } from './model.js';
import type { PNode, SourcePosition } from './source.js';
import { ENV_NAME } from './validate-settings.js';
import { LEVEL_LOOKUPS, USER_LOOKUP, type SettingsLookup } from './settings-lookup.js';

export interface SecretReference {
  env: string;
  /** The settings path that reads it (`schedule_meeting.pmi_password`). */
  path: string;
  pos: SourcePosition;
}

/** Profiles named by `users` (or all), with everything they extend. */
function profilesFor(state: DesiredState, users: readonly UserEntry[] | undefined): ProfileDoc[] {
  if (!users) return [...state.profiles.values()];
  const seen = new Set<string>();
  const pending = users.flatMap((u) => u.profiles.map((p) => p.name));
  while (pending.length > 0) {
    const name = pending.pop()!;
    const profile = state.profiles.get(name);
    if (seen.has(name) || !profile) continue;
    seen.add(name);
    pending.push(...profile.extends.map((ref) => ref.name));
  }
  return [...seen].map((name) => state.profiles.get(name)!);
}

function scanInto(found: Map<string, SecretReference>, settings: PNode | undefined, lookup: SettingsLookup = USER_LOOKUP): void {
  for (const leaf of flattenSettings(settings, lookup)) {
    // A name that is not a variable name is a validation error, and may be the passcode itself: never listed.
    if (leaf.secret && ENV_NAME.test(leaf.secret.env) && !found.has(leaf.secret.env)) found.set(leaf.secret.env, { env: leaf.secret.env, path: leafPath(leaf), pos: leaf.source });
  }
}

/** Every variable referenced by the defaults, the profiles `users` use (all without `users`) and their own settings. */
export function secretReferences(state: DesiredState, users?: readonly UserEntry[]): SecretReference[] {
  const found = new Map<string, SecretReference>();
  scanInto(found, state.defaults?.settings);
  for (const profile of profilesFor(state, users)) scanInto(found, profile.settings);
  for (const user of users ?? state.users) scanInto(found, user.settings);
  // The account's and groups' passcodes are read by every plan that manages them (not per user).
  scanInto(found, state.account?.settings, LEVEL_LOOKUPS.account.settings);
  for (const group of state.groups ?? []) scanInto(found, group.settings, LEVEL_LOOKUPS.group.settings);
  return [...found.values()];
}

/** The variables a user's own settings read (not those of the defaults or its profiles). */
export function ownSecretReferences(user: UserEntry): SecretReference[] {
  const found = new Map<string, SecretReference>();
  scanInto(found, user.settings);
  return [...found.values()];
}

/** The references whose variable is unset or empty. */
export function missingSecrets(references: readonly SecretReference[], resolve: (env: string) => string | undefined): SecretReference[] {
  return references.filter((ref) => resolve(ref.env) === undefined);
}
