import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/core/errors.js';
import { clientConfigFromEnv, rateLimitFor } from '../../src/zoom/index.js';

const OAUTH = { ZOOM_ACCOUNT_ID: 'acc', ZOOM_CLIENT_ID: 'cid', ZOOM_CLIENT_SECRET: 'shh' };

function errorOf(env: NodeJS.ProcessEnv): InputError {
  try {
    clientConfigFromEnv(env);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('clientConfigFromEnv', () => {
  it('reads OAuth credentials with the documented defaults', () => {
    expect(clientConfigFromEnv(OAUTH)).toEqual({
      auth: { kind: 'oauth', accountId: 'acc', clientId: 'cid', clientSecret: 'shh', tokenUrl: 'https://zoom.us/oauth/token' },
      plan: 'pro',
      rateShare: 0.8,
      maxAttempts: 5,
      timeoutMs: 30_000,
    });
  });

  it.each([
    ['free', 'free', 2],
    ['Basic', 'free', 2],
    ['pro', 'pro', 20],
    ['Business Plus', 'business', 60],
    ['business_plus', 'business', 60],
    ['ENTERPRISE', 'business', 60],
    ['education', 'business', 60],
  ])('ZOOM_PLAN=%s is paced as the %s column of the rate table (%i MEDIUM requests/s)', (name, tier, perSecond) => {
    const config = clientConfigFromEnv({ ...OAUTH, ZOOM_PLAN: name as string });
    expect(config.plan).toBe(tier);
    expect(rateLimitFor({ ...config, rateShare: 1 }).rps).toBe(perSecond);
  });

  it('reads every optional variable', () => {
    const config = clientConfigFromEnv({
      ...OAUTH,
      ZOOM_OAUTH_TOKEN_URL: 'http://127.0.0.1:9/oauth/token',
      ZOOM_API_BASE_URL: 'http://127.0.0.1:9/v2/',
      ZOOM_PLAN: 'Business',
      ZOOM_RATE_SHARE: '0.5',
      ZOOM_MAX_RPS: '200',
      ZOOM_CONCURRENCY: '16',
      ZOOM_MAX_ATTEMPTS: '3',
      ZOOM_TIMEOUT_MS: '2500',
    });
    expect(config).toEqual({
      auth: { kind: 'oauth', accountId: 'acc', clientId: 'cid', clientSecret: 'shh', tokenUrl: 'http://127.0.0.1:9/oauth/token' },
      apiBaseUrl: 'http://127.0.0.1:9/v2',
      plan: 'business',
      rateShare: 0.5,
      maxRps: 200,
      concurrency: 16,
      maxAttempts: 3,
      timeoutMs: 2500,
    });
  });

  it('uses ZOOM_ACCESS_TOKEN as is when the OAuth trio is not complete', () => {
    expect(clientConfigFromEnv({ ZOOM_ACCESS_TOKEN: 'tok' }).auth).toEqual({ kind: 'token', accessToken: 'tok' });
    expect(clientConfigFromEnv({ ...OAUTH, ZOOM_ACCESS_TOKEN: 'tok' }).auth.kind).toBe('oauth');
  });

  it.each([
    [{}, 'missing: ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET'],
    [{ ZOOM_ACCOUNT_ID: 'a', ZOOM_CLIENT_ID: 'c' }, 'missing: ZOOM_CLIENT_SECRET)'],
    [{ ZOOM_ACCOUNT_ID: 'a', ZOOM_CLIENT_SECRET: '  ' }, 'missing: ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET)'],
  ])('names the missing credentials: %p', (env, missing) => {
    const error = errorOf(env);
    expect(error.message).toContain('Zoom credentials are incomplete: set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (');
    expect(error.message).toContain(missing);
    expect(error.message).toContain('or ZOOM_ACCESS_TOKEN');
  });

  it.each([
    ['ZOOM_PLAN', 'platinum', 'ZOOM_PLAN must be one of free, basic, pro, business, business_plus, enterprise, enterprise_plus, education, api, partner, isv (got "platinum")'],
    ['ZOOM_RATE_SHARE', '1.5', 'ZOOM_RATE_SHARE must be a number greater than 0 and at most 1 (got "1.5")'],
    ['ZOOM_RATE_SHARE', '0', 'ZOOM_RATE_SHARE must be a number greater than 0 and at most 1 (got "0")'],
    ['ZOOM_MAX_RPS', 'fast', 'ZOOM_MAX_RPS must be a number of requests per second greater than 0 (got "fast")'],
    ['ZOOM_MAX_RPS', '-3', 'ZOOM_MAX_RPS must be a number of requests per second greater than 0 (got "-3")'],
    ['ZOOM_CONCURRENCY', '2.5', 'ZOOM_CONCURRENCY must be a whole number from 1 to 256 (got "2.5")'],
    ['ZOOM_CONCURRENCY', '1000', 'ZOOM_CONCURRENCY must be a whole number from 1 to 256 (got "1000")'],
    ['ZOOM_MAX_ATTEMPTS', '0', 'ZOOM_MAX_ATTEMPTS must be a whole number from 1 to 100 (got "0")'],
    ['ZOOM_TIMEOUT_MS', '10s', 'ZOOM_TIMEOUT_MS must be a whole number of milliseconds of at least 1 (got "10s")'],
    ['ZOOM_API_BASE_URL', 'api.zoom.us', 'ZOOM_API_BASE_URL must be an http(s) URL (got "api.zoom.us")'],
    ['ZOOM_OAUTH_TOKEN_URL', 'ftp://zoom.us/token', 'ZOOM_OAUTH_TOKEN_URL must be an http(s) URL (got "ftp://zoom.us/token")'],
  ])('rejects %s=%p with the variable and the value expected', (name, value, message) => {
    expect(errorOf({ ...OAUTH, [name]: value }).message).toBe(message);
  });

  it('never puts the client secret in a message', () => {
    const error = errorOf({ ...OAUTH, ZOOM_PLAN: 'x' });
    expect(error.message).not.toContain('shh');
  });
});

describe('rateLimitFor', () => {
  it.each([
    ['free', 0.8, undefined, 1.6, 1600],
    ['pro', 0.8, undefined, 16, null],
    ['business', 0.8, undefined, 48, null],
    ['business', 1, undefined, 60, null],
    ['pro', 0.8, 200, 200, null],
    ['free', 0.5, 5, 5, 1000],
  ] as const)('%s × %p (max %p) → %p rps, daily %p', (plan, rateShare, maxRps, rps, dailyBudget) => {
    const config = { auth: { kind: 'token' as const, accessToken: 't' }, plan, rateShare, maxAttempts: 5, timeoutMs: 1000, ...(maxRps ? { maxRps } : {}) };
    expect(rateLimitFor(config)).toEqual({ rps, dailyBudget });
  });
});
