/**
 * Plans people can read: coded integers carry Zoom's label from the spec, long lists end in "+N more", the comment
 * states the guards' verdict and where it was made, users dropped from the desired state are named, drift is
 * headed as drift.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Plan, PlannedChange, UserPlan } from '../../src/core/plan/types.js';
import { markdownRenderer } from '../../src/core/render/markdown.js';
import { firstOf, renderPlan, showChangeValue } from '../../src/core/render/renderer.js';
import { textRenderer } from '../../src/core/render/text.js';
import { formatPosition } from '../../src/core/desired/source.js';
import { enumLabels } from '../../src/schema/build.js';

const golden = JSON.parse(readFileSync('test/fixtures/golden/plan-value.json', 'utf8')) as Plan;

const saveChats: PlannedChange = {
  variant: 'default',
  path: 'in_meeting.allow_users_save_chats',
  locator: ['in_meeting', 'allow_users_save_chats'],
  before: 2,
  after: 3,
  source: { file: 'desired-state/defaults.yaml', line: 8, column: 29 },
};

function changedUser(user: string): UserPlan {
  return { target: { kind: 'user', id: user }, user, status: 'change', variants: ['default'], changes: [saveChats], requests: [] };
}

function planOf(users: UserPlan[], options: Plan['options'] = {}, managed = 1000): Plan {
  const change = users.filter((u) => u.status === 'change').length;
  return {
    ...golden,
    managed_users: managed,
    options,
    users,
    summary: { ...golden.summary, users: users.length, byStatus: { change, 'no-change': 0, 'not-found': 0, pending: 0, error: 0 }, changes: change, requests: change },
  };
}

describe("Zoom's labels for coded integers", () => {
  it('come from the spec description of the field', () => {
    expect(showChangeValue(saveChats, 2)).toBe('2 (Participants can only save host and co-host meeting chats)');
    expect(showChangeValue(saveChats, 3)).toBe('3 (Participants can save all meeting chats)');
    expect(showChangeValue({ variant: 'default', path: 'in_meeting.chat' }, true)).toBe('true');
    expect(showChangeValue(saveChats, 9)).toBe('9');
  });

  it('are read from both spellings the spec uses, and only when they explain enum members', () => {
    expect(enumLabels('How: * `1` - No one. * `2` - Host and all panelists. * `3` - Everyone.', [1, 2, 3])).toEqual({ 1: 'No one', 2: 'Host and all panelists', 3: 'Everyone' });
    expect(enumLabels('Who: * `0` &mdash; Host only. * `1` &mdash; Anyone [listed](https://x/1-2).', [0, 1])).toEqual({ 0: 'Host only', 1: 'Anyone listed' });
    expect(enumLabels('Only `1` - one.', [1])).toBeUndefined();
    expect(enumLabels('* `1` - a. * `7` - b.', [1, 2])).toBeUndefined();
  });

  it('show in the text plan and in the comment', () => {
    const plan = planOf([changedUser('alice@example.com')]);
    expect(renderPlan(textRenderer({ color: false }), plan)).toContain(
      'in_meeting.allow_users_save_chats: 2 (Participants can only save host and co-host meeting chats) → 3 (Participants can save all meeting chats)',
    );
    expect(renderPlan(markdownRenderer({ artifactHint: 'x' }), plan)).toContain('`3 (Participants can save all meeting chats)`');
  });
});

describe('lists end in "+N more"', () => {
  it('firstOf names the first few', () => {
    expect(firstOf(['a', 'b', 'c', 'd', 'e'], 1200, 3)).toBe('a, b, c +1,197 more');
    expect(firstOf(['a', 'b'], 2, 3)).toBe('a, b');
  });

  it('a grouped row names its first three users and caps its sources', () => {
    const users = Array.from({ length: 8 }, (_, i) => {
      const user = changedUser(`u${i}@example.com`);
      user.changes = [{ ...saveChats, source: { ...saveChats.source, file: `desired-state/users/u${i}.yaml` } }];
      return user;
    });
    const markdown = renderPlan(markdownRenderer({ artifactHint: 'x' }), planOf(users));
    expect(markdown).toContain('| 8: u0@example.com, u1@example.com, u2@example.com +5 more | `in_meeting.allow_users_save_chats` |');
    expect(markdown).toContain('`desired-state/users/u0.yaml:8`, `desired-state/users/u1.yaml:8`, `desired-state/users/u2.yaml:8` +5 more |');
  });
});

describe('the pull-request comment', () => {
  it('states that the merge will refuse, and how to allow it', () => {
    const users = Array.from({ length: 150 }, (_, i) => changedUser(`u${i}@example.com`));
    const markdown = renderPlan(markdownRenderer({ artifactHint: 'x', guards: { maxChangedUsers: 100, maxChangedPercent: 30 } }), planOf(users, {}, 1567));
    expect(markdown).toContain('**Guards: merge will refuse: 150 users > 100 (--max-changed-users).** To allow it, run the apply workflow by hand after the merge with max_changed_users of at least 150');
  });

  it('states a percentage refusal and a pass', () => {
    const users = Array.from({ length: 40 }, (_, i) => changedUser(`u${i}@example.com`));
    const guards = { maxChangedUsers: 100, maxChangedPercent: 30 };
    expect(renderPlan(markdownRenderer({ artifactHint: 'x', guards }), planOf(users, {}, 100))).toContain('**Guards: merge will refuse: 40.0% of 100 managed users > 30% (--max-changed-percent).**');
    expect(renderPlan(markdownRenderer({ artifactHint: 'x', guards }), planOf(users, {}, 1000))).toContain('Guards: the merge will apply this (40 users ≤ 100; 4.0% ≤ 30% of 1,000 managed users).');
  });

  it('carries the commit and a link to the CI run', () => {
    const markdown = renderPlan(markdownRenderer({ artifactHint: 'x', provenance: { commit: '0123456789abcdef0123', runUrl: 'https://github.com/acme/zoom/actions/runs/42' } }), planOf([]));
    expect(markdown).toContain('Planned at commit `0123456789ab` in [this CI run](https://github.com/acme/zoom/actions/runs/42).');
  });

  it('names the users no longer managed, whose settings stay as they are', () => {
    const plan = planOf([], { changed_since: 'origin/main', no_longer_managed: ['gone@example.com'] });
    expect(renderPlan(markdownRenderer({ artifactHint: 'x' }), plan)).toContain('### No longer managed (their settings stay as they are)\n\n- gone@example.com');
    expect(renderPlan(textRenderer({ color: false }), plan)).toContain('1 user no longer managed (their settings stay as they are): gone@example.com');
  });
});

describe('drift is headed as drift', () => {
  it('in text and markdown', () => {
    const plan = planOf([changedUser('frank@example.com')]);
    const text = renderPlan(textRenderer({ color: false, kind: 'drift' }), plan);
    expect(text).toMatch(/^zoom-settings drift report for account /);
    expect(text).toContain('Drift: 1 user drifted,');
    const markdown = renderPlan(markdownRenderer({ artifactHint: 'x', kind: 'drift' }), plan);
    expect(markdown).toContain('## zoom-settings drift report');
    expect(markdown).toContain('| drifted | 1 |');
    expect(markdown).not.toContain('Guards:');
  });
});

describe('sources', () => {
  it('a position without a line is its name alone (rollback of a journal run), not ":0:0"', () => {
    expect(formatPosition({ file: 'journal run 20261130T010203Z-abc', line: 0, column: 0 })).toBe('journal run 20261130T010203Z-abc');
    expect(formatPosition({ file: 'a.yaml', line: 3, column: 5 })).toBe('a.yaml:3:5');
  });
});
