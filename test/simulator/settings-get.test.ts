import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { schemaLeaves } from '../../src/schema/index.js';
import { AUTH_PROFILES, type SimulatorHandle } from '../../src/simulator/index.js';
import { type Api, apiFor, startTestSimulator } from './sim-helpers.js';

function leafPaths(value: unknown, prefix: string[] = []): string[] {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, child]) => leafPaths(child, [...prefix, key]));
  }
  return [prefix.join('.')];
}

function withoutRealExtras(security: Record<string, unknown>): Record<string, unknown> {
  const { password_for_pmi: _pmi, approved_or_denied_countries_or_regions: _regions, ...rest } = security;
  return rest;
}

describe('simulator GET /users/{userId}/settings (zoom-api-facts.md §2, §3)', () => {
  let sim: SimulatorHandle;
  let api: Api;
  beforeAll(async () => {
    // The spec's shapes; what real Zoom answers differently is in real-zoom.test.ts.
    sim = await startTestSimulator({ quirks: { authProfilesWhenOff: true }, seedUsers: [{ email: 'expired@example.com', status: 'expired' }] });
    api = await apiFor(sim);
  });
  afterAll(() => sim.stop());

  it('without option returns every readable field of the default variant and no meeting_security', async () => {
    const res = await api.settings('user00001@example.com');
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('meeting_security');
    const expected = schemaLeaves('default', (f) => f.readable).map((leaf) => leaf.path.join('.'));
    expect(leafPaths(res.body).sort()).toEqual(expected.sort());
    // GET-only fields are there (§4.4), PATCH-only ones are not.
    expect(res.body.whiteboard).toHaveProperty('in_meeting_advanced_whiteboard');
    expect(res.body.in_meeting).not.toHaveProperty('auto_answer');
  });

  it('?option=meeting_security returns {meeting_security: {...}} with every field', async () => {
    const res = await api.settings('user00001@example.com', 'meeting_security');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['meeting_security']);
    const expected = schemaLeaves('meeting_security', (f) => f.readable).map((leaf) => leaf.path.join('.'));
    // Plus the two fields real Zoom adds and the spec lacks (zoom-api-facts.md §9.6).
    const extras = ['password_for_pmi', 'approved_or_denied_countries_or_regions'];
    const { password_for_pmi: _pmi, approved_or_denied_countries_or_regions: _regions, ...specFields } = res.body.meeting_security;
    expect(Object.keys(res.body.meeting_security)).toEqual(expect.arrayContaining(extras));
    expect(leafPaths({ meeting_security: specFields }).sort()).toEqual(expected.sort());
    expect(typeof res.body.meeting_security.pmi_password).toBe('boolean');
  });

  it('?option=meeting_authentication returns the flat shape with the account profiles', async () => {
    const res = await api.settings('user00002@example.com', 'meeting_authentication');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['allow_authentication_exception', 'authentication_options', 'meeting_authentication']);
    expect(typeof res.body.meeting_authentication).toBe('boolean');
    expect(typeof res.body.allow_authentication_exception).toBe('boolean');
    const options = res.body.authentication_options as Array<Record<string, unknown>>;
    expect(options.map((o) => o.id)).toEqual(AUTH_PROFILES.meeting_authentication.map((p) => p.id));
    for (const option of options) {
      expect(Object.keys(option).sort()).toEqual(['default_option', 'domains', 'id', 'name', 'type', 'visible']);
    }
    expect(options.filter((o) => o.default_option)).toHaveLength(1);
    expect(options.find((o) => o.id === 'ma-partners')).toMatchObject({ name: 'Partner domains', domains: 'partner.example.com' });
  });

  it('?option=recording_authentication has no allow_authentication_exception', async () => {
    const res = await api.settings('user00002@example.com', 'recording_authentication');
    expect(Object.keys(res.body).sort()).toEqual(['authentication_options', 'recording_authentication']);
    expect(res.body.authentication_options.map((o: { name: string }) => o.name)).toEqual([
      'Internal only',
      'Signed-in users',
      'Approved domains',
    ]);
  });

  it('refuses any other option with 400 code 300', async () => {
    const res = await api.settings('user00001@example.com', 'security');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(300);
  });

  it('finds a user by id, by email in any case, and URL-encoded', async () => {
    const id = sim.users()[2]!.id;
    const byId = await api.settings(id);
    const byEmail = await api.get('/users/USER00003%40Example.COM/settings');
    expect(byId.status).toBe(200);
    expect(byEmail.body).toEqual(byId.body);
  });

  it('answers 404 code 1001 for an unknown user on GET and PATCH', async () => {
    const expected = { code: 1001, message: 'User does not exist: nobody@example.com.' };
    const get = await api.settings('nobody@example.com');
    const patch = await api.patchSettings('nobody@example.com', { in_meeting: { chat: true } });
    expect([get.status, get.body]).toEqual([404, expected]);
    expect([patch.status, patch.body]).toEqual([404, expected]);
  });

  it('answers 400 code 1000 for a pending user on GET and PATCH, as real Zoom does (§9.1)', async () => {
    const expected = { code: 1000, message: 'You can not access settings of users that are still in pending state.' };
    expect(sim.user('user00050@example.com')?.status).toBe('pending');
    const get = await api.settings('user00050@example.com');
    const patch = await api.patchSettings('user00050@example.com', { in_meeting: { chat: true } });
    expect([get.status, get.body]).toEqual([400, expected]);
    expect([patch.status, patch.body]).toEqual([400, expected]);
  });

  it('answers 400 code 1120 for a user whose invitation expired', async () => {
    const expected = { code: 1120, message: 'A valid invitation to join the Zoom account was not found for this user.' };
    const get = await api.settings('expired@example.com');
    const patch = await api.patchSettings('expired@example.com', { in_meeting: { chat: true } });
    expect([get.status, get.body, patch.status, patch.body]).toEqual([400, expected, 400, expected]);
  });

  it('GET answers equal the user() snapshot', async () => {
    const snapshot = sim.user('user00004@example.com')!;
    for (const variant of ['default', 'meeting_security', 'meeting_authentication', 'recording_authentication'] as const) {
      const res = await api.settings('user00004@example.com', variant === 'default' ? undefined : variant);
      const body = variant === 'meeting_security' ? { meeting_security: withoutRealExtras(res.body.meeting_security) } : res.body;
      expect(body).toEqual(snapshot.settings[variant]);
    }
  });
});
