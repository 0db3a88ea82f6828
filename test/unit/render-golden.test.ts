/**
 * Golden files for the three renderings of one fixed plan (test/fixtures/golden/). After an intended change to a
 * renderer, regenerate them with UPDATE_GOLDEN=1 and review the diff.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Plan } from '../../src/core/plan/types.js';
import { jsonRenderer } from '../../src/core/render/json.js';
import { markdownRenderer } from '../../src/core/render/markdown.js';
import { renderPlan } from '../../src/core/render/renderer.js';
import { textRenderer } from '../../src/core/render/text.js';
import { sha256Hasher } from '../../src/io/secrets.js';

const DIR = 'test/fixtures/golden';
const plan = JSON.parse(readFileSync(`${DIR}/plan-value.json`, 'utf8')) as Plan;

const renderings = {
  'plan.txt': () => renderPlan(textRenderer({ color: false }), plan),
  'plan.md': () => renderPlan(markdownRenderer({ artifactHint: 'the plan.json artifact', marker: '<!-- zoom-settings-plan -->' }), plan),
  'plan.json': () => renderPlan(jsonRenderer(sha256Hasher()), plan),
};

describe('renderings of a fixed plan', () => {
  it.each(Object.entries(renderings))('%s matches its golden file', (name, render) => {
    const output = render();
    if (process.env.UPDATE_GOLDEN) writeFileSync(`${DIR}/${name}`, output);
    expect(output).toBe(readFileSync(`${DIR}/${name}`, 'utf8'));
  });

  it('the JSON rendering is the plan value itself, plus its checksum', () => {
    const parsed = JSON.parse(renderings['plan.json']()) as Plan & { checksum: string };
    const { checksum, ...rest } = parsed;
    expect(rest).toEqual(plan);
    expect(checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('never shows a secret: sensitive values render as (sensitive) everywhere', () => {
    for (const render of Object.values(renderings)) {
      const output = render();
      expect(output).not.toMatch(/"pmi_password":"\d/);
    }
    expect(renderings['plan.txt']()).toContain('schedule_meeting.pmi_password: (sensitive) → (sensitive)');
    expect(renderings['plan.md']()).toContain('`(sensitive)`');
  });
});
