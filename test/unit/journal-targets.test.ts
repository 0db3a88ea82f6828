/**
 * Journal entries are keyed by target (issue 15 item 1): a `target` on sending and user entries, checked as the
 * journal is read; an entry written before targets (only `user`) is read as that user, so an old journal still
 * resumes and rolls back. Rollback of a group's lock change builds the PATCH to the group's lock settings.
 */
import { describe, expect, it } from '@jest/globals';
import { journalEntryProblem } from '../../src/core/apply/journal-check.js';
import { entryTarget, type UserEntryRecord } from '../../src/core/apply/journal-entries.js';
import { rollbackPlan } from '../../src/core/apply/rollback.js';
import { targetKey } from '../../src/core/targets/registry.js';

const base = { type: 'user', run: 'r1', time: '2026-11-30T00:00:00Z', result: 'applied', requests_sent: 1 } as const;

describe('journal entries keyed by target', () => {
  it('reads an entry without target as its user, and keys users case-insensitively by email', () => {
    const old = { ...base, user: 'Ann@Example.com', changes: [] } as UserEntryRecord;
    expect(entryTarget(old)).toEqual({ kind: 'user', id: 'Ann@Example.com' });
    expect(targetKey(entryTarget(old))).toBe('user:ann@example.com');
    expect(targetKey({ kind: 'group', id: 'Gx' })).toBe('group:Gx');
  });

  it('refuses a damaged target with the entry named', () => {
    expect(journalEntryProblem({ ...base, user: 'group Sales', target: { kind: 'team', id: 'x' }, changes: [] })).toBe('a user entry: its target is not {kind: account | group | user, id}');
    expect(journalEntryProblem({ type: 'sending', run: 'r1', user: 'group Sales', target: { kind: 'group' }, body: {} })).toBe('a sending entry: its target is not {kind: account | group | user, id}');
    expect(journalEntryProblem({ ...base, user: 'group Sales', target: { kind: 'group', id: 'g1' }, changes: [] })).toBeUndefined();
  });

  it('rolls a group lock change back to the group\'s lock settings, and a user change to the user', () => {
    const change = { variant: 'default' as const, path: 'locks.in_meeting.chat', locator: ['in_meeting', 'chat'], before: false, after: true, lock: true as const, applied: true };
    const group = rollbackPlan({ ...base, user: 'group Sales', target: { kind: 'group', id: 'g1' }, changes: [change] } as UserEntryRecord).plan;
    expect(group.target).toEqual({ kind: 'group', id: 'g1' });
    expect(group.requests).toEqual([{ method: 'PATCH', path: '/groups/g1/lock_settings', option: null, body: { in_meeting: { chat: false } }, lock: true }]);
    const { lock: _lock, ...userChange } = { ...change, path: 'in_meeting.chat' };
    const user = rollbackPlan({ ...base, user: 'ann@example.com', changes: [userChange] } as UserEntryRecord).plan;
    expect(user.requests).toEqual([{ method: 'PATCH', path: '/users/ann%40example.com/settings', option: null, body: { in_meeting: { chat: false } } }]);
  });
});
