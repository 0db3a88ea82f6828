/**
 * Answers the simulator does not give (4700, a shared account's low X-RateLimit-Remaining, 429s without a type)
 * from a minimal node:http server on 127.0.0.1.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { nextUtcMidnight } from '../../src/core/retry-timing.js';
import { createZoomClient, DailyLimitError, MissingScopesError, ZoomApiError, type ZoomClient } from '../../src/zoom/index.js';
import { captureLogs } from './harness.js';

type Answer = { status: number; headers?: Record<string, string>; body?: unknown };

describe('ZoomClient against a stub server', () => {
  let server: http.Server;
  let baseUrl: string;
  const seen: string[] = [];
  const script = new Map<string, Answer[]>();
  let tokenRequests = 0;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      if (request.url?.startsWith('/oauth/token')) {
        tokenRequests += 1;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ access_token: `stub-token-${tokenRequests}`, token_type: 'bearer', expires_in: 3600 }));
        return;
      }
      const user = /^\/v2\/users\/([^/]+)\/settings/.exec(request.url ?? '')?.[1] ?? '';
      seen.push(user);
      const answer = script.get(user)?.shift() ?? { status: 200, body: { in_meeting: {} } };
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  function client(rps = 100): { client: ZoomClient; logs: ReturnType<typeof captureLogs> } {
    const logs = captureLogs();
    return {
      client: createZoomClient(
        { auth: { kind: 'token', accessToken: 'stub-token' }, apiBaseUrl: baseUrl, plan: 'pro', rateShare: 1, maxRps: rps, maxAttempts: 5, timeoutMs: 2000 },
        { logger: logs.logger, random: () => 0 },
      ),
      logs,
    };
  }

  it('4700: stops the client with one error naming the missing scopes and the commands that need them', async () => {
    script.set('scopeless', [{ status: 400, body: { code: 4700, message: 'Invalid access token, does not contain scopes:[user:read:admin].' } }]);
    const { client: zoom } = client();
    const error = (await zoom.getUserSettings('scopeless', 'default').catch((caught: unknown) => caught)) as MissingScopesError;
    expect(error).toBeInstanceOf(MissingScopesError);
    expect(error.scopes).toEqual(['user:read:admin']);
    expect(error.first.message).toBe(
      'GET /users/scopeless/settings for scopeless failed: HTTP 400, Zoom code 4700 the access token lacks scopes (user:read:admin): the app needs user:read:admin and user:write:admin, or granular user:read:settings:admin and user:update:settings:admin',
    );
    expect(error.message).toMatch(/lacks scopes: user:read:admin .*plan, drift and import need read scopes.*apply, drift --fix and rollback also need write scopes/);
    zoom.close();
  });

  it('slows down when X-RateLimit-Remaining is lower than its own use explains (another app is consuming)', async () => {
    const low = { status: 200, headers: { 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '1' }, body: {} };
    script.set('shared', [low, low]);
    const { client: zoom, logs } = client(20);
    await zoom.getUserSettings('shared', 'default');
    const metrics = zoom.metrics();
    expect(metrics.slowdowns).toBe(1);
    expect(metrics.currentRps).toBe(10);
    expect(logs.lines().filter((line) => line.level === 40 && line.msg === 'another app is using the account rate limit; slowing down')).toHaveLength(1);
    zoom.close();
  });

  it('does not slow down when remaining is high', async () => {
    script.set('roomy', [{ status: 200, headers: { 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '15' }, body: {} }]);
    const { client: zoom } = client(20);
    await zoom.getUserSettings('roomy', 'default');
    expect(zoom.metrics().slowdowns).toBe(0);
    expect(zoom.metrics().currentRps).toBe(20);
    zoom.close();
  });

  it("retries Zoom's 'Too many concurrent requests' 429 (no type header) after a pause", async () => {
    script.set('busy', [{ status: 429, body: { code: 429, message: 'Too many concurrent requests.' } }]);
    const { client: zoom } = client();
    seen.length = 0;
    await expect(zoom.getUserSettings('busy', 'default')).resolves.toEqual({ in_meeting: {} });
    expect(seen).toEqual(['busy', 'busy']);
    expect(zoom.metrics().rateLimited.Concurrent).toBe(1);
    zoom.close();
  });

  it('a per-second 429 with Retry-After pauses as long as asked', async () => {
    script.set('wait-two', [{ status: 429, headers: { 'x-ratelimit-type': 'QPS', 'retry-after': '2' }, body: { code: 429, message: 'Slow down.' } }]);
    const { client: zoom, logs } = client();
    await expect(zoom.getUserSettings('wait-two', 'default')).resolves.toEqual({ in_meeting: {} });
    const pauses = logs.lines().filter((line) => line.msg === 'rate limited; pausing all requests');
    expect(pauses.map((line) => line.pauseMs)).toEqual([2000]);
    zoom.close();
  });

  it('a daily 429 without type or Retry-After stops at the next 00:00 UTC; Retry-After in seconds is accepted', async () => {
    script.set('daily', [{ status: 429, body: { code: 429, message: 'You have exceeded the daily rate limit (2000) of Medium API requests.' } }]);
    const first = client();
    const error = (await first.client.getUserSettings('daily', 'default').catch((caught: unknown) => caught)) as DailyLimitError;
    expect(error).toBeInstanceOf(DailyLimitError);
    expect(error.resetAt.getTime()).toBe(nextUtcMidnight(Date.now()));
    first.client.close();

    script.set('daily-seconds', [{ status: 429, headers: { 'x-ratelimit-type': 'Daily-limit', 'retry-after': '3600' }, body: { code: 429, message: 'Daily.' } }]);
    const second = client();
    const before = Date.now();
    const later = (await second.client.getUserSettings('daily-seconds', 'default').catch((caught: unknown) => caught)) as DailyLimitError;
    expect(later.resetAt.getTime()).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(later.resetAt.getTime()).toBeLessThanOrEqual(Date.now() + 3_600_000);
    second.client.close();
  });

  it('a fresh token that is rejected too ends the call: one refresh per call, not a loop', async () => {
    const revoked = { status: 401, body: { code: 124, message: 'Invalid access token.' } };
    script.set('revoked', [revoked, revoked, revoked, revoked]);
    const logs = captureLogs();
    const zoom = createZoomClient(
      {
        auth: { kind: 'oauth', accountId: 'a', clientId: 'c', clientSecret: 's', tokenUrl: baseUrl.replace(/\/v2$/, '/oauth/token') },
        apiBaseUrl: baseUrl,
        plan: 'pro',
        rateShare: 1,
        maxRps: 100,
        maxAttempts: 5,
        timeoutMs: 2000,
      },
      { logger: logs.logger, random: () => 0 },
    );
    const before = tokenRequests;
    seen.length = 0;
    const error = (await zoom.getUserSettings('revoked', 'default').catch((caught: unknown) => caught)) as ZoomApiError;
    expect(error).toBeInstanceOf(ZoomApiError);
    expect(error).toMatchObject({ status: 401, code: 124, attempts: 2 });
    expect(seen).toEqual(['revoked', 'revoked']);
    expect(tokenRequests - before).toBe(2);
    zoom.close();
  });

  it('does not retry other 4xx', async () => {
    script.set('forbidden', [{ status: 403, body: { code: 104, message: 'Invalid access token.' } }]);
    const { client: zoom } = client();
    seen.length = 0;
    const error = (await zoom.getUserSettings('forbidden', 'default').catch((caught: unknown) => caught)) as ZoomApiError;
    expect(error.message).toBe('GET /users/forbidden/settings for forbidden failed: HTTP 403, Zoom code 104 Invalid access token.');
    expect(seen).toEqual(['forbidden']);
    zoom.close();
  });
});
