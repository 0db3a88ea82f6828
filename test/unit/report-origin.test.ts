/** Where a user's live value comes from: a lock decides it; otherwise equality with the group, then the account. */
import { describe, expect, it } from '@jest/globals';
import type { HierarchySnapshot } from '../../src/core/hierarchy/model.js';
import { resolveSetting } from '../../src/core/hierarchy/resolve.js';
import { originOf } from '../../src/core/report/where.js';

const PATH = ['in_meeting', 'chat'];

function hierarchy(account: { chat?: boolean; locked?: boolean }, groups: Array<{ name: string; chat?: boolean; locked?: boolean }>): HierarchySnapshot {
  const level = (l: { chat?: boolean; locked?: boolean }) => ({
    settings: l.chat === undefined ? {} : { default: { in_meeting: { chat: l.chat } } },
    locks: { default: { in_meeting: { chat: l.locked === true } } },
  });
  return {
    account: level(account),
    groups: groups.map((g, i) => ({ id: `g${i}`, name: g.name, ...level(g) })),
    memberOf: new Map([['u@example.com', groups.map((_, i) => `g${i}`)]]),
    requests: 0,
  };
}

const origin = (h: HierarchySnapshot, live: unknown) => originOf(resolveSetting(h, 'u@example.com', 'default', PATH), live);

describe('originOf', () => {
  it.each([
    ['an account lock', hierarchy({ chat: false, locked: true }, [{ name: 'Sales', chat: true }]), false, { source: 'account', lock: 'account', lockHolder: 'account' }],
    ['a group lock', hierarchy({ chat: true }, [{ name: 'Sales', chat: false, locked: true }]), false, { source: 'group', sourceGroup: 'Sales', lock: 'group', lockHolder: 'Sales' }],
    ['equal to the group value', hierarchy({ chat: true }, [{ name: 'Sales', chat: false }]), false, { source: 'group', sourceGroup: 'Sales', lock: 'none' }],
    ['equal to the account value only', hierarchy({ chat: true }, [{ name: 'Sales', chat: false }]), true, { source: 'account', lock: 'none' }],
    ["the user's own", hierarchy({ chat: true }, []), false, { source: 'user', lock: 'none' }],
    ['no level value read', hierarchy({}, []), false, { source: 'unknown', lock: 'none' }],
  ])('%s', (_name, h, live, expected) => {
    expect(origin(h, live)).toEqual(expected);
  });

  it('two groups that disagree on a lock: Zoom group priority decides, said as such', () => {
    const h = hierarchy({ chat: true }, [{ name: 'Sales', chat: false, locked: true }, { name: 'Support', chat: true, locked: true }]);
    expect(origin(h, false)).toEqual({ source: 'group', sourceGroup: 'Sales, Support', lock: 'group', lockHolder: "Sales, Support (Zoom's group priority decides)" });
  });

  it('no hierarchy read: unknown', () => {
    expect(originOf(null, true)).toEqual({ source: 'unknown', lock: 'unknown' });
  });
});
