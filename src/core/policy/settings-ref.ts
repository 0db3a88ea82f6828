/**
 * A rule names a setting as an admin writes it under `settings:` (in_meeting.waiting_room,
 * meeting_security.waiting_room, meeting_authentication.enabled). This resolves it against Zoom's settings schema,
 * with a suggestion when it is not one, so a typo in a rule is an error at its file:line:col, never a rule that
 * silently never fails.
 */
import { childField, fieldAt, type FieldSchema } from '../../schema/index.js';
import { lockFor } from '../../schema/hierarchy.js';
import { suggestion } from '../desired/problems.js';
import { AUTH_BLOCKS, SETTINGS_SECTIONS, sectionVariant } from '../desired/validate-settings.js';
import type { SettingRef } from './model.js';

export type SettingLookup = { ok: true; ref: SettingRef; field?: FieldSchema } | { ok: false; message: string };

function childrenOf(field: FieldSchema | undefined): string[] {
  return Object.entries(field?.properties ?? {})
    .filter(([, child]) => child.readable)
    .map(([name]) => name);
}

export function resolveSettingPath(setting: string): SettingLookup {
  const steps = setting.split('.');
  const section = steps[0]!;
  if (!SETTINGS_SECTIONS.includes(section)) {
    return { ok: false, message: `unknown settings section "${section}"${suggestion(section, SETTINGS_SECTIONS)}; a setting is written as under settings:, e.g. in_meeting.waiting_room` };
  }
  const variant = sectionVariant(section);
  if ((AUTH_BLOCKS as readonly string[]).includes(section)) {
    // Only the toggle is a setting a rule can name; the profiles are account objects chosen per user.
    if (steps.length === 2 && steps[1] === 'enabled') return { ok: true, ref: { setting, variant, path: [section], type: 'boolean' } };
    return { ok: false, message: `unknown setting "${setting}"${suggestion(setting, [`${section}.enabled`])}: of ${section}, a rule can name only ${section}.enabled` };
  }
  let field = fieldAt(variant, [section]);
  for (let index = 1; index < steps.length; index += 1) {
    const step = steps[index]!;
    const next = childField(field, step);
    if (!next || !next.readable) {
      const where = steps.slice(0, index).join('.');
      return { ok: false, message: `unknown setting "${setting}": ${where} has no setting "${step}"${suggestion(step, childrenOf(field))}` };
    }
    field = next;
  }
  if (!field || field.type === 'object') {
    const names = childrenOf(field).slice(0, 6).map((name) => `${setting}.${name}`);
    return { ok: false, message: `"${setting}" is a group of settings, not one setting: name one of them (${names.join(', ')}${childrenOf(field).length > 6 ? ', …' : ''})` };
  }
  return { ok: true, ref: { setting, variant, path: steps, type: field.type }, field };
}

/** Whether Zoom has an account or group lock that holds this user setting (lock_settings; hierarchy schema). */
export function isLockable(ref: SettingRef): boolean {
  return lockFor('account', ref.variant, ref.path) !== undefined || lockFor('group', ref.variant, ref.path) !== undefined;
}
