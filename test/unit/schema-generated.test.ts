import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { generatedFiles } from '../../src/schema/generate.js';
import { fieldAt, schemaLeaves, SETTINGS_SCHEMA, VARIANTS } from '../../src/schema/index.js';

describe('generated schema', () => {
  it('is up to date with the vendored OpenAPI document (run `npm run schema` when this fails)', () => {
    for (const file of generatedFiles('.')) {
      expect({ path: file.path, content: readFileSync(file.path, 'utf8') }).toEqual({ path: file.path, content: file.content });
    }
  });

  it('keys fields by (variant, path): pmi_password is a secret string in schedule_meeting and a boolean in meeting_security', () => {
    expect(fieldAt('default', ['schedule_meeting', 'pmi_password'])).toMatchObject({ type: 'string', secret: true, settable: true });
    expect(fieldAt('meeting_security', ['meeting_security', 'pmi_password'])).toMatchObject({ type: 'boolean', settable: true });
    expect(fieldAt('meeting_security', ['meeting_security', 'pmi_password'])?.secret).toBeUndefined();
  });

  it('marks the secrets: every passcode-valued string and nothing else', () => {
    const secrets = VARIANTS.flatMap((v) => schemaLeaves(v, (f) => f.secret === true).map((l) => `${v}:${l.path.join('.')}`));
    expect(secrets.sort()).toEqual(['default:schedule_meeting.default_password_for_scheduled_meetings', 'default:schedule_meeting.pmi_password']);
  });

  it('marks every feature.* field and schedule_meeting.personal_meeting high impact', () => {
    const feature = schemaLeaves('default').filter((l) => l.path[0] === 'feature');
    expect(feature.length).toBeGreaterThan(20);
    for (const leaf of feature) expect(leaf.field.highImpact).toBe(true);
    expect(fieldAt('default', ['schedule_meeting', 'personal_meeting'])?.highImpact).toBe(true);
    expect(fieldAt('default', ['in_meeting', 'chat'])?.highImpact).toBeUndefined();
  });

  it('marks GET-only fields not settable (zoom-api-facts.md §4.4) and PATCH-only fields not readable', () => {
    for (const path of ['in_meeting.transfer_meetings_between_devices', 'feature.cn_meeting', 'profile.recording_storage_location.allowed_values', 'whiteboard.in_meeting_advanced_whiteboard']) {
      expect({ path, settable: fieldAt('default', path.split('.'))?.settable }).toEqual({ path, settable: false });
    }
    expect(fieldAt('default', ['in_meeting', 'auto_answer'])).toMatchObject({ settable: true, readable: false });
    expect(fieldAt('meeting_authentication', ['authentication_options'])).toMatchObject({ settable: false, readable: true });
  });

  it('keeps constraints: enum, maximum, maxItems with item constraints, default, deprecated, first sentence', () => {
    expect(fieldAt('default', ['in_meeting', 'allow_participants_chat_with'])?.enum).toEqual([1, 2, 3, 4]);
    expect(fieldAt('default', ['recording', 'recording_password_requirement', 'length'])?.maximum).toBe(10);
    const domains = fieldAt('meeting_security', ['meeting_security', 'block_user_domain_list']);
    expect(domains).toMatchObject({ maxItems: 20, items: { type: 'string', minLength: 5, maxLength: 30 } });
    expect(fieldAt('default', ['in_meeting', 'entry_exit_chime'])?.default).toBe('all');
    expect(fieldAt('default', ['recording', 'recording_disclaimer'])?.deprecated).toBe(true);
    expect(fieldAt('default', ['in_meeting', 'allow_participants_chat_with'])?.description).toBe('Who participants can chat with');
  });

  it('records where it came from', () => {
    expect(SETTINGS_SCHEMA.sourceSha256).toBe('7840911a1541b1c6666ddaf833a8de703c4e974631c00ac8ab018a97bb4e513d');
    expect(SETTINGS_SCHEMA.sourceTitle).toBe('Users');
  });
});
