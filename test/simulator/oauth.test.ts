import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SimulatorHandle } from '../../src/simulator/index.js';
import { ManualClock, apiFor, basicAuth, requestToken, startTestSimulator } from './sim-helpers.js';

describe('simulator OAuth (zoom-api-facts.md §6)', () => {
  const clock = new ManualClock();
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startTestSimulator({ clock, tokenTtlSeconds: 600, plan: 'free', maxRps: 1 });
  });
  afterAll(() => sim.stop());

  const tokenUrl = (query: string) => `${sim.tokenUrl}?${query}`;

  it('issues a bearer token for Basic client credentials', async () => {
    const res = await fetch(tokenUrl('grant_type=account_credentials&account_id=sim-account'), {
      method: 'POST',
      headers: { authorization: basicAuth('sim-client', 'sim-secret') },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 600,
      scope: expect.any(String),
      api_url: sim.baseUrl,
    });
  });

  it('accepts the same fields as a form body', async () => {
    const res = await fetch(sim.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=account_credentials&account_id=sim-account&client_id=sim-client&client_secret=sim-secret',
    });
    expect(res.status).toBe(200);
  });

  it('answers 401 invalid_client for wrong client credentials', async () => {
    const res = await fetch(tokenUrl('grant_type=account_credentials&account_id=sim-account'), {
      method: 'POST',
      headers: { authorization: basicAuth('sim-client', 'wrong') },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
  });

  it('answers 400 invalid_request for a wrong account id or grant', async () => {
    for (const query of ['grant_type=account_credentials&account_id=other', 'grant_type=client_credentials&account_id=sim-account']) {
      const res = await fetch(tokenUrl(query), { method: 'POST', headers: { authorization: basicAuth('sim-client', 'sim-secret') } });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ reason: expect.any(String), error: 'invalid_request' });
    }
  });

  it('is not rate limited: many token requests on a 1 request/s plan all succeed', async () => {
    const before = sim.counters().tokensIssued;
    const tokens = await Promise.all(Array.from({ length: 5 }, () => requestToken(sim)));
    expect(new Set(tokens).size).toBe(5);
    expect(sim.counters().tokensIssued).toBe(before + 5);
  });

  it('expires tokens after tokenTtlSeconds on the clock', async () => {
    const api = await apiFor(sim);
    clock.advance(599_000);
    expect((await api.settings('user00001@example.com')).status).toBe(200);
    clock.advance(1_000);
    const expired = await api.settings('user00001@example.com');
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ code: 124, message: 'Invalid access token.' });
  });

  it('answers 401/124 for an unknown or missing token and after expireAllTokens()', async () => {
    clock.advance(2_000);
    expect((await (await apiFor(sim, 'not-a-token')).settings('user00001@example.com')).body.code).toBe(124);
    const missing = await fetch(`${sim.apiBaseUrl}/users/user00001@example.com/settings`);
    expect(missing.status).toBe(401);
    const api = await apiFor(sim);
    clock.advance(2_000);
    expect((await api.settings('user00001@example.com')).status).toBe(200);
    sim.expireAllTokens();
    expect((await api.settings('user00001@example.com')).status).toBe(401);
    const fresh = await apiFor(sim);
    clock.advance(1_000);
    expect((await fresh.settings('user00002@example.com')).status).toBe(200);
  });
});
