/**
 * The merge order through the real Resolver, with real files: defaults.yaml < each profile the user lists, in the
 * order listed, each right after the profiles it `extends` (themselves expanded first) < the user's own settings
 * (README "Merge rules"). Generated desired states (settings from Zoom's schema, random `extends` graphs without
 * cycles, users sharing profile chains) are resolved by the Resolver and by a plain fold over the documented layer
 * order; they must agree leaf by leaf, and every leaf's provenance must be the file, line and column where the
 * winning layer wrote it. merge.property.test.ts covers mergeNodes itself; this covers the order and the chains.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { buildDesiredState } from '../../src/core/desired/documents.js';
import { flattenSettings, leafPath, Resolver } from '../../src/core/desired/merge.js';
import type { DesiredFile } from '../../src/core/desired/model.js';
import { parseYaml } from '../../src/core/desired/parse-yaml.js';
import { schemaLeaves } from '../../src/schema/index.js';
import { valueFor } from '../helpers/arbitraries.js';

// Leaves an admin writes directly (not secrets or high-impact, which need references and opt-ins).
const LEAVES = [...schemaLeaves('default', (f) => f.settable && f.readable && !f.secret && !f.highImpact), ...schemaLeaves('meeting_security', (f) => f.settable)].filter(
  (l) => !l.path.includes('[]'),
);
// A few leaves every layer draws from as well, so layers often set the same keys and the order decides.
const SHARED = LEAVES.filter((l) => ['in_meeting.chat', 'in_meeting.waiting_room', 'meeting_security.waiting_room', 'recording.auto_recording'].includes(l.path.join('.')));

type Settings = Record<string, unknown>;

const settings: fc.Arbitrary<Settings> = fc
  .tuple(fc.subarray(LEAVES, { maxLength: 8 }), fc.subarray(SHARED))
  .chain(([some, shared]) => {
    const picked = [...new Set([...some, ...shared])];
    return fc.tuple(...picked.map((leaf) => valueFor(leaf.field))).map((values) => {
      const out: Settings = {};
      picked.forEach((leaf, i) => {
        let node = out;
        for (const key of leaf.path.slice(0, -1)) node = (node[key] ??= {}) as Settings;
        node[leaf.path[leaf.path.length - 1]!] = values[i];
      });
      return out;
    });
  });

interface World {
  defaults: Settings | null;
  /** Profile i may extend only profiles before it: no cycles. */
  profiles: Array<{ extends: number[]; settings: Settings | null }>;
  users: Array<{ profiles: number[]; settings: Settings | null }>;
}

const world: fc.Arbitrary<World> = fc.integer({ min: 1, max: 5 }).chain((count) =>
  fc.record({
    defaults: fc.option(settings, { nil: null }),
    profiles: fc.tuple(
      ...Array.from({ length: count }, (_, i) =>
        fc.record({ extends: fc.uniqueArray(fc.integer({ min: 0, max: Math.max(0, i - 1) }), { maxLength: i === 0 ? 0 : 2 }), settings: fc.option(settings, { nil: null }) }),
      ),
    ),
    users: fc.array(
      fc.record({ profiles: fc.uniqueArray(fc.integer({ min: 0, max: count - 1 }), { maxLength: 3 }), settings: fc.option(settings, { nil: null }) }),
      { minLength: 1, maxLength: 4 },
    ),
  }),
);

const name = (i: number): string => `p${i}`;
const email = (i: number): string => `user${i}@example.com`;

function files(w: World): DesiredFile[] {
  const file = (relPath: string, value: unknown): DesiredFile => ({ path: relPath, relPath, text: dump(value) });
  const out: DesiredFile[] = [];
  if (w.defaults) out.push(file('defaults.yaml', { settings: w.defaults }));
  w.profiles.forEach((p, i) => out.push(file(`profiles/${name(i)}.yaml`, { extends: p.extends.map(name), ...(p.settings ? { settings: p.settings } : {}) })));
  const users: Record<string, unknown> = {};
  w.users.forEach((u, i) => (users[email(i)] = { profiles: u.profiles.map(name), ...(u.settings ? { settings: u.settings } : {}) }));
  out.push(file('users/all.yaml', users));
  return out;
}

/** The documented layer order for user i, as files (a user's own settings are its users file). */
function layerOrder(w: World, i: number): string[] {
  const expand = (p: number): string[] => [...w.profiles[p]!.extends.flatMap(expand), `profiles/${name(p)}.yaml`];
  return [...(w.defaults ? ['defaults.yaml'] : []), ...w.users[i]!.profiles.flatMap(expand), ...(w.users[i]!.settings ? ['users/all.yaml'] : [])];
}

/** Each layer's own leaves (value and position), as the file alone says them. */
function ownLeaves(file: DesiredFile, userKey: string): Map<string, { value: unknown; line: number; column: number }> {
  const root = parseYaml(file.text, file.path).root;
  let node = root?.kind === 'map' ? root.entries.find((e) => e.key === (file.relPath.startsWith('users/') ? userKey : 'settings'))?.value : undefined;
  if (file.relPath.startsWith('users/')) node = node?.kind === 'map' ? node.entries.find((e) => e.key === 'settings')?.value : undefined;
  const shell = node ? { kind: 'map' as const, pos: node.pos, entries: node.kind === 'map' ? node.entries : [] } : undefined;
  return new Map(flattenSettings(shell).map((l) => [`${l.variant} ${leafPath(l)}`, { value: l.value, line: l.source.line, column: l.source.column }]));
}

describe('the Resolver merges in the documented order, with provenance', () => {
  it('agrees with a fold over defaults < listed profiles (each after its extends) < the user, leaf by leaf and position by position', () => {
    fc.assert(
      fc.property(world, (w) => {
        const desired = files(w);
        const built = buildDesiredState(desired);
        expect(built.problems.filter((p) => p.severity === 'error')).toEqual([]);
        const resolver = new Resolver(built.state);
        const byPath = new Map(desired.map((f) => [f.relPath, f]));
        built.state.users.forEach((entry, i) => {
          const expected = new Map<string, { value: unknown; file: string; line: number; column: number }>();
          for (const layer of layerOrder(w, i)) {
            for (const [key, leaf] of ownLeaves(byPath.get(layer)!, entry.key)) expected.set(key, { ...leaf, file: layer });
          }
          const actual = new Map(resolver.resolve(entry).leaves.map((l) => [`${l.variant} ${leafPath(l)}`, { value: l.value, file: l.source.file, line: l.source.line, column: l.source.column }]));
          expect(actual).toEqual(expected);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same leaves whether a chain is resolved first or after other users shared it (the Resolver caches chains)', () => {
    fc.assert(
      fc.property(world, (w) => {
        const built = buildDesiredState(files(w));
        const forwards = new Resolver(built.state);
        const backwards = new Resolver(built.state);
        const first = built.state.users.map((u) => forwards.resolve(u).leaves);
        const last = [...built.state.users].reverse().map((u) => backwards.resolve(u).leaves).reverse();
        expect(last).toEqual(first);
      }),
      { numRuns: 100 },
    );
  });
});
