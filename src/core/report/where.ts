/**
 * Where a user's live value comes from and who locks it (see ValueSource in model.ts). Zoom resolves account →
 * group → user, a lock fixing the value for the level's members (zoom-api-facts.md §9.8); the user GET carries no
 * lock or origin, so without a lock the origin is inferred by comparing values (resolve.ts gives the levels).
 */
import type { SettingResolution } from '../hierarchy/resolve.js';
import { shown } from '../hierarchy/resolve.js';
import type { LockState, ValueSource } from './model.js';

export interface Origin {
  source: ValueSource;
  sourceGroup?: string;
  lock: LockState;
  lockHolder?: string;
}

const same = (a: unknown, b: unknown): boolean => a !== undefined && JSON.stringify(a) === JSON.stringify(b);

const names = (groups: ReadonlyArray<{ name: string }>): string => groups.map((g) => shown(g.name)).join(', ');

/** `resolution` null: the hierarchy was not read (or the setting has no level equivalent). */
export function originOf(resolution: SettingResolution | null, live: unknown): Origin {
  if (!resolution) return { source: 'unknown', lock: 'unknown' };
  const { hold } = resolution;
  if (hold.by === 'account') return { source: 'account', lock: 'account', lockHolder: 'account' };
  if (hold.by === 'group') {
    const holders = names(hold.ambiguous ? hold.groups : hold.groups.filter((g) => g.locked));
    return { source: 'group', sourceGroup: holders, lock: 'group', lockHolder: hold.ambiguous ? `${holders} (Zoom's group priority decides)` : holders };
  }
  if (live === undefined) return { source: 'unknown', lock: 'none' };
  const matching = resolution.groups.filter((g) => same(g.value, live));
  if (matching.length > 0) return { source: 'group', sourceGroup: names(matching), lock: 'none' };
  if (same(resolution.account.value, live)) return { source: 'account', lock: 'none' };
  // Neither level's value is known (not read): the origin cannot be told.
  if (resolution.account.value === undefined && resolution.groups.every((g) => g.value === undefined)) return { source: 'unknown', lock: 'none' };
  return { source: 'user', lock: 'none' };
}
