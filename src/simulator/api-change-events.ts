/**
 * Zoom sends user.settings_updated for changes made through the API too: its event reference says "Zoom users can
 * update the settings … from the settings page on the Zoom Web Portal. Alternatively, the settings can also be
 * updated by calling the Update user settings API" (zoom-users-webhooks.json, user.settings_updated). So a
 * reconciler's own PATCH comes back to it as an event (an echo). The simulator sends one per PATCH that alters a
 * value, for the default and meeting_security variants (the webhook schema has no authentication profiles), naming
 * `apiOperator`: whom Zoom names for a Server-to-Server app's change is not documented. `webhooks.apiChanges: false`
 * turns it off.
 */
import type { Variant } from '../schema/index.js';
import type { Account, AccountUser } from './account.js';
import { isPlainObject, sameJson, setAt } from './settings-paths.js';
import { settingsEvent, type SettingsEvent } from './webhook-events.js';

export interface BeforePatch {
  user: AccountUser;
  variant: Variant;
  before: Record<string, unknown>;
}

const EVENT_VARIANTS: ReadonlySet<string> = new Set(['default', 'meeting_security']);

/** The user's settings of the PATCHed variant before the PATCH, when an event could follow it. */
export function beforePatch(account: Account, userKey: string, option: string | null): BeforePatch | undefined {
  const variant = (option ?? 'default') as Variant;
  const user = account.find(userKey);
  if (!user || user.status !== 'active' || !EVENT_VARIANTS.has(variant)) return undefined;
  return { user, variant, before: structuredClone(account.settingsOf(user)[variant]) };
}

/** Leaves (objects walked, arrays whole) whose values differ between two GET-shaped trees. */
export function changedLeaves(before: unknown, after: unknown, path: string[] = []): Array<{ path: string[]; before: unknown; after: unknown }> {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].flatMap((key) => changedLeaves(before[key], after[key], [...path, key]));
  }
  return sameJson(before, after) ? [] : [{ path, before, after }];
}

/** The event for an API PATCH that altered values, or undefined when nothing changed. */
export function apiChangeEvent(
  account: Account,
  patched: BeforePatch,
  context: { accountId: string; operator: { email: string; id: string }; nowMs: number },
): SettingsEvent | undefined {
  const leaves = changedLeaves(patched.before, account.settingsOf(patched.user)[patched.variant]);
  if (leaves.length === 0) return undefined;
  const changed: Record<string, unknown> = {};
  const previous: Record<string, unknown> = {};
  for (const leaf of leaves) {
    setAt(changed, leaf.path, structuredClone(leaf.after));
    if (leaf.before !== undefined) setAt(previous, leaf.path, structuredClone(leaf.before));
  }
  return settingsEvent({
    event: 'user.settings_updated',
    accountId: context.accountId,
    operator: context.operator.email,
    operatorId: context.operator.id,
    objectId: patched.user.id,
    changed,
    previous,
    nowMs: context.nowMs,
  });
}
