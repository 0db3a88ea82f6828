/**
 * Zoom's settings event notifications as the watch reads them (zoom-users-webhooks.json, zoom-accounts-webhooks.json;
 * zoom-api-facts.md §9.11): `user.settings_updated`, `group.settings_updated`, `group.lock_settings_updated`,
 * `account.settings_updated`, `account.lock_settings_updated`. Each carries the operator (email and id), a time
 * stamp, the changed settings in `payload.object.settings` and their previous values in
 * `payload.old_object.settings`. Pure: the body comes in parsed; nothing here reads a prototype's keys.
 */
import type { Variant } from '../../schema/index.js';
import { sectionVariant } from '../desired/validate-settings.js';

export const SETTINGS_EVENTS = [
  'user.settings_updated',
  'group.settings_updated',
  'group.lock_settings_updated',
  'account.settings_updated',
  'account.lock_settings_updated',
] as const;
export type SettingsEventName = (typeof SETTINGS_EVENTS)[number];

export type TargetKind = 'user' | 'group' | 'account';

export interface SettingChange {
  /** Dotted path as the event nests it (in_meeting.chat). */
  path: string;
  old: unknown;
  new: unknown;
}

export interface SettingsEvent {
  event: SettingsEventName;
  /** ms since the epoch (event_ts). */
  eventTs: number;
  target: { kind: TargetKind; id: string };
  /** Lock settings changed (group/account lock events), not values. */
  locks: boolean;
  operator?: string;
  operatorId?: string;
  /** ISO time of the change: payload.time_stamp when given, else event_ts. */
  time: string;
  changes: SettingChange[];
}

export type ReadEvent =
  | { kind: 'url-validation'; plainToken: string }
  | { kind: 'settings'; event: SettingsEvent }
  | { kind: 'other'; event: string }
  | { kind: 'invalid'; reason: string };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(object: Json, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function text(object: Json, key: string): string | undefined {
  const value = own(object, key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Leaves of a nested settings object, with their dotted paths (lists and scalars are leaves). */
function leaves(node: unknown, prefix: string[], out: Map<string, unknown>): void {
  if (!isObject(node)) {
    if (prefix.length > 0) out.set(prefix.join('.'), node);
    return;
  }
  for (const key of Object.keys(node)) leaves(node[key], [...prefix, key], out);
}

/** Every changed leaf: what `object` now says, against what `old_object` said (absent: undefined). */
export function settingChanges(now: unknown, before: unknown): SettingChange[] {
  const after = new Map<string, unknown>();
  const old = new Map<string, unknown>();
  leaves(now, [], after);
  leaves(before, [], old);
  const changes: SettingChange[] = [];
  for (const [path, value] of after) changes.push({ path, old: old.get(path), new: value });
  for (const [path, value] of old) if (!after.has(path)) changes.push({ path, old: value, new: undefined });
  return changes;
}

function timeOf(stamp: unknown, fallback: number): string {
  const ms = typeof stamp === 'number' && Number.isFinite(stamp) ? stamp : fallback;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? new Date(fallback).toISOString() : date.toISOString();
}

export function readEvent(body: unknown): ReadEvent {
  if (!isObject(body)) return { kind: 'invalid', reason: 'the body is not a JSON object' };
  const name = text(body, 'event');
  if (!name) return { kind: 'invalid', reason: 'the body has no "event"' };
  const payload = own(body, 'payload');
  if (name === 'endpoint.url_validation') {
    const plainToken = isObject(payload) ? text(payload, 'plainToken') : undefined;
    return plainToken ? { kind: 'url-validation', plainToken } : { kind: 'invalid', reason: 'endpoint.url_validation without payload.plainToken' };
  }
  if (!(SETTINGS_EVENTS as readonly string[]).includes(name)) return { kind: 'other', event: name };
  const eventTs = own(body, 'event_ts');
  if (typeof eventTs !== 'number' || !Number.isFinite(eventTs)) return { kind: 'invalid', reason: `${name} without a numeric event_ts` };
  if (!isObject(payload)) return { kind: 'invalid', reason: `${name} without a payload object` };
  const object = own(payload, 'object');
  const id = isObject(object) ? text(object, 'id') : undefined;
  const kind = name.slice(0, name.indexOf('.')) as TargetKind;
  // The account events name the account in object.id too; a missing id on them still means this account.
  if (!id && kind !== 'account') return { kind: 'invalid', reason: `${name} without payload.object.id` };
  const oldObject = own(payload, 'old_object');
  const operator = text(payload, 'operator') ?? text(body, 'operator');
  const operatorId = text(payload, 'operator_id') ?? text(body, 'operator_id');
  return {
    kind: 'settings',
    event: {
      event: name as SettingsEventName,
      eventTs,
      target: { kind, id: id ?? 'me' },
      locks: name.includes('lock_settings'),
      ...(operator ? { operator } : {}),
      ...(operatorId ? { operatorId } : {}),
      time: timeOf(own(payload, 'time_stamp') ?? own(body, 'time_stamp'), eventTs),
      changes: settingChanges(isObject(object) ? own(object, 'settings') : undefined, isObject(oldObject) ? own(oldObject, 'settings') : undefined),
    },
  };
}

/** The key bursts are debounced by: one reconcile per target. */
export function targetKey(target: SettingsEvent['target']): string {
  return `${target.kind}:${target.id}`;
}

/**
 * The settings variants a batch of user events touched (zoom-api-facts.md §3: `meeting_security` and the two
 * authentication blocks are read with their own `option`; everything else is the default GET). Undefined when an
 * event names no setting: then every managed variant is read, as nothing narrows it.
 */
export function touchedVariants(events: readonly SettingsEvent[]): Set<Variant> | undefined {
  const variants = new Set<Variant>();
  for (const event of events) {
    if (event.changes.length === 0) return undefined;
    for (const change of event.changes) variants.add(sectionVariant(change.path.split('.')[0]!));
  }
  return variants;
}
