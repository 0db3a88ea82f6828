/** core/import/shared-defaults: what goes to defaults.yaml and what stays per user. */
import { describe, expect, it } from '@jest/globals';
import { leafKeyOf, type ImportLeaf } from '../../src/core/import/live-leaves.js';
import { splitShared, type ImportedUser } from '../../src/core/import/shared-defaults.js';

let rank = 0;
const leaf = (dotted: string, value: unknown): ImportLeaf => {
  const path = dotted.split('.');
  return { key: leafKeyOf(path), path, value, highImpact: false, rank: rank++ };
};
const user = (key: string, values: Record<string, unknown>): ImportedUser => ({ key, leaves: Object.entries(values).map(([p, v]) => leaf(p, v)) });
const paths = (leaves: readonly ImportLeaf[]) => Object.fromEntries(leaves.map((l) => [l.path.join('.'), l.value]));

/** Ten users: nine with chat on, one with it off. */
const tenUsers = Array.from({ length: 10 }, (_, i) => user(`u${i}@example.com`, { 'in_meeting.chat': i !== 3, 'recording.auto_recording': i < 5 ? 'cloud' : 'none' }));

describe('splitShared', () => {
  it('puts a value shared by at least the share in defaults and keeps only differences per user', () => {
    const split = splitShared(tenUsers, 0.9);
    expect(paths(split.defaults)).toEqual({ 'in_meeting.chat': true });
    expect(paths(split.users[3]!.leaves)).toEqual({ 'in_meeting.chat': false, 'recording.auto_recording': 'cloud' });
    expect(paths(split.users[0]!.leaves)).toEqual({ 'recording.auto_recording': 'cloud' });
  });

  it('compares the share inclusively and without float error (9 of 10 is 0.9)', () => {
    expect(paths(splitShared(tenUsers, 0.9).defaults)).toHaveProperty(['in_meeting.chat']);
    expect(paths(splitShared(tenUsers, 0.91).defaults)).toEqual({});
    expect(paths(splitShared(tenUsers, 0.5).defaults)).toEqual({ 'in_meeting.chat': true, 'recording.auto_recording': 'cloud' });
  });

  it('keeps a setting per user when any user lacks a value for it (defaults cannot be un-set)', () => {
    const users = [...tenUsers.slice(0, 9), user('odd@example.com', { 'recording.auto_recording': 'none' })];
    const split = splitShared(users, 0.5);
    expect(paths(split.defaults)).toEqual({ 'recording.auto_recording': 'cloud' });
    expect(split.users.slice(0, 9).every((u) => u.leaves.some((l) => l.path.join('.') === 'in_meeting.chat'))).toBe(true);
  });

  it('treats lists and objects by value', () => {
    const users = [0, 1, 2].map((i) => user(`u${i}@example.com`, { 'in_meeting.data_center_regions': i === 2 ? ['US'] : ['US', 'DE'] }));
    const split = splitShared(users, 0.6);
    expect(paths(split.defaults)).toEqual({ 'in_meeting.data_center_regions': ['US', 'DE'] });
    expect(split.users.map((u) => u.leaves.length)).toEqual([0, 0, 1]);
  });

  it('with one user, everything is shared and the user holds nothing', () => {
    const split = splitShared([tenUsers[0]!], 0.9);
    expect(split.defaults).toHaveLength(2);
    expect(split.users[0]!.leaves).toEqual([]);
  });

  it('every user resolves to exactly what was read (defaults merged under the user)', () => {
    for (const share of [0.1, 0.5, 0.9, 1]) {
      const split = splitShared(tenUsers, share);
      split.users.forEach((u, i) => {
        expect({ ...paths(split.defaults), ...paths(u.leaves) }).toEqual(paths(tenUsers[i]!.leaves));
      });
    }
  });
});
