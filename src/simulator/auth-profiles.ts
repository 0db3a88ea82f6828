/**
 * Authentication profiles. At user level Zoom only lets you edit, show or hide profiles that already exist on the
 * account, addressed by id (zoom-api-facts.md §3, §7.6), so the simulator has a fixed set per auth variant. Every user
 * carries the same list; visible and default_option (and anything an `update` changed) are per user.
 */

export type AuthVariant = 'meeting_authentication' | 'recording_authentication';

export interface AuthProfile {
  id: string;
  name: string;
  type: string;
  domains: string;
  default_option: boolean;
  visible: boolean;
}

type ProfileSeed = Pick<AuthProfile, 'id' | 'name' | 'type' | 'domains'>;

export const AUTH_PROFILES: Record<AuthVariant, readonly ProfileSeed[]> = {
  meeting_authentication: [
    { id: 'ma-signed-in', name: 'Signed-in users', type: 'enforce_login', domains: '' },
    { id: 'ma-same-account', name: 'Users in this account', type: 'enforce_login_with_same_account', domains: '' },
    { id: 'ma-partners', name: 'Partner domains', type: 'enforce_login_with_domains', domains: 'partner.example.com' },
  ],
  recording_authentication: [
    { id: 'ra-internal', name: 'Internal only', type: 'internally', domains: '' },
    { id: 'ra-signed-in', name: 'Signed-in users', type: 'enforce_login', domains: '' },
    { id: 'ra-domains', name: 'Approved domains', type: 'enforce_login_with_domains', domains: 'example.com' },
  ],
};

export function isAuthVariant(variant: string): variant is AuthVariant {
  return variant === 'meeting_authentication' || variant === 'recording_authentication';
}

/** A user's copy of the account's profiles; `defaultIndex` is the one default option (or -1 for none). */
export function profileList(variant: AuthVariant, visible: boolean[], defaultIndex: number): AuthProfile[] {
  return AUTH_PROFILES[variant].map((seed, i) => ({
    ...seed,
    default_option: i === defaultIndex,
    visible: visible[i] ?? true,
  }));
}

export interface AuthenticationOption {
  action: 'update' | 'show' | 'hide';
  id: string;
  name?: string;
  default_option?: boolean;
  domains?: string;
  type?: string;
}

/** The profile fields one `authentication_option` would change, as [field, new value] pairs. */
export function profileChanges(option: AuthenticationOption): Array<[keyof AuthProfile, string | boolean]> {
  if (option.action === 'show') return [['visible', true]];
  if (option.action === 'hide') return [['visible', false]];
  const changes: Array<[keyof AuthProfile, string | boolean]> = [];
  for (const field of ['default_option', 'domains', 'name', 'type'] as const) {
    const value = option[field];
    if (value !== undefined) changes.push([field, value]);
  }
  return changes;
}
