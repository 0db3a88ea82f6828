/**
 * The editor schemas for policies/*.yaml and exceptions/*.yaml (desired-state/.schema/) agree with the parser on
 * the issue's smallest form and the examples, and refuse what the parser refuses first (an unknown setting).
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { KIOSK, MEETINGS } from '../helpers/policy-fixtures.js';

const ajv = new Ajv({ allErrors: true, strict: false });
const policies = ajv.compile(JSON.parse(readFileSync('desired-state/.schema/policies.schema.json', 'utf8')) as object);
const exceptions = ajv.compile(JSON.parse(readFileSync('desired-state/.schema/exceptions.schema.json', 'utf8')) as object);
const load = (text: string): unknown => loadYaml(text, { schema: CORE_SCHEMA });
const yamlFiles = (dir: string): string[] => readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => readFileSync(`${dir}/${f}`, 'utf8'));

describe('editor schemas for policies and exceptions', () => {
  it('accept issue 17 item 6 as written, and the examples in desired-state/', () => {
    expect([policies(load(MEETINGS)), policies.errors]).toEqual([true, null]);
    expect([exceptions(load(KIOSK)), exceptions.errors]).toEqual([true, null]);
    for (const text of yamlFiles('desired-state/policies')) expect([policies(load(text)), policies.errors]).toEqual([true, null]);
    for (const text of yamlFiles('desired-state/exceptions')) expect([exceptions(load(text)), exceptions.errors]).toEqual([true, null]);
  });

  it('refuse an unknown setting, a wrong type, an unknown check, an exception without expires', () => {
    expect(policies(load(MEETINGS.replace('in_meeting.waiting_room', 'in_meeting.waitng_room')))).toBe(false);
    expect(policies(load(MEETINGS.replace('waiting_room: true', 'waiting_room: 3')))).toBe(false);
    expect(policies(load(MEETINGS.replace('waiting_room: true', 'waiting_room: { equal: true }')))).toBe(false);
    expect(exceptions(load(KIOSK.replace(/\n.*expires.*\n/, '\n')))).toBe(false);
  });
});
