/**
 * Access tokens. Server-to-Server OAuth: POST tokenUrl?grant_type=account_credentials&account_id=… with HTTP Basic
 * client_id:client_secret; tokens live an hour and there is no refresh token, so ask again (zoom-api-facts.md §6).
 * One token request at a time however many calls wait (single flight); refresh 60 s before expiry.
 */
import type { Logger } from '../io/logger.js';
import { backoffDelay } from '../core/retry-timing.js';
import type { SecretValues } from '../core/redact.js';
import type { ZoomAuthConfig } from './config.js';
import type { HttpTransport } from './transport.js';
import { AuthError } from './errors.js';
import { describeNetworkError, isRetryableNetworkError } from './network-errors.js';
import { serverText } from './server-text.js';
import type { Timers } from './timers.js';

export interface AccessToken {
  value: string;
  /** The token response's api_url (clients append /v2), when given. */
  apiUrl: string | null;
}

export interface TokenProvider {
  get(): Promise<AccessToken>;
  /** `token` was rejected (401, code 124): forget it if still current. False when no new token can be had. */
  invalidate(token: AccessToken): boolean;
  /** Token requests made so far. */
  readonly requests: number;
}

/** ZOOM_ACCESS_TOKEN: used as is, never refreshed. */
export class StaticTokenProvider implements TokenProvider {
  readonly requests = 0;
  private readonly token: AccessToken;
  constructor(accessToken: string) {
    this.token = { value: accessToken, apiUrl: null };
  }
  get(): Promise<AccessToken> {
    return Promise.resolve(this.token);
  }
  invalidate(): boolean {
    return false;
  }
}

interface CachedToken extends AccessToken {
  refreshAt: number;
}

const REFRESH_MARGIN_MS = 60_000;
const MIN_REFRESH_GAP_MS = 1000;

export interface OAuthTokenProviderOptions {
  auth: Extract<ZoomAuthConfig, { kind: 'oauth' }>;
  http: HttpTransport;
  timers: Timers;
  random: () => number;
  logger: Logger;
  maxAttempts: number;
  /** Where issued tokens are registered, so no later answer or log can show them. */
  secrets?: SecretValues;
}

export class OAuthTokenProvider implements TokenProvider {
  requests = 0;
  private current: CachedToken | null = null;
  private inflight: Promise<AccessToken> | null = null;

  constructor(private readonly options: OAuthTokenProviderOptions) {}

  get(): Promise<AccessToken> {
    if (this.current && this.options.timers.now() < this.current.refreshAt) return Promise.resolve(this.current);
    if (!this.inflight) {
      this.inflight = this.fetchToken().finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  invalidate(token: AccessToken): boolean {
    if (this.current !== null && this.current.value === token.value) this.current = null;
    return true;
  }

  private async fetchToken(): Promise<AccessToken> {
    const { auth, timers, random, logger, maxAttempts } = this.options;
    for (let attempt = 1; ; attempt += 1) {
      const started = timers.now();
      this.requests += 1;
      let outcome: { token: CachedToken } | { retry: AuthError } | { fail: AuthError };
      try {
        const query = new URLSearchParams({ grant_type: 'account_credentials', account_id: auth.accountId });
        const basic = Buffer.from(`${auth.clientId}:${auth.clientSecret}`).toString('base64');
        const response = await this.options.http.request({
          method: 'POST',
          url: `${auth.tokenUrl}${auth.tokenUrl.includes('?') ? '&' : '?'}${query.toString()}`,
          headers: { Authorization: `Basic ${basic}` },
        });
        logger.debug({ method: 'POST', path: 'oauth/token', status: response.status, ms: timers.now() - started, attempt }, 'token request');
        outcome = this.interpret(response.status, response.data, started);
      } catch (error) {
        const failure = new AuthError(
          `could not reach Zoom's token endpoint ${auth.tokenUrl} (${describeNetworkError(error)}): check ZOOM_OAUTH_TOKEN_URL`,
          null,
          null,
          new Error(describeNetworkError(error)),
        );
        outcome = isRetryableNetworkError(error) ? { retry: failure } : { fail: failure };
      }
      if ('token' in outcome) {
        this.current = outcome.token;
        return outcome.token;
      }
      if ('fail' in outcome || attempt >= maxAttempts) throw 'fail' in outcome ? outcome.fail : outcome.retry;
      const delay = backoffDelay(attempt, random);
      logger.info({ attempt, delayMs: delay, reason: outcome.retry.message }, 'retrying token request');
      await timers.sleep(delay);
    }
  }

  private interpret(status: number, data: unknown, started: number): { token: CachedToken } | { retry: AuthError } | { fail: AuthError } {
    const body = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
    // The endpoint's words are server text: an error can echo the Basic credentials (server-text.ts).
    const text = (value: unknown): string | null => (typeof value === 'string' ? serverText(value, this.options.secrets) : null);
    const reason = text(body.reason) ?? text(body.error_description);
    const errorName = text(body.error);
    const said = [errorName, reason].filter((part) => part !== null).join(': ');
    const answer = `HTTP ${status}${said ? ` ${said}` : ''}`;
    if (status >= 200 && status < 300) {
      if (typeof body.access_token !== 'string' || body.access_token === '') {
        return { fail: new AuthError(`Zoom's token endpoint answered ${answer} without an access_token: check ZOOM_OAUTH_TOKEN_URL`, status, null) };
      }
      const lifetimeMs = (typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600) * 1000;
      // Refresh 60 s early; a very short-lived token still waits at least a second before the next request.
      const refreshAt = started + Math.max(MIN_REFRESH_GAP_MS, lifetimeMs - REFRESH_MARGIN_MS);
      const apiUrl = typeof body.api_url === 'string' && body.api_url !== '' ? body.api_url : null;
      this.options.secrets?.add(body.access_token);
      return { token: { value: body.access_token, apiUrl, refreshAt } };
    }
    if (status === 401 || errorName === 'invalid_client') {
      return { fail: new AuthError(`Zoom refused the client credentials (${answer}): check ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET`, status, reason) };
    }
    if (status === 400) {
      return {
        fail: new AuthError(
          `Zoom refused the token request (${answer}): check ZOOM_ACCOUNT_ID and that the app is a Server-to-Server OAuth app`,
          status,
          reason,
        ),
      };
    }
    const error = new AuthError(`Zoom's token endpoint answered ${answer}: check ZOOM_OAUTH_TOKEN_URL`, status, reason);
    return status >= 500 ? { retry: error } : { fail: error };
  }
}
