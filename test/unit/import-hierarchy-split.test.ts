/**
 * core/import/hierarchy-split and suggest-profiles: which of a user's values the account and groups give them
 * (FORMATS.md "a user's effective desired value"), and how recurring exceptions become profiles.
 */
import { describe, expect, it } from '@jest/globals';
import { givenByLevels, splitUser, type LevelsWritten } from '../../src/core/import/hierarchy-split.js';
import { leafKeyOf, type ImportLeaf } from '../../src/core/import/live-leaves.js';
import { suggestProfiles } from '../../src/core/import/suggest-profiles.js';
import { valueKey } from '../../src/core/import/shared-defaults.js';

let rank = 0;
const leaf = (dotted: string, value: unknown): ImportLeaf => {
  const path = dotted.split('.');
  return { key: leafKeyOf(path), path, value, highImpact: false, rank: rank++ };
};
const values = (entries: Record<string, unknown>) => new Map(Object.entries(entries).map(([p, v]) => [leafKeyOf(p.split('.')), JSON.stringify(v)]));
const paths = (leaves: readonly ImportLeaf[]) => leaves.map((l) => `${l.path.join('.')}=${JSON.stringify(l.value)}`);

const LEVELS: LevelsWritten = {
  account: values({ 'in_meeting.chat': true, 'in_meeting.polling': true, 'recording.cloud_recording': true }),
  accountLocks: values({ 'recording.cloud_recording': true }),
  groups: new Map([
    ['sales', values({ 'in_meeting.chat': false, 'recording.cloud_recording': false })],
    ['leads', values({ 'in_meeting.polling': false })],
  ]),
};
const SALES = { id: 'sales', name: 'Sales' };
const LEADS = { id: 'leads', name: 'Leads' };

describe('givenByLevels', () => {
  it.each([
    ['no group: the account', [], 'in_meeting.chat', { kind: 'value', text: 'true' }],
    ['a group that sets it', [SALES], 'in_meeting.chat', { kind: 'value', text: 'false' }],
    ['a group that does not set it: the account', [SALES], 'in_meeting.polling', { kind: 'value', text: 'true' }],
    ['locked at the account: the account, whatever the group says', [SALES], 'recording.cloud_recording', { kind: 'value', text: 'true' }],
    ['two groups that disagree (one sets, one inherits)', [SALES, LEADS], 'in_meeting.chat', { kind: 'ambiguous' }],
    ['no level has it', [LEADS], 'schedule_meeting.host_video', { kind: 'unknown' }],
  ])('%s', (_story, groups, path, expected) => {
    expect(givenByLevels(LEVELS, groups, leaf(path, true))).toEqual(expected);
  });
});

describe('splitUser', () => {
  it('compares through core/compare: a set-like list in another order, or "true" for true, is what the account gives', () => {
    const regions = leaf('in_meeting.data_center_regions', ['US', 'EU', 'AU']);
    const levels: LevelsWritten = { account: new Map([[regions.key, valueKey(regions)], ...values({ 'in_meeting.chat': true })]), accountLocks: new Map(), groups: new Map() };
    const user = { key: 'ann@example.com', groups: [], leaves: [leaf('in_meeting.data_center_regions', ['AU', 'US', 'EU']), leaf('in_meeting.chat', 'true')] };
    expect(paths(splitUser(levels, user).own)).toEqual([]);
    const other = { key: 'bob@example.com', groups: [], leaves: [leaf('in_meeting.data_center_regions', ['AU', 'US'])] };
    expect(paths(splitUser(levels, other).own)).toEqual(['in_meeting.data_center_regions=["AU","US"]']);
  });

  it('keeps only what differs, what is ambiguous, and (apart) what no level gives', () => {
    const user = {
      key: 'frank@example.com',
      groups: [SALES, LEADS],
      leaves: [leaf('in_meeting.chat', false), leaf('in_meeting.polling', false), leaf('recording.cloud_recording', true), leaf('schedule_meeting.host_video', true)],
    };
    const split = splitUser(LEVELS, user);
    expect(paths(split.own)).toEqual(['in_meeting.chat=false', 'in_meeting.polling=false']);
    expect(split.ambiguous).toBe(2);
    expect(paths(split.unknown)).toEqual(['schedule_meeting.host_video=true']);
    const plain = splitUser(LEVELS, { key: 'ann@example.com', groups: [SALES], leaves: [leaf('in_meeting.chat', false), leaf('in_meeting.polling', false)] });
    expect([paths(plain.own), plain.ambiguous]).toEqual([['in_meeting.polling=false'], 0]);
  });
});

describe('suggestProfiles', () => {
  const user = (key: string, entries: Record<string, unknown>) => ({ key, leaves: Object.entries(entries).map(([p, v]) => leaf(p, v)) });
  const pattern = { 'in_meeting.chat': false, 'recording.local_recording': false };
  const users = [
    ...Array.from({ length: 6 }, (_, i) => user(`p${i}@example.com`, i === 0 ? { ...pattern, 'in_meeting.polling': true } : pattern)),
    ...Array.from({ length: 4 }, (_, i) => user(`q${i}@example.com`, { 'in_meeting.feedback': true, 'in_meeting.polling': false })),
    user('solo@example.com', { 'in_meeting.chat': false }),
  ];

  it('makes a profile of a pattern of two or more settings that at least minUsers users share exactly', () => {
    const result = suggestProfiles(users, { minUsers: 5, maxProfiles: 5 });
    expect(result.profiles.map((p) => [p.name, p.users, paths(p.leaves)])).toEqual([['imported-1', 6, ['in_meeting.chat=false', 'recording.local_recording=false']]]);
    expect(result.users[0]).toMatchObject({ profiles: ['imported-1'] });
    expect(paths(result.users[0]!.leaves)).toEqual(['in_meeting.polling=true']);
    expect(result.users[1]!.leaves).toEqual([]);
    // Below the minimum support, and a lone setting: left as they are.
    expect(result.users[6]).toBe(users[6]);
    expect(result.users[10]).toBe(users[10]);
    expect(suggestProfiles(users, { minUsers: 4, maxProfiles: 5 }).profiles.map((p) => p.users)).toEqual([6, 4]);
  });

  it('is deterministic: the same users in another order give the same profiles', () => {
    const forward = suggestProfiles(users, { minUsers: 4, maxProfiles: 5 }).profiles.map((p) => paths(p.leaves));
    const backward = suggestProfiles([...users].reverse(), { minUsers: 4, maxProfiles: 5 }).profiles.map((p) => paths(p.leaves));
    expect(backward).toEqual(forward);
  });
});
