/**
 * The checks around applying one user's planned changes, on values re-read from Zoom:
 * - before sending: each change is `pending` (live still equals the plan's before), `done` (live already equals
 *   after: nothing to send, e.g. a resumed run that sent it before it was cut off) or `stale` (someone changed it
 *   since the plan: the user is not patched and must be re-planned);
 * - after sending: each change took effect, or Zoom accepted the request (204) and kept the old value.
 */
import type { Variant } from '../../schema/index.js';
import { USER_SETTINGS, type SettingsComparison } from '../compare/index.js';
import { liveValueAt } from '../plan/locator.js';
import type { PlannedChange } from '../plan/types.js';

export type ChangeState = 'pending' | 'done' | 'stale';

export interface SecretFingerprint {
  fingerprint(value: string): string;
}

type LiveByVariant = Partial<Record<Variant, Record<string, unknown>>>;

/** The live value of a change as plans record it (a fingerprint for secrets). */
export function observed(change: PlannedChange, live: LiveByVariant, secrets: SecretFingerprint): unknown {
  const value = liveValueAt(live[change.variant] ?? {}, change.locator);
  if (!change.sensitive) return value ?? null;
  return typeof value === 'string' && value.length > 0 ? secrets.fingerprint(value) : null;
}

/** A plan records a value Zoom did not return as null (`before: null`), so here absent and null are one. */
function matches(change: PlannedChange, value: unknown, expected: unknown, comparison: SettingsComparison): boolean {
  if (change.sensitive) return value === expected;
  return comparison.equal(change.variant, change.locator, value ?? null, expected ?? null);
}

export function changeState(change: PlannedChange, live: LiveByVariant, secrets: SecretFingerprint, comparison: SettingsComparison = USER_SETTINGS): ChangeState {
  const value = observed(change, live, secrets);
  const before = change.sensitive ? change.sensitive.before : change.before;
  const after = change.sensitive ? change.sensitive.after : change.after;
  if (matches(change, value, after, comparison)) return 'done';
  if (matches(change, value, before, comparison)) return 'pending';
  return 'stale';
}

export function tookEffect(change: PlannedChange, live: LiveByVariant, secrets: SecretFingerprint, comparison: SettingsComparison = USER_SETTINGS): boolean {
  return changeState(change, live, secrets, comparison) === 'done';
}
