/**
 * Zoom's settings events as the watch reads them (core/watch/events.ts), from payloads shaped like
 * zoom-users-webhooks.json and zoom-accounts-webhooks.json: the target, the operator, every changed leaf with its
 * old and new value, the variants to re-read; malformed bodies are named, and keys from the body never reach a
 * prototype.
 */
import { describe, expect, it } from '@jest/globals';
import { readEvent, touchedVariants, type SettingsEvent } from '../../src/core/watch/events.js';

const userEvent = {
  event: 'user.settings_updated',
  event_ts: 1_780_000_000_000,
  payload: {
    account_id: 'acc',
    operator: 'admin@example.com',
    operator_id: 'op1',
    time_stamp: 1_780_000_000_500,
    object: { id: 'u1', settings: { in_meeting: { chat: false, allow_users_save_chats: 3 }, meeting_security: { waiting_room: true } } },
    old_object: { id: 'u1', settings: { in_meeting: { chat: true, allow_users_save_chats: 2 }, meeting_security: { waiting_room: false } } },
  },
};

function settings(body: unknown): SettingsEvent {
  const read = readEvent(body);
  if (read.kind !== 'settings') throw new Error(`not a settings event: ${JSON.stringify(read)}`);
  return read.event;
}

describe('reading settings events', () => {
  it('reads the target, the operator, the time and every changed leaf', () => {
    expect(settings(userEvent)).toEqual({
      event: 'user.settings_updated',
      eventTs: 1_780_000_000_000,
      target: { kind: 'user', id: 'u1' },
      locks: false,
      operator: 'admin@example.com',
      operatorId: 'op1',
      time: new Date(1_780_000_000_500).toISOString(),
      changes: [
        { path: 'in_meeting.chat', old: true, new: false },
        { path: 'in_meeting.allow_users_save_chats', old: 2, new: 3 },
        { path: 'meeting_security.waiting_room', old: false, new: true },
      ],
    });
    expect([...touchedVariants([settings(userEvent)])!]).toEqual(['default', 'meeting_security']);
  });

  it('reads group and account lock events as lock changes of their target', () => {
    const group = settings({ event: 'group.lock_settings_updated', event_ts: 1, payload: { operator: 'a@b.co', object: { id: 'g1', settings: { recording: { cloud_recording: true } } } } });
    expect([group.target, group.locks, group.changes]).toEqual([{ kind: 'group', id: 'g1' }, true, [{ path: 'recording.cloud_recording', old: undefined, new: true }]]);
    expect(settings({ event: 'account.settings_updated', event_ts: 1, payload: { object: { settings: {} } } }).target).toEqual({ kind: 'account', id: 'me' });
  });

  it.each([
    ['not an object', [1], 'the body is not a JSON object'],
    ['no event', { payload: {} }, 'the body has no "event"'],
    ['validation without a token', { event: 'endpoint.url_validation', payload: {} }, 'endpoint.url_validation without payload.plainToken'],
    ['no event_ts', { ...userEvent, event_ts: 'soon' }, 'user.settings_updated without a numeric event_ts'],
    ['no user id', { ...userEvent, payload: { ...userEvent.payload, object: { settings: {} } } }, 'user.settings_updated without payload.object.id'],
  ])('names what is wrong: %s', (_name, body, reason) => {
    expect(readEvent(body)).toEqual({ kind: 'invalid', reason });
  });

  it('other events are not settings events; an event naming no setting re-reads every managed variant', () => {
    expect(readEvent({ event: 'user.signed_in', payload: {} })).toEqual({ kind: 'other', event: 'user.signed_in' });
    const bare = settings({ ...userEvent, payload: { ...userEvent.payload, object: { id: 'u1' }, old_object: undefined } });
    expect(touchedVariants([bare])).toBeUndefined();
  });

  it('a "__proto__" key in the body stays a plain key', () => {
    const hostile = JSON.parse('{"event":"user.settings_updated","event_ts":1,"payload":{"object":{"id":"u1","settings":{"__proto__":{"polluted":true}}}}}') as unknown;
    expect(settings(hostile).changes).toEqual([{ path: '__proto__.polluted', old: undefined, new: true }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
