import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SimulatorHandle } from '../../src/simulator/index.js';
import { type Api, apiFor, startTestSimulator } from './sim-helpers.js';

const U = 'user00001@example.com';

describe('simulator PATCH validation (code 300 with field errors)', () => {
  let sim: SimulatorHandle;
  let api: Api;
  beforeAll(async () => {
    sim = await startTestSimulator();
    api = await apiFor(sim);
  });
  afterAll(() => sim.stop());

  it('names every bad field: unknown, GET-only, wrong type, enum, range', async () => {
    const before = sim.user(U)!.settings.default;
    const res = await api.patchSettings(U, {
      in_meeting: {
        waitng_room: true,
        transfer_meetings_between_devices: true,
        chat: 'yes',
        entry_exit_chime: 'loud',
        co_host: true,
      },
      recording: { recording_password_requirement: { length: 11 } },
      whiteboard: { in_meeting_advanced_whiteboard: true },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(300);
    expect(res.body.message).toBe('Validation Failed.');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual([
      'in_meeting.waitng_room',
      'in_meeting.transfer_meetings_between_devices',
      'in_meeting.chat',
      'in_meeting.entry_exit_chime',
      'recording.recording_password_requirement.length',
      'whiteboard',
    ]);
    expect(res.body.errors[0].message).toBe('Invalid field.');
    // Nothing of a refused body is applied, not even its valid keys.
    expect(sim.user(U)!.settings.default).toEqual(before);
  });

  it('checks maxItems and array items (meeting_security.block_user_domain_list: ≤20, 5–30 chars)', async () => {
    const tooMany = Array.from({ length: 21 }, (_, i) => `d${i}.example.com`);
    const res = await api.patchSettings(U, { meeting_security: { block_user_domain_list: tooMany } }, 'meeting_security');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['meeting_security.block_user_domain_list']);
    const short = await api.patchSettings(U, { meeting_security: { block_user_domain_list: ['ok.example.com', 'a.b'] } }, 'meeting_security');
    expect(short.body.errors.map((e: { field: string }) => e.field)).toEqual(['meeting_security.block_user_domain_list[1]']);
    const enumItems = await api.patchSettings(U, { in_meeting: { data_center_regions: ['US', 'XX'] } });
    expect(enumItems.body.errors.map((e: { field: string }) => e.field)).toEqual(['in_meeting.data_center_regions[1]']);
  });

  it('keeps variants apart: meeting_security in a default body is an invalid field', async () => {
    const res = await api.patchSettings(U, { meeting_security: { waiting_room: true } });
    expect(res.body.errors).toEqual([{ field: 'meeting_security', message: 'Invalid field.' }]);
  });

  it('refuses a body that is not a JSON object', async () => {
    for (const body of ['not json', '[1,2]', 'null']) {
      const res = await api.patchSettings(U, body);
      expect([res.status, res.body.code]).toEqual([400, 300]);
    }
  });
});

describe('simulator PATCH application', () => {
  let sim: SimulatorHandle;
  let api: Api;
  beforeAll(async () => {
    sim = await startTestSimulator({ locks: [{ user: 'user00003@example.com', variant: 'default', path: ['in_meeting', 'chat'] }] });
    api = await apiFor(sim);
  });
  afterAll(() => sim.stop());

  it('answers 204 with no body, deep-merges objects and replaces arrays', async () => {
    sim.setSetting(U, 'default', ['in_meeting', 'data_center_regions'], ['US', 'DE', 'NL']);
    const before = (await api.settings(U)).body;
    const res = await api.patchSettings(U, {
      in_meeting: { chat: !before.in_meeting.chat, data_center_regions: ['AU'] },
      schedule_meeting: { meeting_password_requirement: { length: 8 } },
    });
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    const after = (await api.settings(U)).body;
    expect(after.in_meeting.chat).toBe(!before.in_meeting.chat);
    expect(after.in_meeting.data_center_regions).toEqual(['AU']);
    expect(after.schedule_meeting.meeting_password_requirement).toEqual({ ...before.schedule_meeting.meeting_password_requirement, length: 8 });
    // Everything else is untouched.
    expect({ ...after, in_meeting: undefined, schedule_meeting: undefined }).toEqual({ ...before, in_meeting: undefined, schedule_meeting: undefined });
    expect({ ...after.in_meeting, chat: 0, data_center_regions: 0 }).toEqual({ ...before.in_meeting, chat: 0, data_center_regions: 0 });
  });

  it('accepts PATCH-only fields without showing them in GET (§4.4)', async () => {
    expect((await api.patchSettings(U, { in_meeting: { auto_answer: true } })).status).toBe(204);
    expect((await api.settings(U)).body.in_meeting).not.toHaveProperty('auto_answer');
  });

  it('applies meeting_security bodies only through ?option=meeting_security', async () => {
    const res = await api.patchSettings(U, { meeting_security: { waiting_room: true, encryption_type: 'e2ee' } }, 'meeting_security');
    expect(res.status).toBe(204);
    expect((await api.settings(U, 'meeting_security')).body.meeting_security).toMatchObject({ waiting_room: true, encryption_type: 'e2ee' });
  });

  it('leaves a locked leaf unchanged but answers 204 and applies the rest of the body (§7.1)', async () => {
    const user = 'user00003@example.com';
    const before = sim.user(user)!.settings.default.in_meeting as Record<string, unknown>;
    const res = await api.patchSettings(user, { in_meeting: { chat: !before.chat, polling: !before.polling } });
    expect(res.status).toBe(204);
    const after = (await api.settings(user)).body.in_meeting;
    expect(after.chat).toBe(before.chat);
    expect(after.polling).toBe(!before.polling);
  });

  it('lock() at run time locks a whole object', async () => {
    const user = 'user00004@example.com';
    sim.lock(user, 'meeting_security', ['meeting_security', 'waiting_room_settings']);
    const before = sim.user(user)!.settings.meeting_security.meeting_security as Record<string, any>;
    const res = await api.patchSettings(
      user,
      { meeting_security: { waiting_room: !before.waiting_room, waiting_room_settings: { participants_to_place_in_waiting_room: (before.waiting_room_settings.participants_to_place_in_waiting_room + 1) % 3 } } },
      'meeting_security',
    );
    expect(res.status).toBe(204);
    const after = sim.user(user)!.settings.meeting_security.meeting_security as Record<string, any>;
    expect(after.waiting_room_settings).toEqual(before.waiting_room_settings);
    expect(after.waiting_room).toBe(!before.waiting_room);
  });
});

describe('simulator PATCH of authentication options (§3)', () => {
  let sim: SimulatorHandle;
  let api: Api;
  const user = 'user00005@example.com';
  const profiles = async (option = 'meeting_authentication') =>
    (await api.settings(user, option)).body.authentication_options as Array<Record<string, any>>;
  beforeAll(async () => {
    // The spec's shape: profiles listed even while the toggle is off (real Zoom omits them: real-zoom.test.ts).
    sim = await startTestSimulator({ quirks: { authProfilesWhenOff: true } });
    api = await apiFor(sim);
  });
  afterAll(() => sim.stop());

  it('toggles meeting_authentication', async () => {
    const before = (await api.settings(user, 'meeting_authentication')).body.meeting_authentication as boolean;
    expect((await api.patchSettings(user, { meeting_authentication: !before }, 'meeting_authentication')).status).toBe(204);
    expect((await api.settings(user, 'meeting_authentication')).body.meeting_authentication).toBe(!before);
  });

  it('shows and hides a profile by id', async () => {
    await api.patchSettings(user, { authentication_option: { action: 'hide', id: 'ma-partners' } }, 'meeting_authentication');
    expect((await profiles()).find((p) => p.id === 'ma-partners')!.visible).toBe(false);
    await api.patchSettings(user, { authentication_option: { action: 'show', id: 'ma-partners' } }, 'meeting_authentication');
    expect((await profiles()).find((p) => p.id === 'ma-partners')!.visible).toBe(true);
  });

  it('update makes one profile the only default and changes domains', async () => {
    const res = await api.patchSettings(
      user,
      { authentication_option: { action: 'update', id: 'ma-partners', default_option: true, domains: 'a.example.com,b.example.com' } },
      'meeting_authentication',
    );
    expect(res.status).toBe(204);
    const after = await profiles();
    expect(after.filter((p) => p.default_option).map((p) => p.id)).toEqual(['ma-partners']);
    expect(after.find((p) => p.id === 'ma-partners')!.domains).toBe('a.example.com,b.example.com');
    // Only this user's copy changed.
    const other = sim.user('user00006@example.com')!.settings.meeting_authentication.authentication_options as Array<Record<string, any>>;
    expect(other.find((p) => p.id === 'ma-partners')!.domains).toBe('partner.example.com');
  });

  it('answers 400 code 300 on authentication_option.id for an unknown profile', async () => {
    const res = await api.patchSettings(user, { authentication_option: { action: 'show', id: 'nope' } }, 'recording_authentication');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(300);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['authentication_option.id']);
  });

  it('validates the action and the type enum of the variant', async () => {
    const res = await api.patchSettings(
      user,
      { authentication_option: { action: 'add', id: 'ra-internal', type: 'enforce_login_with_same_account' } },
      'recording_authentication',
    );
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['authentication_option.action', 'authentication_option.type']);
  });

  it('works on recording_authentication too', async () => {
    await api.patchSettings(user, { recording_authentication: true, authentication_option: { action: 'update', id: 'ra-internal', default_option: true } }, 'recording_authentication');
    const body = (await api.settings(user, 'recording_authentication')).body;
    expect(body.recording_authentication).toBe(true);
    expect(body.authentication_options.filter((p: { default_option: boolean }) => p.default_option).map((p: { id: string }) => p.id)).toEqual(['ra-internal']);
  });
});
