/**
 * Writes a starter pack as a policies/*.yaml file in the rule language of src/core/policy: one rule per control,
 * its id, title, CIS reference and severity, and the controls left out as comments, so the file explains itself.
 */
import { CIS_CONTROLS, CIS_LEFT_OUT, type PackControl, type PackRequirement } from './cis-zoom.js';

/** A YAML scalar: plain when it cannot be misread, double-quoted (JSON escapes are valid YAML) otherwise. */
function scalar(value: boolean | string | number): string {
  if (typeof value !== 'string') return String(value);
  return /^[a-z][a-z0-9_]*$/.test(value) && !['true', 'false', 'null', 'yes', 'no', 'on', 'off'].includes(value) ? value : JSON.stringify(value);
}

function requirementValue(requirement: PackRequirement, locked: boolean): string {
  const checks: string[] = [];
  if ('equals' in requirement) checks.push(locked ? `equals: ${scalar(requirement.equals)}` : scalar(requirement.equals));
  if ('minimum' in requirement) checks.push(`minimum: ${requirement.minimum}`, ...(requirement.maximum !== undefined ? [`maximum: ${requirement.maximum}`] : []));
  if ('oneOf' in requirement) checks.push(`one_of: [${requirement.oneOf.map(scalar).join(', ')}]`);
  if (locked) checks.push('locked_at: account');
  return checks.length === 1 && 'equals' in requirement && !locked ? checks[0]! : `{ ${checks.join(', ')} }`;
}

/** The rule id of a control: stable, so exceptions written against it survive a regenerated pack. */
export function cisRuleId(control: Pick<PackControl, 'cis'>): string {
  return `cis-zoom-${control.cis}`;
}

function renderRule(control: PackControl): string {
  const lines = [
    `  - id: ${cisRuleId(control)}`,
    `    title: ${JSON.stringify(control.title)}`,
    `    severity: ${control.level === 1 ? 'error' : 'warning'}   # CIS Level ${control.level}`,
    `    reference: ${JSON.stringify(`CIS Zoom ${control.cis}`)}`,
    '    scope: all-users',
    '    require:',
    ...control.require.map((r) => `      ${r.setting}: ${requirementValue(r, control.lockedAtAccount === true)}`),
  ];
  if (control.note) lines.splice(1, 0, `    # ${control.note}`);
  return lines.join('\n');
}

export function renderCisPack(): string {
  const header = [
    '# CIS Zoom Benchmark v1.0.0: the controls expressible over Zoom user settings (written by',
    '# `zoom-settings init --policies cis`). Ids and titles are CIS\'s; Level 1 controls are errors, Level 2 warnings.',
    '# Edit freely: drop a rule, change a severity, or add an exception in exceptions/*.yaml. See docs/cis-zoom.md.',
    '#',
    `# ${CIS_CONTROLS.length} controls below; ${CIS_LEFT_OUT.length} entries left out, and why:`,
    ...CIS_LEFT_OUT.map((c) => `#   ${c.cis} ${c.title}: ${c.reason}`),
    'rules:',
  ];
  return `${header.join('\n')}\n${CIS_CONTROLS.map(renderRule).join('\n')}\n`;
}
