/**
 * Which keys name a Zoom user. Zoom's {userId} is "the user ID or email address" (zoom-api-facts.md §2); `me`
 * would address the token's owner, not the target user (§6), so it is refused.
 */
const EMAIL = /^[A-Za-z0-9.!#$%&'*+=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const USER_ID = /^[A-Za-z0-9_-]{10,64}$/;

export type UserKeyCheck = { ok: true; identity: string } | { ok: false; reason: string };

/** An email address or a Zoom user id: a desired state that mixes both can name one user twice unseen. */
export function userKeyKind(key: string): 'email' | 'id' {
  return key.includes('@') ? 'email' : 'id';
}

export function checkUserKey(key: string): UserKeyCheck {
  if (key === 'me') return { ok: false, reason: '"me" would address the token\'s owner, not a user: use the email address or Zoom user id' };
  if (key.includes('@')) {
    if (/[^\x20-\x7e]/.test(key)) {
      return { ok: false, reason: 'not an ASCII email address: Zoom user keys are ASCII email addresses or Zoom user ids (write an internationalised domain in its xn-- form, or use the user id)' };
    }
    if (key.length > 254 || !EMAIL.test(key)) return { ok: false, reason: 'not a valid email address' };
    return { ok: true, identity: key.toLowerCase() };
  }
  if (USER_ID.test(key)) return { ok: true, identity: key };
  return { ok: false, reason: 'neither an email address nor a Zoom user id (10–64 letters, digits, "-" or "_")' };
}
