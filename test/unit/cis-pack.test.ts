/** The CIS starter pack names only settings Zoom's user settings schema has, readable (a live check reads them). */
import { describe, expect, it } from '@jest/globals';
import { load } from 'js-yaml';
import { CIS_CONTROLS, CIS_LEFT_OUT } from '../../src/core/packs/cis-zoom.js';
import { cisRuleId, renderCisPack } from '../../src/core/packs/render-pack.js';
import { sectionVariant } from '../../src/core/desired/validate-settings.js';
import { fieldAt } from '../../src/schema/index.js';
import { parsePolicies } from '../../src/core/policy/index.js';

/** A settings path as written under `settings:` → the schema field (auth blocks: their toggle is the variant's own field). */
function fieldOf(setting: string) {
  const steps = setting.split('.');
  const variant = sectionVariant(steps[0]!);
  if (variant === 'meeting_authentication' || variant === 'recording_authentication') return steps[1] === 'enabled' && steps.length === 2 ? fieldAt(variant, [variant]) : undefined;
  return fieldAt(variant, steps);
}

describe('the CIS Zoom starter pack', () => {
  const requirements = CIS_CONTROLS.flatMap((control) => control.require.map((r) => ({ control: control.cis, ...r })));

  it('names only settings that exist in the user settings schema and that Zoom GET returns, with values of their type', () => {
    const wrong = requirements.filter((r) => {
      const field = fieldOf(r.setting);
      if (!field?.readable) return true;
      const values = 'equals' in r ? [r.equals] : 'oneOf' in r ? r.oneOf : [r.minimum];
      return values.some((value) => (field.type === 'integer' ? !Number.isInteger(value) : typeof value !== field.type) || (field.enum !== undefined && 'equals' in r && !field.enum.includes(value as never)));
    });
    expect(wrong).toEqual([]);
    expect(requirements.length).toBeGreaterThan(90);
  });

  it('has each CIS id once, in the pack or in the left-out list, never both', () => {
    const ids = [...CIS_CONTROLS.map((c) => c.cis), ...CIS_LEFT_OUT.map((c) => c.cis)];
    expect(new Set(ids).size).toBe(ids.length);
    expect(CIS_LEFT_OUT.every((c) => c.reason.length > 20)).toBe(true);
  });

  it('renders as YAML: one rule per control with its CIS reference and title, Level 1 as errors', () => {
    const parsed = load(renderCisPack()) as { rules: Array<{ id: string; title: string; severity: string; reference: string; scope: string; require: Record<string, unknown> }> };
    expect(parsed.rules.map((r) => r.id)).toEqual(CIS_CONTROLS.map(cisRuleId));
    const waitingRoom = parsed.rules.find((r) => r.reference === 'CIS Zoom 1.1.1.2');
    expect(waitingRoom).toEqual({ id: 'cis-zoom-1.1.1.2', title: 'Ensure waiting room is set to enabled', severity: 'error', reference: 'CIS Zoom 1.1.1.2', scope: 'all-users', require: { 'meeting_security.waiting_room': true } });
    expect(parsed.rules.find((r) => r.reference === 'CIS Zoom 1.1.2.4')?.require).toEqual({ 'schedule_meeting.join_before_host': { equals: false, locked_at: 'account' } });
    expect(parsed.rules.find((r) => r.reference === 'CIS Zoom 1.1.1.1.1')?.require).toEqual({ 'meeting_security.meeting_password_requirement.length': { minimum: 6 } });
    expect(parsed.rules.filter((r) => r.severity === 'warning').length).toBe(CIS_CONTROLS.filter((c) => c.level === 2).length);
  });

  it('is a valid policy file for the policy engine: every rule parsed, no problem, locks and ranges as written', () => {
    const parsed = parsePolicies([{ path: 'ds/policies/cis-zoom.yaml', relPath: 'policies/cis-zoom.yaml', text: renderCisPack() }]);
    expect(parsed.problems).toEqual([]);
    expect(parsed.policySet.rules.map((r) => r.id)).toEqual(CIS_CONTROLS.map(cisRuleId));
    const jbh = parsed.policySet.rules.find((r) => r.id === 'cis-zoom-1.1.2.4')!;
    expect(jbh.requirements.map((r) => [r.setting.setting, r.equals, r.lockedAt])).toEqual([['schedule_meeting.join_before_host', false, 'account']]);
    const length = parsed.policySet.rules.find((r) => r.id === 'cis-zoom-1.1.2.1.2')!;
    expect(length.requirements.map((r) => [r.minimum, r.maximum])).toEqual([[8, 32]]);
    expect(parsed.policySet.rules.find((r) => r.id === 'cis-zoom-1.1.1.9')!.requirements[0]!.setting).toMatchObject({ variant: 'meeting_authentication', path: ['meeting_authentication'] });
  });
});
