/**
 * Properties of the lock post-step over random hierarchies: no change is lost or invented (sent + held = planned),
 * the requests are exactly those of the changes left, a change is held exactly when the account or one of the
 * user's groups locks it, and the simulator's effective value agrees with the planner wherever the planner is not
 * ambiguous.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { holdLockedChanges } from '../../src/core/hierarchy/hold.js';
import type { GroupSnapshot, HierarchySnapshot } from '../../src/core/hierarchy/model.js';
import { resolveSetting } from '../../src/core/hierarchy/resolve.js';
import { buildRequests } from '../../src/core/plan/requests.js';
import type { PlannedChange, UserPlan } from '../../src/core/plan/types.js';

const USER = 'frank@example.com';
/** in_meeting settings both the account and the groups can lock (same path in every schema). */
const FIELDS = ['chat', 'file_transfer', 'polling', 'breakout_room'] as const;

interface LevelSeed {
  values: Partial<Record<(typeof FIELDS)[number], boolean>>;
  locks: Partial<Record<(typeof FIELDS)[number], boolean>>;
}
interface RandomHierarchy {
  account: LevelSeed;
  groups: Array<{ level: LevelSeed; member: boolean }>;
}

const levelArb: fc.Arbitrary<LevelSeed> = fc.record({
  values: fc.dictionary(fc.constantFrom(...FIELDS), fc.boolean()),
  locks: fc.dictionary(fc.constantFrom(...FIELDS), fc.boolean()),
});

const hierarchyArb: fc.Arbitrary<RandomHierarchy> = fc.record({
  account: levelArb,
  groups: fc.array(fc.record({ level: levelArb, member: fc.boolean() }), { maxLength: 3 }),
});

function toSnapshot(h: RandomHierarchy): HierarchySnapshot {
  const level = (l: LevelSeed) => ({ settings: { default: { in_meeting: { ...l.values } } }, locks: { default: { in_meeting: { ...l.locks } } } });
  const groups: GroupSnapshot[] = h.groups.map((g, i) => ({ id: `g${i}`, name: `G${i}`, ...level(g.level) }));
  const memberOf = new Map([[USER, h.groups.flatMap((g, i) => (g.member ? [`g${i}`] : []))]]);
  return { account: level(h.account), groups, memberOf, requests: 0 };
}

const changesArb = fc.uniqueArray(fc.constantFrom(...FIELDS), { minLength: 1 }).chain((fields) =>
  fc.tuple(...fields.map((field) => fc.boolean().map((after): PlannedChange => ({
    variant: 'default',
    path: `in_meeting.${field}`,
    locator: ['in_meeting', field],
    before: !after,
    after,
    source: { file: 'defaults.yaml', line: 1, column: 1 },
  })))),
);

describe('holdLockedChanges over random hierarchies', () => {
  it('sent + held = planned, requests match what is sent, and every decision agrees with resolveSetting', () => {
    fc.assert(
      fc.property(hierarchyArb, changesArb, (h, changes) => {
        const snapshot = toSnapshot(h);
        const plan: UserPlan = { target: { kind: 'user', id: USER }, user: USER, status: 'change', variants: ['default'], changes, requests: buildRequests(USER, changes) };
        const out = holdLockedChanges(plan, snapshot);
        const held = out.held ?? [];
        // Left to a lock: the lock enforces the very value the change wants (issue 16: no per-user PATCH for it).
        const enforced = changes.filter((change) => {
          const { hold } = resolveSetting(snapshot, USER, 'default', change.locator);
          return hold.by !== 'none' && hold.value !== undefined && JSON.stringify(hold.value) === JSON.stringify(change.after);
        });
        expect([...out.changes, ...held, ...enforced].map((c) => c.path).sort()).toEqual(changes.map((c) => c.path).sort());
        expect(out.requests).toEqual(out.changes.length > 0 ? buildRequests(USER, out.changes) : []);
        expect(out.status).toBe(out.changes.length > 0 ? 'change' : 'no-change');
        for (const change of changes) {
          const { hold } = resolveSetting(snapshot, USER, 'default', change.locator);
          const isEnforced = enforced.includes(change);
          expect(held.some((c) => c.path === change.path)).toBe(hold.by !== 'none' && !isEnforced);
          const field = change.locator[1] as (typeof FIELDS)[number];
          const lockedSomewhere = h.account.locks[field] === true || h.groups.some((g) => g.member && g.level.locks[field] === true);
          expect(hold.by !== 'none').toBe(lockedSomewhere);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the planner and the simulator (an independent referee) agree on who holds a setting', () => {
  it('wherever the planner is not ambiguous, the simulator holds the same settings at the same value', async () => {
    const { SimHierarchy } = await import('../../src/simulator/hierarchy.js');
    fc.assert(
      fc.property(hierarchyArb, (h) => {
        const seed = {
          account: { settings: { in_meeting: h.account.values }, locks: { in_meeting: h.account.locks } },
          groups: h.groups.map((g, i) => ({ name: `G${i}`, id: `g${i}`, members: g.member ? [USER] : [], settings: { in_meeting: g.level.values }, locks: { in_meeting: g.level.locks } })),
        };
        const sim = new SimHierarchy(seed, 'property');
        // The planner sees what the API returns: each level's settings and locks (never the priority).
        const snapshot: HierarchySnapshot = {
          account: { settings: { default: sim.account.settings.default }, locks: sim.account.locks },
          groups: sim.groups.map((g) => ({ id: g.id, name: g.name, settings: { default: g.settings.default }, locks: g.locks })),
          memberOf: new Map([[USER, sim.groups.filter((g) => g.members.includes(USER)).map((g) => g.id)]]),
          requests: 0,
        };
        const simHeld = sim.held({ id: 'frank-id', email: USER }, 'default');
        for (const field of FIELDS) {
          const { hold } = resolveSetting(snapshot, USER, 'default', ['in_meeting', field]);
          if (hold.by === 'group' && hold.ambiguous) continue;
          const bySim = simHeld.find((x) => x.path.join('.') === `in_meeting.${field}`);
          expect(bySim !== undefined).toBe(hold.by !== 'none');
          if (bySim && hold.by !== 'none') expect(bySim.value).toEqual(hold.value);
        }
      }),
      { numRuns: 300 },
    );
  });
});
