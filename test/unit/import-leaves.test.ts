/** core/import: which live values an import writes, in which shape, and which it skips (and why). */
import { describe, expect, it } from '@jest/globals';
import { UsageError } from '../../src/core/errors.js';
import { createLeafChecker } from '../../src/core/import/leaf-check.js';
import { coerceLive, importLeaves, type LiveSettings } from '../../src/core/import/live-leaves.js';
import { DEFAULT_INCLUDE, importScope } from '../../src/core/import/scope.js';
import { fieldAt } from '../../src/schema/index.js';

const check = createLeafChecker();
const byPath = (live: LiveSettings, include?: string[]) => {
  const result = importLeaves(live, importScope(include), check);
  return { values: new Map(result.leaves.map((l) => [l.path.join('.'), l.value])), leaves: result.leaves, skipped: result.skipped };
};

describe('importScope', () => {
  it('defaults to every section but feature, reading all four variants', () => {
    const scope = importScope();
    expect(scope.sections.has('feature')).toBe(false);
    expect(scope.sections.has('in_meeting')).toBe(true);
    expect(scope.sections.has('meeting_security')).toBe(true);
    expect(scope.sections.has('meeting_authentication')).toBe(true);
    expect(scope.highImpact).toBe(false);
    expect(scope.variants).toEqual(['default', 'meeting_security', 'meeting_authentication', 'recording_authentication']);
    expect([...scope.sections].sort()).toEqual([...DEFAULT_INCLUDE].sort());
  });

  it('reads only the variants the named sections live in', () => {
    expect(importScope(['in_meeting']).variants).toEqual(['default']);
    expect(importScope(['meeting_security']).variants).toEqual(['meeting_security']);
    expect(importScope(['recording_authentication', 'recording']).variants).toEqual(['default', 'recording_authentication']);
  });

  it('opts in to high-impact settings when feature is named, alone or with "default"', () => {
    expect(importScope(['default', 'feature']).highImpact).toBe(true);
    expect(importScope(['all']).sections.has('feature')).toBe(true);
    expect(importScope(['feature']).sections.size).toBe(1);
  });

  it('refuses an unknown section with a suggestion', () => {
    expect(() => importScope(['in_meeting', 'recordings'])).toThrow(UsageError);
    expect(() => importScope(['recordings'])).toThrow(/unknown section "recordings" \(did you mean "recording"\?\)/);
  });
});

describe('coerceLive', () => {
  it.each([
    [['in_meeting', 'chat'], 'true', true],
    [['in_meeting', 'chat'], 'false', false],
    [['in_meeting', 'chat'], 'yes', 'yes'],
    [['recording', 'auto_delete_cmr_days'], '90', 90],
    [['recording', 'auto_delete_cmr_days'], ' 60 ', 60],
    [['recording', 'auto_delete_cmr_days'], '9x', '9x'],
    [['in_meeting', 'entry_exit_chime'], 'all', 'all'],
  ])('%j: %j → %j', (path, live, expected) => {
    expect(coerceLive(fieldAt('default', path), live)).toEqual(expected);
  });
});

describe('importLeaves', () => {
  it('writes settable values with the schema type, as the planner compares them', () => {
    const { values, skipped } = byPath({
      default: { in_meeting: { chat: 'true', entry_exit_chime: 'host' }, recording: { auto_delete_cmr_days: '60' } },
    });
    expect(values.get('in_meeting.chat')).toBe(true);
    expect(values.get('in_meeting.entry_exit_chime')).toBe('host');
    expect(values.get('recording.auto_delete_cmr_days')).toBe(60);
    expect(skipped).toEqual([]);
  });

  it('never writes GET-only, deprecated or secret fields', () => {
    const { values, skipped } = byPath({
      default: {
        audio_conferencing: { toll_call: { enable: true } },
        in_meeting: { attendee_on_hold: true, transfer_meetings_between_devices: true, chat: true },
        schedule_meeting: { pmi_password: '12345678', default_password_for_scheduled_meetings: '999999', host_video: true },
        whiteboard: { in_meeting_advanced_whiteboard: true },
      },
    });
    expect([...values.keys()].sort()).toEqual(['in_meeting.chat', 'schedule_meeting.host_video']);
    expect(skipped).toEqual([]);
  });

  it('leaves feature.* and personal_meeting out unless feature is included, then marks them high-impact', () => {
    const live = { default: { feature: { webinar: true }, schedule_meeting: { personal_meeting: true, host_video: false } } };
    expect([...byPath(live).values.keys()]).toEqual(['schedule_meeting.host_video']);
    const withFeature = byPath(live, ['default', 'feature']);
    expect(withFeature.values.get('feature.webinar')).toBe(true);
    expect(withFeature.values.get('schedule_meeting.personal_meeting')).toBe(true);
    expect(withFeature.leaves.filter((l) => l.highImpact).map((l) => l.path.join('.')).sort()).toEqual(['feature.webinar', 'schedule_meeting.personal_meeting']);
  });

  it('skips values the validator rejects, with the reason', () => {
    const { values, skipped } = byPath({
      default: { in_meeting: { entry_exit_chime: '', chat: true } },
      meeting_security: { meeting_security: { block_user_domain_list: Array.from({ length: 25 }, (_, i) => `d${i}.example.com`), waiting_room: true } },
    });
    expect(values.get('in_meeting.chat')).toBe(true);
    expect(values.get('meeting_security.waiting_room')).toBe(true);
    expect(values.has('in_meeting.entry_exit_chime')).toBe(false);
    expect(skipped).toEqual([
      { path: 'in_meeting.entry_exit_chime', reason: expect.stringContaining('expected one of "host", "all", "none", found string ""') },
      { path: 'meeting_security.block_user_domain_list', reason: expect.stringContaining('expected at most 20 items, found 25') },
    ]);
  });

  it('treats null and missing values as not set', () => {
    const { values, skipped } = byPath({ default: { in_meeting: { chat: null } } });
    expect(values.size).toBe(0);
    expect(skipped).toEqual([]);
  });

  it('writes authentication blocks as the toggle and each profile by name', () => {
    const { values } = byPath({
      meeting_authentication: {
        meeting_authentication: true,
        allow_authentication_exception: true,
        authentication_options: [
          { id: 'p1', name: 'Signed-in users', visible: true, default_option: true, type: 'enforce_login', domains: '' },
          { id: 'p2', name: 'Partners', visible: 'false', default_option: false },
        ],
      },
    });
    expect(Object.fromEntries(values)).toEqual({
      'meeting_authentication.enabled': true,
      'meeting_authentication.profiles.Signed-in users.visible': true,
      'meeting_authentication.profiles.Signed-in users.default': true,
      'meeting_authentication.profiles.Partners.visible': false,
      'meeting_authentication.profiles.Partners.default': false,
    });
  });

  it('keys a profile by id when its name is missing or ambiguous (the planner looks ids up first)', () => {
    const { values } = byPath({
      recording_authentication: {
        recording_authentication: false,
        authentication_options: [
          { id: 'r1', name: 'Same', visible: true, default_option: false },
          { id: 'r2', name: 'same', visible: true, default_option: false },
          { id: 'r3', visible: false, default_option: false },
          { id: 'r4', name: 'r1', visible: true, default_option: false },
        ],
      },
    });
    expect([...values.keys()].filter((k) => k.endsWith('.visible'))).toEqual([
      'recording_authentication.profiles.r1.visible',
      'recording_authentication.profiles.r2.visible',
      'recording_authentication.profiles.r3.visible',
      'recording_authentication.profiles.r4.visible',
    ]);
  });

  it('leaves default flags unmanaged when Zoom breaks the one-visible-default rule', () => {
    const two = byPath({
      meeting_authentication: {
        meeting_authentication: true,
        authentication_options: [
          { id: 'a', name: 'A', visible: true, default_option: true },
          { id: 'b', name: 'B', visible: true, default_option: true },
        ],
      },
    });
    expect([...two.values.keys()].some((k) => k.endsWith('.default'))).toBe(false);
    expect(two.skipped).toEqual([{ path: 'meeting_authentication.profiles.*.default', reason: expect.stringContaining('2 profiles default') }]);

    const hidden = byPath({
      meeting_authentication: { authentication_options: [{ id: 'a', name: 'A', visible: false, default_option: true }, { id: 'b', name: 'B', visible: true, default_option: false }] },
    });
    expect(hidden.values.has('meeting_authentication.profiles.A.default')).toBe(false);
    expect(hidden.values.get('meeting_authentication.profiles.B.default')).toBe(false);
    expect(hidden.skipped.map((s) => s.path)).toEqual(['meeting_authentication.profiles.A.default']);
  });

  it('imports only the included sections', () => {
    const { values } = byPath({ default: { in_meeting: { chat: true }, recording: { cloud_recording: true } } }, ['recording']);
    expect([...values.keys()]).toEqual(['recording.cloud_recording']);
  });
});
