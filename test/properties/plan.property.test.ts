/**
 * Properties of the pure planner, checked against an ORACLE written here from Zoom's documented PATCH semantics,
 * not with the planner's own helpers (normalizeLeaf, json-pointer, locator):
 * - settings variants (default, meeting_security): objects merge field by field, arrays and scalars are replaced
 *   whole (zoom-api-facts.md §7.3);
 * - authentication variants: the toggle plus ONE `authentication_option` per call, `{action: update|show|hide, id,
 *   …}` applied to that profile of the user's list; an update to `default_option: true` leaves no other default
 *   (§3, §7.6).
 * Applying the plan's bodies to live through the oracle gives the desired value on every managed key and leaves
 * every other key as it was; planning again gives no change; every value sent differs from live.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { DesiredLeaf, ResolvedUser } from '../../src/core/desired/merge.js';
import { buildUserPlan } from '../../src/core/plan/build-user-plan.js';
import type { UserPlan } from '../../src/core/plan/types.js';
import { fieldAt, type FieldSchema, type Variant } from '../../src/schema/index.js';
import { desiredLeavesFor, liveSettingsFor } from '../helpers/arbitraries.js';

const SECRET_ENV = 'ZOOM_TEST_PASSCODE';
type Settings = Record<string, unknown>;

// ---------------------------------------------------------------- the oracle: Zoom's side, written plainly

const isObject = (value: unknown): value is Settings => typeof value === 'object' && value !== null && !Array.isArray(value);

/** PATCH of a settings variant: objects merge field by field; anything else (arrays too) replaces what was there. */
function zoomPatch(settings: Settings, body: Settings): Settings {
  const out: Settings = { ...settings };
  for (const [key, value] of Object.entries(body)) {
    out[key] = isObject(value) && isObject(out[key]) ? zoomPatch(out[key] as Settings, value) : structuredClone(value);
  }
  return out;
}

interface Profile {
  id: string;
  name: string;
  visible: unknown;
  default_option: unknown;
  domains: string;
}

/** PATCH of an authentication variant: the toggle, then the one profile action. */
function zoomPatchAuth(variant: AuthVariant, settings: Settings, body: Settings): Settings {
  const out = structuredClone(settings);
  if (variant in body) out[variant] = body[variant];
  const option = body.authentication_option as (Settings & { action: string; id: string }) | undefined;
  if (!option) return out;
  const profiles = out.authentication_options as Profile[];
  const profile = profiles.find((p) => p.id === option.id)!;
  if (option.action === 'show') profile.visible = true;
  if (option.action === 'hide') profile.visible = false;
  if (option.action === 'update') {
    if (option.default_option === true) for (const other of profiles) other.default_option = false;
    if ('default_option' in option) profile.default_option = option.default_option;
    if ('domains' in option) profile.domains = option.domains as string;
  }
  return out;
}

/** Plain structural equality (node's isDeepStrictEqual also compares realms, which jest's vm context mixes). */
function equal(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => equal(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && equal(a[key], b[key]));
  }
  return a === b;
}

/** Lists whose order Zoom ignores, and comma-separated domain lists (compared as sets of lower-case domains). */
const ORDER_FREE = ['data_center_regions', 'block_user_domain_list', 'live_streaming_service', 'languages', 'custom_languages'];
const DOMAIN_LISTS = ['whitelisted_domains_for_waiting_room', 'domains'];

function domains(value: string): string[] {
  return [...new Set(value.split(',').map((d) => d.trim().toLowerCase()).filter(Boolean))].sort();
}

/** Whether Zoom holds the same setting: its GET spells booleans and numbers loosely ("true", "90"). */
function sameSetting(name: string, field: FieldSchema | undefined, a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (field?.type === 'boolean' || field?.type === 'integer') return String(a) === String(b);
  if (DOMAIN_LISTS.includes(name) && typeof a === 'string' && typeof b === 'string') return equal(domains(a), domains(b));
  if (ORDER_FREE.includes(name) && Array.isArray(a) && Array.isArray(b)) {
    return equal([...new Set(a.map(String))].sort(), [...new Set(b.map(String))].sort());
  }
  return equal(a, b);
}

function valueAt(node: unknown, path: readonly string[]): unknown {
  let at = node;
  for (const key of path) at = isObject(at) && Object.hasOwn(at, key) ? at[key] : undefined;
  return at;
}

// ---------------------------------------------------------------- shared helpers

function resolvedUser(leaves: DesiredLeaf[]): ResolvedUser {
  return { user: { key: 'someone@example.com', identity: 'someone@example.com', file: 'u.yaml', pos: { file: 'u.yaml', line: 1, column: 1 }, profiles: [] }, layers: [], leaves };
}

/** Paths to the leaves of a body; a secret placeholder and a list are leaves. */
function leafPaths(node: unknown, prefix: string[] = []): string[][] {
  if (!isObject(node) || '$secret' in node) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => leafPaths(value, [...prefix, key]));
}

function resolveBody(body: Settings, secret: string): Settings {
  return JSON.parse(JSON.stringify(body, (_k, v) => (isObject(v) && '$secret' in v ? secret : v))) as Settings;
}

function planFor(variant: Variant, leaves: DesiredLeaf[], live: Settings, secret: string): UserPlan {
  const context = { resolveSecret: (name: string) => (name === SECRET_ENV ? secret : undefined), fingerprint: (v: string) => `fp:${v.length}:${[...v].reverse().join('')}` };
  return buildUserPlan(resolvedUser(leaves), { kind: 'ok', settings: { [variant]: live } }, context);
}

// ---------------------------------------------------------------- settings variants

describe.each(['default', 'meeting_security'] as const)('planning the %s variant', (variant) => {
  const same = (path: readonly string[], a: unknown, b: unknown): boolean => sameSetting(path[path.length - 1]!, fieldAt(variant, path), a, b);

  it('converges, touches only managed keys, and sends only leaves that differ', () => {
    fc.assert(
      fc.property(desiredLeavesFor(variant, SECRET_ENV), liveSettingsFor(variant), fc.string({ minLength: 4, maxLength: 10 }), (leaves, live, secret) => {
        const plan = planFor(variant, leaves, live, secret);
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
            const sent = valueAt(body, leaf.path);
            if (sent !== undefined) expect(same(leaf.path, sent, valueAt(live, leaf.path))).toBe(false);
          }
          after = zoomPatch(after, body);
        }
        for (const leaf of leaves) {
          const desired = leaf.secret ? secret : leaf.value;
          expect({ path: leaf.path, same: same(leaf.path, valueAt(after, leaf.path), desired) }).toEqual({ path: leaf.path, same: true });
        }
        for (const path of leafPaths(live)) {
          const isManaged = leaves.some((l) => l.path.every((key, i) => path[i] === key));
          if (!isManaged) expect(valueAt(after, path)).toEqual(valueAt(live, path));
        }
        const again = planFor(variant, leaves, after, secret);
        expect(again.status).toBe('no-change');
        expect(again.requests).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

// ---------------------------------------------------------------- authentication variants

type AuthVariant = 'meeting_authentication' | 'recording_authentication';

/** The account's profiles (created at account level; a user can only update, show or hide them). */
const ACCOUNT_PROFILES = [
  { id: 'p-signed-in', name: 'Signed-in users' },
  { id: 'p-same-account', name: 'Users in this account' },
  { id: 'p-partners', name: 'Partner domains' },
  { id: 'p-internal', name: 'Internal only' },
];
const DOMAIN_POOL = ['example.com', 'Partner.example.com', 'b.org', 'c.net'];

const looseBoolean = fc.oneof(fc.boolean(), fc.constantFrom('true', 'false'));
const domainList = fc.subarray(DOMAIN_POOL).chain((picked) => fc.constantFrom(picked.join(','), picked.join(', '), picked.map((d) => d.toUpperCase()).join(' ,')));

/** A GET of an auth variant: the toggle (sometimes missing or a string) and the user's copy of the profiles. */
function liveAuthFor(variant: AuthVariant): fc.Arbitrary<Settings> {
  return fc
    .record({
      toggle: fc.option(looseBoolean, { nil: undefined }),
      profiles: fc.array(fc.record({ visible: looseBoolean, domains: domainList }), { minLength: ACCOUNT_PROFILES.length, maxLength: ACCOUNT_PROFILES.length }),
      defaultIndex: fc.integer({ min: -1, max: ACCOUNT_PROFILES.length - 1 }),
    })
    .map(({ toggle, profiles, defaultIndex }) => ({
      ...(toggle === undefined ? {} : { [variant]: toggle }),
      authentication_options: profiles.map((p, i) => ({ ...ACCOUNT_PROFILES[i]!, type: 'enforce_login', visible: p.visible, default_option: i === defaultIndex, domains: p.domains })),
    }));
}

/**
 * Desired leaves of an auth block: maybe the toggle, and for some profiles (named by id, by name or by name in
 * another case) visible, default and domains; at most one default, and a default is visible (validation's rules).
 */
function desiredAuthFor(variant: AuthVariant): fc.Arbitrary<DesiredLeaf[]> {
  const source = { file: 'auth.yaml', line: 1, column: 1 };
  const profile = fc.record(
    {
      how: fc.constantFrom('id', 'name', 'lower'),
      visible: fc.boolean(),
      domains: domainList,
    },
    { requiredKeys: ['how'] },
  );
  return fc
    .record({
      enabled: fc.option(fc.boolean(), { nil: undefined }),
      picked: fc.uniqueArray(fc.integer({ min: 0, max: ACCOUNT_PROFILES.length - 1 }), { maxLength: ACCOUNT_PROFILES.length }),
      settings: fc.array(profile, { minLength: ACCOUNT_PROFILES.length, maxLength: ACCOUNT_PROFILES.length }),
      defaults: fc.array(fc.option(fc.boolean(), { nil: undefined }), { minLength: ACCOUNT_PROFILES.length, maxLength: ACCOUNT_PROFILES.length }),
    })
    .map(({ enabled, picked, settings, defaults }) => {
      const leaves: DesiredLeaf[] = [];
      if (enabled !== undefined) leaves.push({ variant, path: ['enabled'], value: enabled, source });
      let hasDefault = false;
      for (const index of picked) {
        const account = ACCOUNT_PROFILES[index]!;
        const wanted = settings[index]!;
        const key = wanted.how === 'id' ? account.id : wanted.how === 'name' ? account.name : account.name.toLowerCase();
        let isDefault = defaults[index];
        if (isDefault === true && hasDefault) isDefault = false;
        hasDefault ||= isDefault === true;
        const visible = isDefault === true && wanted.visible !== undefined ? true : wanted.visible;
        const options: Array<[string, unknown]> = [['visible', visible], ['default', isDefault], ['domains', wanted.domains]];
        for (const [option, value] of options) if (value !== undefined) leaves.push({ variant, path: ['profiles', key, option], value, source });
      }
      return leaves.length > 0 ? leaves : [{ variant, path: ['enabled'], value: true, source }];
    });
}

/** The oracle's reading of a desired auth leaf in a GET response (a profile found by id, then name, then any case). */
function authValueAt(variant: AuthVariant, settings: Settings, leaf: DesiredLeaf): { name: string; value: unknown } {
  if (leaf.path[0] === 'enabled') return { name: variant, value: settings[variant] };
  const [, key, option] = leaf.path as [string, string, string];
  const profiles = settings.authentication_options as Profile[];
  const profile = profiles.find((p) => p.id === key) ?? profiles.find((p) => p.name === key) ?? profiles.find((p) => p.name.toLowerCase() === key.toLowerCase())!;
  const field = option === 'default' ? 'default_option' : option;
  return { name: field, value: profile[field as keyof Profile] };
}

const BOOLEAN_FIELD = { type: 'boolean' } as FieldSchema;

describe.each(['meeting_authentication', 'recording_authentication'] as const)('planning the %s variant', (variant) => {
  const same = (name: string, a: unknown, b: unknown): boolean => sameSetting(name, name === 'domains' ? undefined : BOOLEAN_FIELD, a, b);

  it('one profile action per request, the toggle with the first; converges; touches only managed profiles and fields', () => {
    fc.assert(
      fc.property(desiredAuthFor(variant), liveAuthFor(variant), (leaves, live) => {
        const plan = planFor(variant, leaves, live, 'unused');
        expect(plan.status === 'change' || plan.status === 'no-change').toBe(true);
        let after = live;
        plan.requests.forEach((request, index) => {
          expect(request.option).toBe(variant);
          const { [variant]: toggle, authentication_option: option, ...rest } = request.body as Settings;
          expect(rest).toEqual({});
          if (index > 0) expect(toggle).toBeUndefined();
          if (option !== undefined) {
            const { action, id, ...fields } = option as Settings;
            expect(['update', 'show', 'hide']).toContain(action);
            expect(ACCOUNT_PROFILES.map((p) => p.id)).toContain(id);
            expect(Object.keys(fields).every((f) => action === 'update' && ['default_option', 'domains'].includes(f))).toBe(true);
          } else {
            expect(toggle).toBeDefined();
          }
          after = zoomPatchAuth(variant, after, request.body as Settings);
        });
        for (const leaf of leaves) {
          const was = authValueAt(variant, live, leaf);
          const now = authValueAt(variant, after, leaf);
          expect({ path: leaf.path, same: same(now.name, now.value, leaf.value) }).toEqual({ path: leaf.path, same: true });
          // A value already as desired is not sent again (it stays exactly as Zoom spelt it).
          if (same(was.name, was.value, leaf.value)) expect(now.value).toEqual(was.value);
        }
        // Nothing unmanaged moved: the toggle when not desired, profiles' other fields (default only through
        // Zoom's "one default" rule when a desired default was set).
        const desiredDefault = leaves.some((l) => l.path[2] === 'default' && l.value === true);
        if (!leaves.some((l) => l.path[0] === 'enabled')) expect(after[variant]).toEqual(live[variant]);
        (after.authentication_options as Profile[]).forEach((profile, i) => {
          const before = (live.authentication_options as Profile[])[i]!;
          const managed = new Set(leaves.filter((l) => l.path[0] === 'profiles' && authProfileId(l.path[1]!) === profile.id).map((l) => l.path[2]));
          if (!managed.has('visible')) expect(profile.visible).toEqual(before.visible);
          if (!managed.has('domains')) expect(profile.domains).toEqual(before.domains);
          if (!managed.has('default') && !desiredDefault) expect(profile.default_option).toEqual(before.default_option);
        });
        const again = planFor(variant, leaves, after, 'unused');
        expect(again.status).toBe('no-change');
        expect(again.requests).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('a profile the account does not have is an error for that user, and nothing is sent', () => {
    const live = { [variant]: true, authentication_options: [{ ...ACCOUNT_PROFILES[0]!, visible: true, default_option: true, domains: '' }] };
    const leaves: DesiredLeaf[] = [{ variant, path: ['profiles', 'No such profile', 'visible'], value: true, source: { file: 'auth.yaml', line: 3, column: 5 } }];
    const plan = planFor(variant, leaves, live, 'unused');
    expect(plan.status).toBe('error');
    expect(plan.requests).toEqual([]);
    expect(plan.error).toContain('"No such profile"');
  });
});

function authProfileId(key: string): string {
  return (ACCOUNT_PROFILES.find((p) => p.id === key) ?? ACCOUNT_PROFILES.find((p) => p.name.toLowerCase() === key.toLowerCase()))!.id;
}
