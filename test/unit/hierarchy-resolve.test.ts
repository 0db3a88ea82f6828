/** Who holds a user setting: account lock, group locks, several groups, and the lock → setting path map. */
import { describe, expect, it } from '@jest/globals';
import { holdLockedChanges } from '../../src/core/hierarchy/hold.js';
import type { GroupSnapshot, HierarchySnapshot } from '../../src/core/hierarchy/model.js';
import { describeHold, resolveSetting } from '../../src/core/hierarchy/resolve.js';
import type { PlannedChange, UserPlan } from '../../src/core/plan/types.js';
import { HIERARCHY_SCHEMA, lockFor } from '../../src/schema/hierarchy.js';

const chat = (value: boolean, locked: boolean) => ({
  settings: { default: { in_meeting: { chat: value } } },
  locks: { default: { in_meeting: { chat: locked } } },
});
const group = (id: string, value: boolean, locked: boolean): GroupSnapshot => ({ id, name: id, ...chat(value, locked) });

function hierarchy(account: { value: boolean; locked: boolean }, groups: GroupSnapshot[], memberOf: string[]): HierarchySnapshot {
  return { account: chat(account.value, account.locked), groups, memberOf: new Map([['frank@example.com', memberOf]]), requests: 0 };
}

describe('resolveSetting', () => {
  it.each([
    ['nothing locked', { value: true, locked: false }, [group('Sales', false, false)], ['Sales'], 'none', undefined],
    ['the account locks', { value: true, locked: true }, [group('Sales', false, true)], ['Sales'], 'account', 'locked to true at the account'],
    ['one group locks', { value: true, locked: false }, [group('Sales', false, true)], ['Sales'], 'group', 'locked to false at group Sales'],
    ['a group the user is not in locks', { value: true, locked: false }, [group('Sales', false, true)], [], 'none', undefined],
    ['two groups lock to the same value', { value: true, locked: false }, [group('Sales', false, true), group('EMEA', false, true)], ['Sales', 'EMEA'], 'group', 'locked to false at groups Sales, EMEA'],
    [
      'two groups lock to different values',
      { value: true, locked: false },
      [group('Sales', false, true), group('EMEA', true, true)],
      ['Sales', 'EMEA'],
      'group',
      'locked at groups Sales (locked to false), EMEA (locked to true), which disagree: Zoom takes the highest-priority group, and the API does not expose group priority',
    ],
    [
      'one of two groups locks',
      { value: true, locked: false },
      [group('Sales', false, false), group('EMEA', true, true)],
      ['Sales', 'EMEA'],
      'group',
      'locked at groups Sales (not locked), EMEA (locked to true), which disagree: Zoom takes the highest-priority group, and the API does not expose group priority',
    ],
    ['one group locks, another group the user is not in does not', { value: true, locked: false }, [group('Sales', false, true), group('EMEA', true, false)], ['Sales'], 'group', 'locked to false at group Sales'],
  ])('%s', (_name, account, groups, memberOf, by, sentence) => {
    const { hold } = resolveSetting(hierarchy(account, groups, memberOf), 'Frank@Example.com', 'default', ['in_meeting', 'chat']);
    expect(hold.by).toBe(by);
    expect(hold.by === 'none' ? undefined : describeHold(hold)).toBe(sentence);
  });

  it('shows a group name from Zoom without its control characters', () => {
    const { hold } = resolveSetting(hierarchy({ value: true, locked: false }, [group('Sales\u001b[2J\n', false, true)], ['Sales\u001b[2J\n']), 'frank@example.com', 'default', ['in_meeting', 'chat']);
    expect(hold.by === 'none' ? '' : describeHold(hold)).toBe('locked to false at group Sales?[2J?');
  });

  it('a setting no lock covers is never held, and other variants are not confused with it', () => {
    const h = hierarchy({ value: true, locked: true }, [], []);
    expect(resolveSetting(h, 'frank@example.com', 'default', ['in_meeting', 'waiting_room']).hold.by).toBe('none');
    expect(resolveSetting(h, 'frank@example.com', 'meeting_security', ['in_meeting', 'chat']).hold.by).toBe('none');
  });
});

describe('lock paths → settings paths (generated from the schemas)', () => {
  it.each([
    ['account', ['in_meeting', 'chat'], 'default', 'in_meeting.chat', 'same'],
    ['group', ['in_meeting', 'save_caption'], 'default', 'in_meeting.closed_captioning.save_caption', 'nested'],
    ['group', ['schedule_meeting', 'meeting_authentication'], 'meeting_authentication', 'meeting_authentication', 'renamed'],
    ['account', ['recording', 'recording_authentication'], 'recording_authentication', 'recording_authentication', 'renamed'],
  ] as const)('%s lock %j holds %s %s (%s)', (level, lock, variant, setting, how) => {
    const mapping = HIERARCHY_SCHEMA.lockMap[level].find((m) => m.lockVariant === 'default' && m.lock.join('.') === lock.join('.'))!;
    expect(mapping.how).toBe(how);
    expect(mapping.setting).toEqual({ variant, path: setting.split('.') });
    expect(lockFor(level, variant, setting.split('.'))).toBe(mapping);
  });

  it('a lock on an account-only feature maps to no user setting', () => {
    const chatLock = HIERARCHY_SCHEMA.lockMap.account.find((m) => m.lock.join('.') === 'chat.share_files')!;
    expect(chatLock).toMatchObject({ how: 'none', setting: null });
  });
});

describe('holdLockedChanges', () => {
  const change = (path: string, after: unknown): PlannedChange => ({
    variant: 'default',
    path,
    locator: path.split('.'),
    before: !after,
    after,
    source: { file: 'desired-state/defaults.yaml', line: 6, column: 5 },
  });
  const plan = (changes: PlannedChange[]): UserPlan => ({ target: { kind: 'user', id: 'frank@example.com' }, user: 'frank@example.com', status: 'change', variants: ['default'], changes, requests: [] });
  const locked = hierarchy({ value: true, locked: false }, [group('Sales', false, true)], ['Sales']);

  it('moves held changes aside and drops their request; a user with only held changes is no-change', () => {
    const both = holdLockedChanges(plan([change('in_meeting.chat', true), change('in_meeting.waiting_room', true)]), locked);
    expect(both.status).toBe('change');
    expect(both.changes.map((c) => c.path)).toEqual(['in_meeting.waiting_room']);
    expect(both.requests).toEqual([{ method: 'PATCH', path: '/users/frank%40example.com/settings', option: null, body: { in_meeting: { waiting_room: true } } }]);
    expect(both.held?.map((c) => [c.path, c.hold.by])).toEqual([['in_meeting.chat', 'group']]);
    const only = holdLockedChanges(plan([change('in_meeting.chat', true)]), locked);
    expect(only).toMatchObject({ status: 'no-change', changes: [], requests: [] });
  });

  it('leaves a plan with nothing held exactly as it was', () => {
    const free = plan([change('in_meeting.waiting_room', true)]);
    expect(holdLockedChanges(free, locked)).toBe(free);
  });
});

describe('docs/architecture.md', () => {
  it('lists exactly the lock paths whose user setting has another name (nested or renamed)', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync('docs/architecture.md', 'utf8');
    const table = doc.slice(doc.indexOf('Where the names differ'), doc.indexOf('## Resolution rules'));
    const documented = [...table.matchAll(/^\| `([^`]+)` \| `([^`]+)`/gm)].map((m) => m[1]).sort();
    const generated = [...new Set(['account', 'group'].flatMap((level) => HIERARCHY_SCHEMA.lockMap[level as 'account' | 'group'].filter((m) => m.how === 'nested' || m.how === 'renamed').map((m) => m.lock.join('.'))))].sort();
    expect(documented).toEqual(generated);
  });
});
