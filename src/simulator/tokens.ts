/**
 * Server-to-Server OAuth (zoom-api-facts.md §6): POST /oauth/token?grant_type=account_credentials&account_id=…
 * with HTTP Basic client_id:client_secret (or the same fields as a form body). No refresh tokens; a token lives
 * tokenTtlSeconds on the simulator's clock.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from './types.js';

export interface Credentials {
  accountId: string;
  clientId: string;
  clientSecret: string;
  /** A second app on the same account whose tokens carry read scopes only (zoom-api-facts.md §9.4). */
  readOnlyClientId: string;
  readOnlyClientSecret: string;
}

export type TokenScopes = 'read-write' | 'read-only';

/** What each kind of token is granted, as Zoom's token answer lists it. */
export const SCOPE_TEXT: Record<TokenScopes, string> = {
  'read-write': 'user:read:admin user:write:admin',
  'read-only': 'user:read:admin',
};

/** The scopes a write needs, as Zoom's 4711 message names them (zoom-api-facts.md §9.4). */
export const WRITE_SCOPES = ['user:write:admin', 'user:update:settings:admin'];

export type TokenRegime = 'concurrent' | 'latest-only';

interface IssuedToken {
  expiresAt: number;
  scopes: TokenScopes;
  clientId: string;
}

export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();
  issued = 0;
  regime: TokenRegime = 'concurrent';

  constructor(
    private readonly clock: Clock,
    readonly ttlSeconds: number,
  ) {}

  issue(scopes: TokenScopes = 'read-write', clientId = ''): string {
    // Before 2023-06-20 a new token of an app invalidated the previous one (zoom-api-facts.md §9.7).
    if (this.regime === 'latest-only') for (const [token, issued] of this.tokens) if (issued.clientId === clientId) this.tokens.delete(token);
    const token = `sim.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, { expiresAt: this.clock.now() + this.ttlSeconds * 1000, scopes, clientId });
    this.issued += 1;
    return token;
  }

  isValid(token: string): boolean {
    const issued = this.tokens.get(token);
    return issued !== undefined && this.clock.now() < issued.expiresAt;
  }

  scopesOf(token: string): TokenScopes | undefined {
    return this.tokens.get(token)?.scopes;
  }

  /** Every token issued so far stops working; later tokens are unaffected. */
  expireAll(): void {
    this.tokens.clear();
  }
}

export interface TokenRequest {
  method: string;
  query: URLSearchParams;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export function answerTokenRequest(request: TokenRequest, credentials: Credentials, store: TokenStore, apiUrl: string): TokenAnswer {
  if (request.method !== 'POST') {
    return { status: 405, body: { reason: 'Method not allowed', error: 'invalid_request' } };
  }
  const form = /application\/x-www-form-urlencoded/i.test(request.contentType ?? '') ? new URLSearchParams(request.body) : undefined;
  const field = (name: string): string | undefined => request.query.get(name) ?? form?.get(name) ?? undefined;
  const basic = basicCredentials(request.authorization);
  const clientId = basic?.id ?? field('client_id');
  const clientSecret = basic?.secret ?? field('client_secret');
  const scopes: TokenScopes | undefined =
    clientId === credentials.clientId && clientSecret === credentials.clientSecret
      ? 'read-write'
      : clientId === credentials.readOnlyClientId && clientSecret === credentials.readOnlyClientSecret
        ? 'read-only'
        : undefined;
  if (scopes === undefined) {
    return { status: 401, body: { reason: 'Invalid client_id or client_secret', error: 'invalid_client' } };
  }
  if (field('grant_type') !== 'account_credentials') {
    return { status: 400, body: { reason: 'Unsupported grant type', error: 'invalid_request' } };
  }
  if (field('account_id') !== credentials.accountId) {
    return { status: 400, body: { reason: 'Invalid account_id', error: 'invalid_request' } };
  }
  return {
    status: 200,
    body: {
      access_token: store.issue(scopes, clientId),
      token_type: 'bearer',
      expires_in: store.ttlSeconds,
      scope: SCOPE_TEXT[scopes],
      api_url: apiUrl,
    },
  };
}
