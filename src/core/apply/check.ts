/**
 * The checks around applying one user's planned changes, on values re-read from Zoom:
 * - before sending: each change is `pending` (live still equals the plan's before), `done` (live already equals
 *   after: nothing to send, e.g. a resumed run that sent it before it was cut off) or `stale` (someone changed it
 *   since the plan: the user is not patched and must be re-planned);
 * - after sending: each change took effect, or Zoom accepted the request (204) and kept the old value.
 */
import { fieldAt } from '../../schema/index.js';
import { liveValueAt, AUTH_PROFILES } from '../plan/locator.js';
import { normalizeLeaf } from '../plan/normalize.js';
import type { PlannedChange } from '../plan/types.js';
import type { Variant } from '../../schema/index.js';

export type ChangeState = 'pending' | 'done' | 'stale';

export interface SecretFingerprint {
  fingerprint(value: string): string;
}

type LiveByVariant = Partial<Record<Variant, Record<string, unknown>>>;

function comparable(change: PlannedChange, value: unknown): string {
  const name = change.locator[change.locator.length - 1]!;
  const field =
    change.locator[0] === AUTH_PROFILES || change.variant === 'meeting_authentication' || change.variant === 'recording_authentication'
      ? name === 'domains'
        ? undefined
        : ({ type: 'boolean', settable: true, readable: true } as const)
      : fieldAt(change.variant, change.locator);
  return JSON.stringify(normalizeLeaf(name, field, value ?? null) ?? null);
}

/** The live value of a change as plans record it (a fingerprint for secrets). */
export function observed(change: PlannedChange, live: LiveByVariant, secrets: SecretFingerprint): unknown {
  const value = liveValueAt(live[change.variant] ?? {}, change.locator);
  if (!change.sensitive) return value ?? null;
  return typeof value === 'string' && value.length > 0 ? secrets.fingerprint(value) : null;
}

function matches(change: PlannedChange, value: unknown, expected: unknown): boolean {
  if (change.sensitive) return value === expected;
  return comparable(change, value) === comparable(change, expected);
}

export function changeState(change: PlannedChange, live: LiveByVariant, secrets: SecretFingerprint): ChangeState {
  const value = observed(change, live, secrets);
  const before = change.sensitive ? change.sensitive.before : change.before;
  const after = change.sensitive ? change.sensitive.after : change.after;
  if (matches(change, value, after)) return 'done';
  if (matches(change, value, before)) return 'pending';
  return 'stale';
}

export function tookEffect(change: PlannedChange, live: LiveByVariant, secrets: SecretFingerprint): boolean {
  return changeState(change, live, secrets) === 'done';
}
