/**
 * The settings events Zoom POSTs to an app's endpoint (zoom-users-webhooks.json: user.settings_updated,
 * group.settings_updated, group.lock_settings_updated; zoom-accounts-webhooks.json: account.settings_updated,
 * account.lock_settings_updated). Shape, per those schemas and their examples: `{event, event_ts, payload: {account_id,
 * operator, operator_id, time_stamp, object: {id, settings}, old_object: {id, settings}}}`, where `object.settings`
 * holds only the changed settings and `old_object.settings` their previous values.
 */

export type SettingsEventName =
  | 'user.settings_updated'
  | 'group.settings_updated'
  | 'group.lock_settings_updated'
  | 'account.settings_updated'
  | 'account.lock_settings_updated';

export const SETTINGS_EVENT_NAMES: readonly SettingsEventName[] = [
  'user.settings_updated',
  'group.settings_updated',
  'group.lock_settings_updated',
  'account.settings_updated',
  'account.lock_settings_updated',
];

export interface SettingsEvent {
  event: SettingsEventName;
  /** Milliseconds since the epoch. */
  event_ts: number;
  payload: {
    account_id: string;
    /** The email of the admin who made the change. */
    operator: string;
    operator_id: string;
    /** Milliseconds since the epoch, as in Zoom's examples (the same instant as event_ts). */
    time_stamp: number;
    object: { id: string; settings: Record<string, unknown> };
    old_object: { id: string; settings: Record<string, unknown> };
  };
}

export interface SettingsChange {
  event: SettingsEventName;
  accountId: string;
  operator: string;
  operatorId: string;
  /** The user's, group's or account's id. */
  objectId: string;
  /** Section → field → new value: only what changed. */
  changed: Record<string, unknown>;
  /** The same paths with their values before the change. */
  previous: Record<string, unknown>;
  nowMs: number;
}

export function settingsEvent(change: SettingsChange): SettingsEvent {
  return {
    event: change.event,
    event_ts: change.nowMs,
    payload: {
      account_id: change.accountId,
      operator: change.operator,
      operator_id: change.operatorId,
      time_stamp: change.nowMs,
      object: { id: change.objectId, settings: change.changed },
      old_object: { id: change.objectId, settings: change.previous },
    },
  };
}
