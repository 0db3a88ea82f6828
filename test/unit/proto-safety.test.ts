/**
 * Keys from YAML and from servers never walk an object's prototype: `__proto__`, `constructor`, `prototype` and
 * inherited names such as `toString` are plain keys (or unknown settings), in pointers, schema lookups, merge,
 * diff and the request bodies built from them.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { buildDesiredState } from '../../src/core/desired/documents.js';
import { Resolver } from '../../src/core/desired/merge.js';
import { toPlain } from '../../src/core/desired/source.js';
import { parseYaml } from '../../src/core/desired/parse-yaml.js';
import { buildUserPlan } from '../../src/core/plan/build-user-plan.js';
import { getAt, setAt } from '../../src/core/plan/json-pointer.js';
import { fieldAt } from '../../src/schema/index.js';

const SECRETS = { resolveSecret: () => undefined, fingerprint: (v: string) => `fp:${v.length}` };

afterEach(() => {
  // Nothing may have reached Object.prototype.
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).visible).toBeUndefined();
});

describe('json pointers', () => {
  it('setAt writes __proto__, constructor and prototype as own keys', () => {
    const root: Record<string, unknown> = {};
    setAt(root, ['authentication_options', '__proto__', 'visible'], true);
    setAt(root, ['constructor', 'prototype', 'x'], 1);
    expect(JSON.parse(JSON.stringify(root))).toEqual(JSON.parse('{"authentication_options":{"__proto__":{"visible":true}},"constructor":{"prototype":{"x":1}}}'));
    expect(getAt(root, ['authentication_options', '__proto__', 'visible'])).toBe(true);
  });

  it('getAt never returns an inherited property', () => {
    expect(getAt({}, ['toString'])).toBeUndefined();
    expect(getAt({ a: {} }, ['a', 'constructor'])).toBeUndefined();
    expect(getAt({}, ['__proto__'])).toBeUndefined();
  });

  it('a YAML mapping with a __proto__ key stays a plain key', () => {
    const parsed = parseYaml('__proto__:\n  polluted: true\nconstructor: 1\n', 'x.yaml');
    const plain = toPlain(parsed.root!) as Record<string, unknown>;
    expect(Object.keys(plain)).toEqual(['__proto__', 'constructor']);
    expect(plain.__proto__).toEqual({ polluted: true });
    expect((plain as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('schema lookups', () => {
  it.each(['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf'])('%s is no field', (name) => {
    expect(fieldAt('default', ['in_meeting', name])).toBeUndefined();
    expect(fieldAt('default', [name])).toBeUndefined();
  });

  it('a setting named toString is reported unknown, not "not settable"', () => {
    const built = buildDesiredState([
      { path: 'ds/users/a.yaml', relPath: 'users/a.yaml', text: 'a@example.com:\n  settings:\n    in_meeting:\n      toString: true\n      constructor: true\n' },
    ]);
    expect(built.problems.map((p) => `${p.path}: ${p.message}`)).toEqual(['in_meeting.toString: unknown setting', 'in_meeting.constructor: unknown setting']);
  });
});

describe('a server reply with an authentication profile id "__proto__"', () => {
  const built = buildDesiredState([
    {
      path: 'ds/users/a.yaml',
      relPath: 'users/a.yaml',
      text: 'a@example.com:\n  settings:\n    meeting_authentication:\n      profiles:\n        Signed-in:\n          visible: true\n',
    },
  ]);
  const resolved = new Resolver(built.state).resolve(built.state.users[0]!);

  it('plans exactly the requested show, and no hide of another profile', () => {
    const live = JSON.parse(
      '{"meeting_authentication":true,"authentication_options":[{"id":"__proto__","name":"Signed-in","visible":false},{"id":"other","name":"Other","visible":true}]}',
    ) as Record<string, unknown>;
    const plan = buildUserPlan(resolved, { kind: 'ok', settings: { meeting_authentication: live } }, SECRETS);
    expect(plan.status).toBe('change');
    expect(plan.requests.map((r) => r.body)).toEqual([{ authentication_option: { action: 'show', id: '__proto__' } }]);
  });

  it('and none at all when that profile is already visible', () => {
    const live = JSON.parse('{"authentication_options":[{"id":"__proto__","name":"Signed-in","visible":true},{"id":"other","name":"Other","visible":false}]}') as Record<string, unknown>;
    const plan = buildUserPlan(resolved, { kind: 'ok', settings: { meeting_authentication: live } }, SECRETS);
    expect(plan.status).toBe('no-change');
  });
});
