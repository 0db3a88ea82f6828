/**
 * core/compare: the one answer to "same setting value?", one describe per rule, and each place that asks it (diff,
 * apply's stale and verify checks, --changed-since, import) giving that answer.
 */
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { changeState, tookEffect } from '../../src/core/apply/check.js';
import { resolveFor } from '../../src/core/hierarchy/resolve.js';
import { settingsComparison, USER_SETTINGS } from '../../src/core/compare/index.js';
import type { DesiredLeaf } from '../../src/core/desired/merge.js';
import { leafKeyOf, type ImportLeaf } from '../../src/core/import/live-leaves.js';
import { splitShared } from '../../src/core/import/shared-defaults.js';
import { leafKey, unchangedSinceBase } from '../../src/core/plan/build-user-plan.js';
import { diffAuthVariant } from '../../src/core/plan/diff-auth.js';
import { diffSettingsVariant } from '../../src/core/plan/diff-settings.js';
import type { PlannedChange } from '../../src/core/plan/types.js';
import { buildSettingsSchema } from '../../src/schema/build.js';
import { VENDORED_OPENAPI } from '../../src/schema/generate.js';
import type { FieldSchema, Variant } from '../../src/schema/index.js';
import { SCHEMA_OVERLAY, type OverlayEntry } from '../../src/schema/overlay.js';

const source = { file: 'users/a.yaml', line: 3, column: 5 };
const secrets = { resolveSecret: () => undefined, fingerprint: (v: string) => `fp:${v}` };
const leaf = (variant: Variant, path: string[], value: unknown): DesiredLeaf => ({ variant, path, value, source });
const change = (variant: Variant, locator: string[], before: unknown, after: unknown): PlannedChange => ({
  variant,
  path: locator.join('.'),
  locator,
  before,
  after,
  source,
});
const equal = (variant: Variant, path: string[], a: unknown, b: unknown) => USER_SETTINGS.equal(variant, path, a, b);

const REGIONS = ['in_meeting', 'data_center_regions'];
const UNCHECKED_REGIONS = ['in_meeting', 'unchecked_data_center_regions'];
const BLOCKED = ['meeting_security', 'block_user_domain_list'];
const WAITING_DOMAINS = ['meeting_security', 'waiting_room_settings', 'whitelisted_domains_for_waiting_room'];

describe('set-like lists (marked `set` in the schema overlay)', () => {
  it('compare as sets: order and repeats carry no meaning', () => {
    expect(equal('default', REGIONS, ['US', 'DE'], ['DE', 'US', 'US'])).toBe(true);
    expect(equal('meeting_security', BLOCKED, ['b.com', 'a.com'], ['a.com', 'b.com'])).toBe(true);
    expect(equal('default', REGIONS, ['US', 'DE'], ['US'])).toBe(false);
  });

  it('a list the overlay does not mark compares by position', () => {
    expect(equal('default', UNCHECKED_REGIONS, ['US', 'DE'], ['DE', 'US'])).toBe(false);
    expect(equal('default', UNCHECKED_REGIONS, ['US', 'DE'], ['US', 'DE'])).toBe(true);
  });

  it('the diff plans no change for a reordered set-like list, and one for a changed one', () => {
    const live = { in_meeting: { data_center_regions: ['DE', 'US'] } };
    expect(diffSettingsVariant('default', [leaf('default', REGIONS, ['US', 'DE'])], live, secrets).changes).toEqual([]);
    expect(diffSettingsVariant('default', [leaf('default', REGIONS, ['US'])], live, secrets).changes).toHaveLength(1);
  });
});

describe('the set-like lists come from the schema overlay, not from names in code', () => {
  const raw = readFileSync(VENDORED_OPENAPI);
  const doc = JSON.parse(raw.toString('utf8'));
  const sha = createHash('sha256').update(raw).digest('hex');
  const comparisonWith = (overlay: readonly OverlayEntry[]) => {
    const schema = buildSettingsSchema(doc, sha, overlay);
    const lookup = (variant: Variant, path: readonly string[]): FieldSchema | undefined => {
      let node: FieldSchema | undefined = schema.variants[variant].root;
      for (const step of path) node = step === '[]' ? node?.items : node?.properties?.[step];
      return node;
    };
    return settingsComparison(lookup);
  };

  it('marking a list `set` in the overlay makes its order irrelevant; unmarking one makes it count', () => {
    const marked = comparisonWith([...SCHEMA_OVERLAY, { variant: 'default', path: UNCHECKED_REGIONS, compareAs: 'set', source: 'a test' }]);
    expect(marked.equal('default', UNCHECKED_REGIONS, ['US', 'DE'], ['DE', 'US'])).toBe(true);
    const unmarked = comparisonWith(SCHEMA_OVERLAY.filter((entry) => entry.path.join('.') !== REGIONS.join('.')));
    expect(unmarked.equal('default', REGIONS, ['US', 'DE'], ['DE', 'US'])).toBe(false);
  });

  it('refuses a mark the field cannot take (a boolean is no set)', () => {
    expect(() => comparisonWith([{ variant: 'default', path: ['in_meeting', 'chat'], compareAs: 'set', source: 'a test' }])).toThrow(
      /in_meeting\.chat is a boolean, not comparable as set/,
    );
  });
});

describe('domain lists (marked `domain-set`)', () => {
  it('compare as sets of trimmed, lower-cased domains', () => {
    expect(equal('meeting_security', WAITING_DOMAINS, 'B.com, a.com', 'a.com,b.com')).toBe(true);
    expect(equal('meeting_security', WAITING_DOMAINS, 'a.com', 'a.com,b.com')).toBe(false);
  });
});

describe('authentication profiles: one mapping from desired options to GET fields', () => {
  const PROFILE = ['authentication_options', 'p1'];
  const live = {
    meeting_authentication: true,
    authentication_options: [{ id: 'p1', name: 'Corp', visible: 'true', default_option: false, domains: 'b.com,a.com' }],
  };

  it('a desired path and a plan locator name the same field', () => {
    expect(USER_SETTINGS.field('meeting_authentication', ['profiles', 'Corp', 'default'])).toBe(
      USER_SETTINGS.field('meeting_authentication', [...PROFILE, 'default_option']),
    );
    expect(USER_SETTINGS.field('meeting_authentication', ['profiles', 'Corp', 'default'])?.type).toBe('boolean');
    expect(USER_SETTINGS.field('recording_authentication', ['enabled'])).toBe(USER_SETTINGS.field('recording_authentication', ['recording_authentication']));
    expect(USER_SETTINGS.field('meeting_authentication', ['profiles', 'Corp', 'domains'])?.compareAs).toBe('domain-set');
  });

  it('the diff reads profile fields through it: loosely typed booleans and reordered domains are no change', () => {
    const leaves = [
      leaf('meeting_authentication', ['profiles', 'Corp', 'visible'], true),
      leaf('meeting_authentication', ['profiles', 'corp', 'domains'], 'A.com, b.com'),
      leaf('meeting_authentication', ['profiles', 'p1', 'default'], true),
    ];
    const diff = diffAuthVariant('meeting_authentication', leaves, live);
    expect(diff.changes.map((c) => c.change.locator)).toEqual([[...PROFILE, 'default_option']]);
  });

  it('the stale and verify checks read them through it too', () => {
    const domains = change('meeting_authentication', [...PROFILE, 'domains'], 'a.com', 'a.com,b.com');
    expect(changeState(domains, { meeting_authentication: live }, secrets)).toBe('done');
    const visible = change('meeting_authentication', [...PROFILE, 'visible'], false, true);
    expect(tookEffect(visible, { meeting_authentication: live }, secrets)).toBe(true);
  });
});

describe('enums and coded integers', () => {
  const WAITING_ROOM_TYPE = ['meeting_security', 'waiting_room_settings', 'participants_to_place_in_waiting_room'];
  const ENCRYPTION = ['meeting_security', 'encryption_type'];

  it('a coded integer Zoom returns as a string is its number', () => {
    expect(equal('meeting_security', WAITING_ROOM_TYPE, '2', 2)).toBe(true);
    expect(equal('meeting_security', WAITING_ROOM_TYPE, '2', 1)).toBe(false);
    expect(equal('default', ['in_meeting', 'chat'], 'true', true)).toBe(true);
  });

  it('an enumerated string compares as written (no case folding, no type guessing)', () => {
    expect(equal('meeting_security', ENCRYPTION, 'E2EE', 'e2ee')).toBe(false);
    expect(equal('meeting_security', ENCRYPTION, 'e2ee', 'e2ee')).toBe(true);
    expect(equal('default', ['recording', 'auto_recording'], 'true', true)).toBe(false);
  });
});

describe('null and absent', () => {
  it('a value Zoom did not return differs from null and from any value', () => {
    expect(equal('default', ['in_meeting', 'chat'], undefined, null)).toBe(false);
    expect(equal('default', ['in_meeting', 'chat'], null, null)).toBe(true);
    expect(diffSettingsVariant('default', [leaf('default', ['in_meeting', 'chat'], true)], { in_meeting: {} }, secrets).changes[0]?.change.before).toBeNull();
  });

  it('the stale check reads an absent value as the null the plan recorded for it', () => {
    const planned = change('default', ['in_meeting', 'chat'], null, true);
    expect(changeState(planned, { default: { in_meeting: {} } }, secrets)).toBe('pending');
    expect(changeState(planned, { default: { in_meeting: { chat: false } } }, secrets)).toBe('stale');
  });
});

describe('objects compare by their keys in any order', () => {
  const FILES = ['tsp', 'call_out_countries'];

  it('a re-read listing the same objects with keys in another order is not stale', () => {
    // JSON.stringify put the keys' order in the old stale check: this re-read read as "someone changed it".
    const planned = change('default', FILES, [{ code: '1', name: 'US' }], [{ code: '49', name: 'DE' }]);
    expect(changeState(planned, { default: { tsp: { call_out_countries: [{ name: 'US', code: '1' }] } } }, secrets)).toBe('pending');
    expect(changeState(planned, { default: { tsp: { call_out_countries: [{ name: 'DE', code: '49' }] } } }, secrets)).toBe('done');
  });
});

describe('--changed-since: desired at the base ref against desired now', () => {
  const baseline = (...leaves: DesiredLeaf[]) => new Map(leaves.map((l) => [leafKey(l), l.value]));

  it('a reordered set-like list or domain list is not a change the branch made', () => {
    const before = leaf('default', REGIONS, ['US', 'DE']);
    expect(unchangedSinceBase(leaf('default', REGIONS, ['DE', 'US']), baseline(before))).toBe(true);
    const domains = leaf('meeting_authentication', ['profiles', 'Corp', 'domains'], 'a.com,b.com');
    expect(unchangedSinceBase(leaf('meeting_authentication', ['profiles', 'Corp', 'domains'], 'b.com, a.com'), baseline(domains))).toBe(true);
  });

  it('a changed value, or a setting the base did not have, is', () => {
    expect(unchangedSinceBase(leaf('default', REGIONS, ['US']), baseline(leaf('default', REGIONS, ['US', 'DE'])))).toBe(false);
    expect(unchangedSinceBase(leaf('default', REGIONS, ['US']), baseline())).toBe(false);
  });
});

describe('import: which value users share', () => {
  it('users whose region lists differ only in order share one value in defaults', () => {
    const users = ['a', 'b', 'c'].map((name, i) => ({
      key: `${name}@example.com`,
      leaves: [{ key: leafKeyOf(REGIONS), path: REGIONS, value: i === 1 ? ['DE', 'US'] : ['US', 'DE'], highImpact: false, rank: 1 } satisfies ImportLeaf],
    }));
    const split = splitShared(users, 1);
    expect(split.defaults.map((l) => l.value)).toEqual([['US', 'DE']]);
    expect(split.users.every((u) => u.leaves.length === 0)).toBe(true);
  });
});

describe('group locks: whether the user\'s groups lock to one value', () => {
  const group = (id: string, chat: unknown) => ({ id, name: id, settings: { default: { in_meeting: { chat } } }, locks: { default: { in_meeting: { chat: true } } } });
  const account = { settings: {}, locks: {} };

  it('a value one group returns as "true" and another as true is one value, not an ambiguity', () => {
    const resolution = resolveFor(account, [group('Sales', true), group('Support', 'true')], 'default', ['in_meeting', 'chat']);
    expect(resolution.hold).toMatchObject({ by: 'group', ambiguous: false, value: true });
    const differing = resolveFor(account, [group('Sales', true), group('Support', false)], 'default', ['in_meeting', 'chat']);
    expect(differing.hold).toMatchObject({ by: 'group', ambiguous: true });
  });
});
