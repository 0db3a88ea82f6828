/**
 * Generated from the official schema, not hand-listed: every settable field of every variant is accepted with a
 * valid value and rejected with a value of the wrong type.
 */
import { describe, expect, it } from '@jest/globals';
import { dump } from 'js-yaml';
import { parseYaml } from '../../src/core/desired/parse-yaml.js';
import type { Problem } from '../../src/core/desired/problems.js';
import { validateSettings } from '../../src/core/desired/validate-settings.js';
import { schemaLeaves, type FieldSchema } from '../../src/schema/index.js';
import { nest, validValue, wrongTypeValue } from '../helpers/schema-values.js';

function problemsFor(settings: Record<string, unknown>): Problem[] {
  const parsed = parseYaml(dump(settings), 'settings.yaml');
  expect(parsed.problems).toEqual([]);
  const problems: Problem[] = [];
  validateSettings(parsed.root!, problems);
  return problems.filter((p) => p.severity === 'error');
}

/** The leaf's value nested at its path, with `allow_high_impact: true` beside it when the field needs the opt-in. */
function withOptIn(path: string[], field: FieldSchema, value: unknown): Record<string, unknown> {
  const settings = nest(path, value);
  if (field.highImpact) {
    const parent = path.slice(0, -1).reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, settings);
    parent.allow_high_impact = true;
  }
  return settings;
}

// Settable leaves of the two variants whose fields an admin writes directly (the authentication variants are
// written as `enabled` + `profiles` blocks, tested below). Fields deprecated by Zoom are accepted with a warning.
const leaves = [
  ...schemaLeaves('default', (f) => f.settable && f.readable),
  ...schemaLeaves('meeting_security', (f) => f.settable && f.readable),
].filter((leaf) => !leaf.path.includes('[]'));

// Settable but never returned by GET (zoom-api-facts.md §9.3): derived from the schema, not a list of names.
const writeOnly = [
  ...schemaLeaves('default', (f) => f.settable && !f.readable),
  ...schemaLeaves('meeting_security', (f) => f.settable && !f.readable),
];

describe('every settable field in the official schema', () => {
  it('covers the variants (sanity: the generator found them)', () => {
    expect(leaves.length).toBeGreaterThan(230);
  });

  it.each(leaves.map((l) => [l.path.join('.'), l] as const))('%s accepts a valid value and rejects a wrong type', (dotted, leaf) => {
    expect(problemsFor(withOptIn(leaf.path, leaf.field, validValue(leaf.field)))).toEqual([]);
    const rejected = problemsFor(withOptIn(leaf.path, leaf.field, wrongTypeValue(leaf.field)));
    expect(rejected.map((p) => p.path)).toContain(dotted);
  });

  it('refuses every write-only field with the reason, whatever its value (today in_meeting.auto_answer)', () => {
    expect(writeOnly.map((l) => l.path.join('.'))).toContain('in_meeting.auto_answer');
    for (const leaf of writeOnly) {
      const problems = problemsFor(withOptIn(leaf.path, leaf.field, validValue(leaf.field)));
      expect(problems).toEqual([
        expect.objectContaining({
          path: leaf.path.join('.'),
          severity: 'error',
          message: "write-only: Zoom's GET never returns it, so the tool cannot verify it; set it in the Zoom portal instead",
        }),
      ]);
    }
  });

  it.each(['meeting_authentication', 'recording_authentication'])('%s: enabled and profiles accept booleans and reject text', (block) => {
    expect(problemsFor({ [block]: { enabled: true, profiles: { 'Signed-in users': { visible: true, default: true, domains: 'example.com' } } } })).toEqual([]);
    const rejected = problemsFor({ [block]: { enabled: 'on', profiles: { 'Signed-in users': { visible: 'yes' } } } });
    expect(rejected.map((p) => p.path).sort()).toEqual([`${block}.enabled`, `${block}.profiles.Signed-in users.visible`]);
  });

  it('rejects a high-impact field without the opt-in beside it, and accepts it with the opt-in', () => {
    expect(problemsFor({ feature: { zoom_phone: false } }).map((p) => p.message)).toEqual([expect.stringContaining('allow_high_impact: true')]);
    expect(problemsFor({ feature: { allow_high_impact: true, zoom_phone: false } })).toEqual([]);
  });
});
