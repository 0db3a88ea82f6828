/**
 * The one registry of settings targets. Zoom has three kinds (account, group, user) with the same verbs: GET/PATCH
 * settings per `option` variant, and for account and group GET/PATCH lock settings (zoom-api-facts.md §9.10).
 * Everything that builds a URL, picks a schema or normalises a body for a kind asks this registry, so a fourth kind
 * touches this file and its schema, not every layer.
 */
import { UsageError } from '../errors.js';
import { levelSchema, LOCK_VARIANTS, type LockVariant } from '../../schema/hierarchy.js';
import { VARIANTS, variantSchema, type Variant, type VariantSchema } from '../../schema/index.js';

export type TargetKind = 'account' | 'group' | 'user';

export interface Target {
  kind: TargetKind;
  /** A user's id or email, a group id, or `me` for the token's account (Server-to-Server OAuth, §9.10). */
  id: string;
}

export interface TargetKindSpec {
  kind: TargetKind;
  /** The `option` variants its settings endpoint knows. */
  variants: readonly Variant[];
  /** The `option` variants of its lock settings; empty for users (a user GET carries no lock, §9.10). */
  lockVariants: readonly LockVariant[];
  schema(variant: Variant): VariantSchema | undefined;
  lockSchema(variant: LockVariant): VariantSchema | undefined;
  /** Relative to the API base, without the query. */
  settingsPath(id: string): string;
  lockSettingsPath(id: string): string | null;
  /** Checks the id once, at the boundary, with a message that names the kind. */
  checkId(id: string): void;
  /**
   * Brings a GET body into the shape the planner compares. Identity for every kind today: the per-field
   * normalisation (set-like lists, authentication profiles) lives in core/compare and is shared by all kinds.
   */
  normalise(variant: Variant, body: Record<string, unknown>): Record<string, unknown>;
}

function requireId(kind: TargetKind, id: string): void {
  if (typeof id !== 'string' || id.trim() === '') throw new UsageError(`a Zoom ${kind} id is required`);
}

const identity = (_variant: Variant, body: Record<string, unknown>): Record<string, unknown> => body;

export const TARGET_KINDS: Readonly<Record<TargetKind, TargetKindSpec>> = {
  user: {
    kind: 'user',
    variants: VARIANTS,
    lockVariants: [],
    schema: (variant) => variantSchema(variant),
    lockSchema: () => undefined,
    settingsPath: (id) => `/users/${encodeURIComponent(id)}/settings`,
    lockSettingsPath: () => null,
    checkId(id) {
      if (typeof id !== 'string' || id.trim() === '') throw new UsageError('a Zoom user id or email is required');
      // `me` is the token's owner, not the target user, under Server-to-Server OAuth (zoom-api-facts.md §6).
      if (id.trim().toLowerCase() === 'me') throw new UsageError('"me" would address the app\'s owner, not a user: pass the user\'s id or email');
    },
    normalise: identity,
  },
  group: {
    kind: 'group',
    variants: VARIANTS.filter((v) => levelSchema('group').settings[v] !== undefined),
    lockVariants: LOCK_VARIANTS,
    schema: (variant) => levelSchema('group').settings[variant],
    lockSchema: (variant) => levelSchema('group').locks[variant],
    settingsPath: (id) => `/groups/${encodeURIComponent(id)}/settings`,
    lockSettingsPath: (id) => `/groups/${encodeURIComponent(id)}/lock_settings`,
    checkId: (id) => requireId('group', id),
    normalise: identity,
  },
  account: {
    kind: 'account',
    variants: VARIANTS.filter((v) => levelSchema('account').settings[v] !== undefined),
    lockVariants: LOCK_VARIANTS,
    schema: (variant) => levelSchema('account').settings[variant],
    lockSchema: (variant) => levelSchema('account').locks[variant],
    settingsPath: (id) => `/accounts/${encodeURIComponent(id)}/settings`,
    lockSettingsPath: (id) => `/accounts/${encodeURIComponent(id)}/lock_settings`,
    checkId: (id) => requireId('account', id),
    normalise: identity,
  },
};

/** The token's own account: `me` under Server-to-Server OAuth (zoom-api-facts.md §9.10). */
export const OWN_ACCOUNT: Target = { kind: 'account', id: 'me' };

function withOption(path: string, variant: Variant | LockVariant): string {
  return variant === 'default' ? path : `${path}?option=${variant}`;
}

/** GET/PATCH URL (relative to the API base) of a target's settings in one variant. */
export function settingsUrl(target: Target, variant: Variant): string {
  const spec = TARGET_KINDS[target.kind];
  spec.checkId(target.id);
  if (!spec.variants.includes(variant)) throw new UsageError(`a ${target.kind} has no "${variant}" settings`);
  return withOption(spec.settingsPath(target.id), variant);
}

/** GET/PATCH URL of a target's lock settings in one variant. */
export function lockSettingsUrl(target: Target, variant: LockVariant): string {
  const spec = TARGET_KINDS[target.kind];
  spec.checkId(target.id);
  const path = spec.lockSettingsPath(target.id);
  if (path === null) throw new UsageError(`a ${target.kind} has no lock settings (only the account and groups lock settings)`);
  return withOption(path, variant);
}

/** A user's target: the key the desired state uses (email or id). */
export function userTarget(key: string): Target {
  return { kind: 'user', id: key };
}

/**
 * The one key of a target for maps and sets (apply's serialiser, resume, rollback): `user:alice@x.com`, `group:g1`,
 * `account:me`. Emails compare case-insensitively, as Zoom's do; ids are kept as they are.
 */
export function targetKey(target: Target): string {
  return `${target.kind}:${target.kind === 'user' && target.id.includes('@') ? target.id.toLowerCase() : target.id}`;
}

export function describeTarget(target: Target): string {
  return target.kind === 'account' && target.id === 'me' ? 'the account' : `${target.kind} ${target.id}`;
}
