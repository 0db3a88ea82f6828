/**
 * drift-acks/*.yaml (core/desired/drift-acks.ts) and the planning step that honours them (core/plan/acknowledge.ts),
 * table-driven and pure: what a valid acknowledgement reads as, each mistake with its file:line:column, and which
 * changes an acknowledgement moves aside on a given day (the expiry day itself still holds).
 */
import { describe, expect, it } from '@jest/globals';
import { buildDesiredState } from '../../src/core/desired/documents.js';
import { ackFor, type DriftAck } from '../../src/core/desired/drift-acks.js';
import { formatProblem } from '../../src/core/desired/problems.js';
import { acknowledgeDrift } from '../../src/core/plan/acknowledge.js';
import { buildRequests } from '../../src/core/plan/requests.js';
import type { PlannedChange, UserPlan } from '../../src/core/plan/types.js';

function load(text: string) {
  return buildDesiredState([{ path: 'ds/drift-acks/a.yaml', relPath: 'drift-acks/a.yaml', text }]);
}

const VALID = 'target:\n  user: Carol@Example.com\nsettings: [in_meeting, meeting_security.waiting_room]\nowner: jane@example.com\nreason: incident 4711\nexpires: 2026-12-31\n';

describe('reading drift-acks/*.yaml', () => {
  it('reads a valid acknowledgement, the user compared case-insensitively', () => {
    const built = load(VALID);
    expect(built.problems).toEqual([]);
    expect(built.state.driftAcks).toEqual([
      expect.objectContaining({ target: { kind: 'user', key: 'Carol@Example.com', identity: 'carol@example.com' }, owner: 'jane@example.com', expires: '2026-12-31', pos: { file: 'ds/drift-acks/a.yaml', line: 1, column: 1 } }),
    ]);
  });

  it.each([
    ['an unknown key', VALID.replace('owner:', 'ownr:'), ['ds/drift-acks/a.yaml:4:1 ownr: unknown key (did you mean "owner"?); expected target, settings, owner, reason, expires', 'ds/drift-acks/a.yaml:1:1 owner: missing "owner": an acknowledgement names target, settings, owner, reason, expires']],
    ['a date that does not exist', VALID.replace('2026-12-31', '2026-02-30'), ['ds/drift-acks/a.yaml:6:10 expires: expected a date written YYYY-MM-DD (the last day the acknowledgement holds), found "2026-02-30"']],
    ['an unknown setting', VALID.replace('in_meeting,', 'in_meeting.chatt,'), ["ds/drift-acks/a.yaml:3:12 settings.in_meeting.chatt: not a setting in Zoom's user settings schema"]],
    ['two targets', VALID.replace('  user: Carol@Example.com\n', '  user: Carol@Example.com\n  group: Sales\n'), ['ds/drift-acks/a.yaml:2:3 target: expected one of user: <email or id>, group: <name or id>, account: true; found a mapping']],
    ['a user key that is no user', VALID.replace('Carol@Example.com', 'me'), ['ds/drift-acks/a.yaml:2:9 target.user: not a user: "me" would address the token\'s owner, not a user: use the email address or Zoom user id']],
  ])('refuses %s with file:line:column', (_name, text, expected) => {
    const built = load(text);
    expect(built.problems.map((p) => formatProblem(p).replace(/^error: /, ''))).toEqual(expected);
    expect(built.state.driftAcks).toBeUndefined();
  });
});

function change(path: string, variant: PlannedChange['variant'] = 'default'): PlannedChange {
  const steps = path.split('.');
  return { variant, path, locator: steps, before: false, after: true, source: { file: 'ds/defaults.yaml', line: 6, column: 5 }, origin: 'drift' };
}

function plan(changes: PlannedChange[]): UserPlan {
  return { target: { kind: 'user', id: 'carol@example.com' }, user: 'carol@example.com', status: 'change', variants: ['default'], changes, requests: buildRequests('carol@example.com', changes) };
}

describe('acknowledging drift in a plan', () => {
  const acks = load(VALID).state.driftAcks as DriftAck[];

  it.each([
    ['before expiry', '2026-12-30', 'acknowledged'],
    ['on the expiry day', '2026-12-31', 'acknowledged'],
    ['the day after', '2027-01-01', 'expired'],
  ])('%s (%s) the acknowledgement holds: %s', (_when, today, state) => {
    expect(ackFor(acks, { kind: 'user', key: 'carol@example.com', identity: 'carol@example.com' }, 'in_meeting.chat', today)?.state).toBe(state);
  });

  it('moves covered changes aside with their requests; a user with only acknowledged drift is no-change', () => {
    const mixed = acknowledgeDrift(plan([change('in_meeting.chat'), change('recording.auto_recording')]), acks, '2026-12-01');
    expect(mixed.changes.map((c) => c.path)).toEqual(['recording.auto_recording']);
    expect(mixed.acknowledged?.map((c) => [c.path, c.ack.owner, c.ack.source])).toEqual([['in_meeting.chat', 'jane@example.com', 'ds/drift-acks/a.yaml:1:1']]);
    expect(JSON.stringify(mixed.requests)).not.toContain('"chat"');
    const only = acknowledgeDrift(plan([change('in_meeting.chat')]), acks, '2026-12-01');
    expect(only).toMatchObject({ status: 'no-change', changes: [], requests: [] });
    const expired = acknowledgeDrift(plan([change('in_meeting.chat')]), acks, '2027-01-01');
    expect(expired.status).toBe('change');
    expect(expired.notes).toEqual(['in_meeting.chat: the acknowledgement by jane@example.com expired on 2026-12-31 (ds/drift-acks/a.yaml:1:1); corrected as drift']);
    // in_meeting covers its fields, not a section whose name merely starts the same.
    expect(acknowledgeDrift(plan([change('in_meeting_x.chat')]), acks, '2026-12-01').acknowledged).toBeUndefined();
  });
});
