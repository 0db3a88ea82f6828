/**
 * Seeds a simulator account from a desired-state directory (`simulator --users-from`, `plan --simulate`,
 * `npm start`): every managed user exists, with settings that match the desired state on some keys and differ on
 * others, so a first plan has something to show.
 */
import { profileField } from '../core/compare/index.js';
import type { ResolvedUser } from '../core/desired/merge.js';
import { setAt } from '../core/plan/json-pointer.js';
import type { SeedUser } from '../simulator/index.js';
import type { Variant } from '../schema/index.js';

export function seedUserFor(resolved: ResolvedUser): SeedUser {
  const prefer: Partial<Record<Variant, Record<string, unknown>>> = {};
  const profiles = new Map<string, Record<string, unknown>>();
  for (const leaf of resolved.leaves) {
    if (leaf.secret) continue;
    const target = (prefer[leaf.variant] ??= {});
    if (leaf.variant === 'default' || leaf.variant === 'meeting_security') setAt(target, leaf.path, leaf.value);
    else if (leaf.path[0] === 'enabled') target[leaf.variant] = leaf.value;
    else {
      const [, key, option] = leaf.path as [string, string, string];
      const wanted = profiles.get(`${leaf.variant}\0${key}`) ?? {};
      const field = profileField(option);
      if (field !== undefined) wanted[field] = leaf.value;
      profiles.set(`${leaf.variant}\0${key}`, wanted);
    }
  }
  for (const [at, wanted] of profiles) {
    const [variant, key] = at.split('\0') as [Variant, string];
    const list = ((prefer[variant] ??= {}).authentication_options ??= []) as unknown[];
    // The desired state names a profile by id or by name; offer both, the simulator matches one.
    list.push({ id: key, ...wanted }, { name: key, ...wanted });
  }
  const key = resolved.user.key;
  return key.includes('@') ? { email: key, prefer } : { id: key, prefer };
}
