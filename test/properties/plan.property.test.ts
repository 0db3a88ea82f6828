/**
 * Properties of the pure planner, with desired and live settings generated from Zoom's schema:
 * applying the bodies to live (objects deep-merged, arrays replaced, as Zoom's PATCH does) gives the desired value
 * on every managed key and leaves every other key as it was; planning again gives no change; every leaf in a body
 * differs from live; no unmanaged, GET-only or other-variant key appears in a body.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { DesiredLeaf, ResolvedUser } from '../../src/core/desired/merge.js';
import { buildUserPlan } from '../../src/core/plan/build-user-plan.js';
import { getAt } from '../../src/core/plan/json-pointer.js';
import { normalizeLeaf } from '../../src/core/plan/normalize.js';
import { fieldAt, type Variant } from '../../src/schema/index.js';
import { desiredLeavesFor, liveSettingsFor } from '../helpers/arbitraries.js';

const SECRET_ENV = 'ZOOM_TEST_PASSCODE';

function resolvedUser(leaves: DesiredLeaf[]): ResolvedUser {
  return { user: { key: 'someone@example.com', identity: 'someone@example.com', file: 'u.yaml', pos: { file: 'u.yaml', line: 1, column: 1 }, profiles: [] }, layers: [], leaves };
}

function deepMerge(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(target);
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object' && !Array.isArray(current)
        ? deepMerge(current as Record<string, unknown>, value as Record<string, unknown>)
        : structuredClone(value);
  }
  return out;
}

/** Paths to the leaves of a body; a secret placeholder and a list are leaves. */
function leafPaths(node: unknown, prefix: string[] = []): string[][] {
  if (!node || typeof node !== 'object' || Array.isArray(node) || '$secret' in node) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => leafPaths(value, [...prefix, key]));
}

function resolveBody(body: Record<string, unknown>, secret: string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(body, (_k, v) => (v && typeof v === 'object' && '$secret' in v ? secret : v))) as Record<string, unknown>;
}

const norm = (variant: Variant, path: string[], value: unknown): string =>
  JSON.stringify(normalizeLeaf(path[path.length - 1]!, fieldAt(variant, path), value) ?? null);

describe.each(['default', 'meeting_security'] as const)('planning the %s variant', (variant) => {
  it('converges, touches only managed keys, and sends only leaves that differ', () => {
    fc.assert(
      fc.property(desiredLeavesFor(variant, SECRET_ENV), liveSettingsFor(variant), fc.string({ minLength: 4, maxLength: 10 }), (leaves, live, secret) => {
        const context = { resolveSecret: (name: string) => (name === SECRET_ENV ? secret : undefined), fingerprint: (v: string) => `fp:${v.length}:${[...v].reverse().join('')}` };
        const resolved = resolvedUser(leaves);
        const plan = buildUserPlan(resolved, { kind: 'ok', settings: { [variant]: live } }, context);
        expect(plan.status === 'change' || plan.status === 'no-change').toBe(true);
        const managed = new Set(leaves.map((l) => l.path.join('.')));
        let after = live;
        for (const request of plan.requests) {
          expect(request.option).toBe(variant === 'default' ? null : variant);
          for (const path of leafPaths(request.body)) {
            // Only managed, settable keys of this variant (a body path ends at a managed leaf).
            expect(managed.has(path.join('.'))).toBe(true);
            expect(fieldAt(variant, path)?.settable).toBe(true);
          }
          const body = resolveBody(request.body, secret);
          for (const leaf of leaves) {
            const sent = getAt(body, leaf.path);
            if (sent !== undefined) expect(norm(variant, leaf.path, sent)).not.toBe(norm(variant, leaf.path, getAt(live, leaf.path)));
          }
          after = deepMerge(after, body);
        }
        for (const leaf of leaves) {
          const desired = leaf.secret ? secret : leaf.value;
          expect(norm(variant, leaf.path, getAt(after, leaf.path))).toBe(norm(variant, leaf.path, desired));
        }
        for (const path of leafPaths(live)) {
          const isManaged = leaves.some((l) => l.path.every((key, i) => path[i] === key));
          if (!isManaged) expect(getAt(after, path)).toEqual(getAt(live, path));
        }
        const again = buildUserPlan(resolved, { kind: 'ok', settings: { [variant]: after } }, context);
        expect(again.status).toBe('no-change');
        expect(again.requests).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
