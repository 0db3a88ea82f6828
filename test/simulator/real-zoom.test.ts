/**
 * Where real Zoom answers differently from its spec (zoom-api-facts.md §9), the simulator answers like real Zoom by
 * default, and a switch brings back the spec's kinder shape, so both can be tested.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { SimulatorHandle } from '../../src/simulator/index.js';
import { ManualClock, admin, apiFor, basicAuth, startTestSimulator } from './sim-helpers.js';

let sim: SimulatorHandle;
afterEach(() => sim?.stop());

async function tokenFor(s: SimulatorHandle, clientId: string, clientSecret: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${s.tokenUrl}?grant_type=account_credentials&account_id=${s.credentials.accountId}`, {
    method: 'POST',
    headers: { authorization: basicAuth(clientId, clientSecret) },
  });
  return { status: res.status, body: await res.json() };
}

describe('pending and expired invitations (§9.1)', () => {
  it('answers 1000 for a pending user, 1120 for an expired one, and lists both as pending', async () => {
    sim = await startTestSimulator({ users: 0, seedUsers: [{ email: 'invited@example.com', status: 'pending' }, { email: 'lapsed@example.com', status: 'expired' }, { email: 'member@example.com' }] });
    const api = await apiFor(sim);
    expect((await api.settings('invited@example.com')).body.code).toBe(1000);
    expect((await api.settings('lapsed@example.com')).body.code).toBe(1120);
    const pending = await api.get('/users?status=pending');
    expect(pending.body.users.map((u: { email: string; status: string }) => [u.email, u.status])).toEqual([
      ['invited@example.com', 'pending'],
      ['lapsed@example.com', 'pending'],
    ]);
  });
});

describe('authentication variants without profiles (§9.2)', () => {
  it('omits authentication_options while the toggle is off, lists them once it is on; the switch keeps them', async () => {
    sim = await startTestSimulator({ users: 0, seedUsers: [{ email: 'a@example.com' }] });
    const api = await apiFor(sim);
    sim.setSetting('a@example.com', 'recording_authentication', ['recording_authentication'], false);
    expect((await api.settings('a@example.com', 'recording_authentication')).body).toEqual({ recording_authentication: false });
    await api.patchSettings('a@example.com', { recording_authentication: true }, 'recording_authentication');
    expect((await api.settings('a@example.com', 'recording_authentication')).body.authentication_options).toHaveLength(3);

    sim.setSetting('a@example.com', 'recording_authentication', ['recording_authentication'], false);
    sim.setQuirks({ authProfilesWhenOff: true });
    expect((await api.settings('a@example.com', 'recording_authentication')).body.authentication_options).toHaveLength(3);
  });
});

describe('secrets and unknown fields in the meeting_security GET (§9.6)', () => {
  it('carries password_for_pmi (the PMI passcode in plain text) and approved_or_denied_countries_or_regions', async () => {
    sim = await startTestSimulator({ users: 0, seedUsers: [{ email: 'a@example.com' }] });
    const api = await apiFor(sim);
    const security = (await api.settings('a@example.com', 'meeting_security')).body.meeting_security;
    const schedule = sim.user('a@example.com')!.settings.default.schedule_meeting as { pmi_password: string };
    expect(security.password_for_pmi).toBe(schedule.pmi_password);
    expect(sim.secrets()).toContain(security.password_for_pmi);
    expect(security).toHaveProperty('approved_or_denied_countries_or_regions');
    // Answering never changes the stored settings.
    expect(sim.user('a@example.com')!.settings.meeting_security.meeting_security).not.toHaveProperty('password_for_pmi');
  });
});

describe('rate-limit headers are optional (§9.5)', () => {
  it('sends only X-RateLimit-Category on 2xx by default; the switch adds Limit and Remaining', async () => {
    sim = await startTestSimulator({ users: 2 });
    const api = await apiFor(sim);
    const plain = (await api.settings('user00001@example.com')).headers;
    expect([plain.get('x-ratelimit-category'), plain.get('x-ratelimit-limit'), plain.get('x-ratelimit-remaining')]).toEqual(['Medium', null, null]);
    sim.setQuirks({ rateLimitCounts: true });
    expect((await api.settings('user00001@example.com')).headers.get('x-ratelimit-limit')).not.toBeNull();
  });

  it('can answer a daily-limit 429 with neither X-RateLimit-Type nor Retry-After', async () => {
    sim = await startTestSimulator({ users: 2, clock: new ManualClock(), dailyLimit: 1, quirks: { bareDailyLimit: true } });
    const api = await apiFor(sim);
    expect((await api.settings('user00001@example.com')).status).toBe(200);
    const limited = await api.settings('user00001@example.com');
    expect([limited.status, limited.headers.get('x-ratelimit-type'), limited.headers.get('retry-after')]).toEqual([429, null, null]);
    expect(limited.body.message).toMatch(/daily rate limit/);
  });
});

describe('a token with read scopes only (§9.4)', () => {
  it('reads, and answers every PATCH with 400 code 4711 naming the missing scopes', async () => {
    sim = await startTestSimulator({ users: 2 });
    const { clientId, clientSecret } = sim.readOnlyCredentials;
    const token = await tokenFor(sim, clientId, clientSecret);
    expect([token.status, token.body.scope]).toEqual([200, 'user:read:admin']);
    const api = await apiFor(sim, token.body.access_token);
    expect((await api.settings('user00001@example.com')).status).toBe(200);
    const write = await api.patchSettings('user00001@example.com', { in_meeting: { chat: true } });
    expect([write.status, write.body]).toEqual([400, { code: 4711, message: 'Invalid access token, does not contain scopes:[user:write:admin, user:update:settings:admin].' }]);
  });
});

describe('tokens shared between jobs (§9.7)', () => {
  it('keeps several tokens of one app valid by default; latest-only invalidates the older ones', async () => {
    sim = await startTestSimulator({ users: 1 });
    const { clientId, clientSecret } = sim.credentials;
    const first = (await tokenFor(sim, clientId, clientSecret)).body.access_token as string;
    const second = (await tokenFor(sim, clientId, clientSecret)).body.access_token as string;
    expect((await (await apiFor(sim, first)).settings('user00001@example.com')).status).toBe(200);
    sim.setQuirks({ tokenRegime: 'latest-only' });
    const third = (await tokenFor(sim, clientId, clientSecret)).body.access_token as string;
    expect((await (await apiFor(sim, second)).settings('user00001@example.com')).body.code).toBe(124);
    expect((await (await apiFor(sim, third)).settings('user00001@example.com')).status).toBe(200);
  });
});

describe('keys from requests never reach a prototype', () => {
  it('refuses __proto__ and constructor in PATCH bodies and admin paths as unknown fields', async () => {
    sim = await startTestSimulator({ users: 1 });
    const api = await apiFor(sim);
    const res = await api.patch('/users/user00001@example.com/settings', '{"__proto__":{"polluted":true},"constructor":{"x":1}}');
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['__proto__', 'constructor']);
    const set = await admin(sim, 'POST', '/_sim/set', { user: 'user00001@example.com', variant: 'default', path: ['__proto__', 'polluted'], value: true });
    expect(set.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('checks quirk switches posted to /_sim/quirks', async () => {
    sim = await startTestSimulator({ users: 1 });
    expect((await admin(sim, 'POST', '/_sim/quirks', { tokenRegime: 'sometimes' })).status).toBe(400);
    expect((await admin(sim, 'POST', '/_sim/quirks', { nope: true })).status).toBe(400);
    expect((await admin(sim, 'POST', '/_sim/quirks', { rateLimitCounts: true })).status).toBe(204);
  });
});
