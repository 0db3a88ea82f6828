import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { AuthError, ZoomApiError, createZoomClient, realTimers } from '../../src/zoom/index.js';
import { activeUsers, captureLogs, simulatorClient } from './harness.js';

describe('ZoomClient authentication (against the simulator)', () => {
  let sim: SimulatorHandle;

  beforeAll(async () => {
    sim = await startSimulator({ users: 60, maxRps: 1000, clientSecret: 'client-secret-for-auth-tests' });
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('makes ONE token request however many calls wait (single flight)', async () => {
    const before = sim.counters().tokenRequests;
    const { client } = simulatorClient(sim);
    const users = activeUsers(sim).slice(0, 50);
    await Promise.all(users.map((user) => client.getUserSettings(user.id, 'default')));
    expect(sim.counters().tokenRequests - before).toBe(1);
    expect(client.metrics().tokenRequests).toBe(1);
    expect(client.accountLabel).toBe('sim-account');
    client.close();
  });

  it('refreshes the token 60 s before it expires (on the injected clock)', async () => {
    let offsetMs = 0;
    const timers = { now: () => Date.now() + offsetMs, sleep: realTimers.sleep };
    const { client } = simulatorClient(sim, {}, { timers });
    const user = activeUsers(sim)[0]!.email;
    const before = sim.counters().tokensIssued;
    await client.getUserSettings(user, 'default');
    offsetMs = 3530_000; // 70 s before expiry: the cached token still serves
    await client.getUserSettings(user, 'meeting_security');
    expect(sim.counters().tokensIssued - before).toBe(1);
    offsetMs = 3541_000; // 59 s before expiry: refresh first
    await client.getUserSettings(user, 'meeting_security');
    expect(sim.counters().tokensIssued - before).toBe(2);
    expect(client.metrics().byStatus['401']).toBeUndefined();
    client.close();
  });

  it('on 401 code 124 fetches a new token once and retries, even for many calls at once', async () => {
    const { client } = simulatorClient(sim);
    const users = activeUsers(sim).slice(0, 20);
    await client.getUserSettings(users[0]!.id, 'default');
    const before = sim.counters().tokensIssued;
    sim.expireAllTokens();
    await Promise.all(users.map((user) => client.getUserSettings(user.id, 'default')));
    expect(sim.counters().tokensIssued - before).toBe(1);
    const metrics = client.metrics();
    expect(metrics.byStatus['401']).toBeGreaterThanOrEqual(1);
    expect(metrics.byStatus['200']).toBe(21);
    expect(metrics.retries).toBe(metrics.byStatus['401']);
    client.close();
  });

  it('uses ZOOM_ACCESS_TOKEN as is: no token request, and a rejected token is an error, not a refresh', async () => {
    const basic = Buffer.from(`${sim.credentials.clientId}:${sim.credentials.clientSecret}`).toString('base64');
    const answer = await fetch(`${sim.tokenUrl}?grant_type=account_credentials&account_id=${sim.credentials.accountId}`, {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}` },
    });
    const { access_token: accessToken } = (await answer.json()) as { access_token: string };
    const logs = captureLogs();
    const client = createZoomClient(
      { auth: { kind: 'token', accessToken }, apiBaseUrl: sim.apiBaseUrl, plan: 'pro', rateShare: 1, maxRps: 100, maxAttempts: 5, timeoutMs: 5000 },
      { logger: logs.logger },
    );
    const user = activeUsers(sim)[1]!.id;
    await expect(client.getUserSettings(user, 'default')).resolves.toHaveProperty('in_meeting');
    expect(client.accountLabel).toBe('access-token');
    const issued = sim.counters().tokensIssued;
    sim.expireAllTokens();
    const error = await client.getUserSettings(user, 'default').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZoomApiError);
    expect((error as ZoomApiError).message).toBe(`GET /users/${user}/settings for ${user} failed: HTTP 401, Zoom code 124 invalid access token (an OAuth token is fetched anew once before this error: the app may be deactivated, or another job with the same app keeps replacing its token)`);
    expect(sim.counters().tokensIssued).toBe(issued);
    expect(client.metrics().tokenRequests).toBe(0);
    expect(logs.text()).not.toContain(accessToken);
    client.close();
  });

  it.each([
    [{ clientSecret: 'wrong-secret-value' }, 'check ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET', 401],
    [{ accountId: 'someone-else' }, 'check ZOOM_ACCOUNT_ID', 400],
  ])('token endpoint refusals say which variables to check: %p', async (override, hint, status) => {
    const bad = createZoomClient(
      {
        auth: { kind: 'oauth', ...sim.credentials, ...override, tokenUrl: sim.tokenUrl },
        plan: 'pro',
        rateShare: 1,
        maxRps: 100,
        maxAttempts: 5,
        timeoutMs: 5000,
      },
      { logger: captureLogs().logger },
    );
    const error = await bad.getUserSettings(activeUsers(sim)[0]!.id, 'default').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toContain(hint);
    expect((error as AuthError).status).toBe(status);
    expect((error as AuthError).message).not.toContain('wrong-secret-value');
    expect((error as AuthError).message).not.toContain(sim.credentials.clientSecret);
    expect(bad.metrics().tokenRequests).toBe(1);
    bad.close();
  });

  it('an unreachable token endpoint is an AuthError naming ZOOM_OAUTH_TOKEN_URL', async () => {
    const client = createZoomClient(
      {
        auth: { kind: 'oauth', ...sim.credentials, tokenUrl: 'http://127.0.0.1:1/oauth/token' },
        plan: 'pro',
        rateShare: 1,
        maxRps: 100,
        maxAttempts: 2,
        timeoutMs: 2000,
      },
      { logger: captureLogs().logger, random: () => 0 },
    );
    const error = await client.getUserSettings('someone@example.com', 'default').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toMatch(/could not reach Zoom's token endpoint http:\/\/127\.0\.0\.1:1\/oauth\/token \(.*ECONNREFUSED.*\): check ZOOM_OAUTH_TOKEN_URL/);
    client.close();
  });
});
