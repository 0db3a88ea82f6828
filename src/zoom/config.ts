/** The client's configuration and its one validation point: the environment (ARCHITECTURE.md, "validate once"). */
import { InputError } from '../core/errors.js';

export type ZoomPlan = 'free' | 'pro' | 'business';

export type ZoomAuthConfig =
  | { kind: 'oauth'; accountId: string; clientId: string; clientSecret: string; tokenUrl: string }
  | { kind: 'token'; accessToken: string };

export interface ZoomClientConfig {
  auth: ZoomAuthConfig;
  /** ZOOM_API_BASE_URL; else the token's api_url + '/v2'; else https://api.zoom.us/v2. */
  apiBaseUrl?: string;
  plan: ZoomPlan;
  /** The share of the account's MEDIUM limit this tool allows itself: the limit is shared by every app (§5.2). */
  rateShare: number;
  /** Overrides plan × share. */
  maxRps?: number;
  /** Fixed concurrency cap; default derived from the rate and the observed latency. */
  concurrency?: number;
  maxAttempts: number;
  timeoutMs: number;
}

export const DEFAULT_TOKEN_URL = 'https://zoom.us/oauth/token';
export const DEFAULT_API_BASE_URL = 'https://api.zoom.us/v2';

/** MEDIUM label per second and per day, zoom-api-facts.md §5.1. */
export const MEDIUM_LIMITS: Record<ZoomPlan, { perSecond: number; perDay: number | null }> = {
  free: { perSecond: 2, perDay: 2000 },
  pro: { perSecond: 20, perDay: null },
  business: { perSecond: 60, perDay: null },
};

/**
 * ZOOM_PLAN takes the account's plan as Zoom names it; the rate-limit table has three columns: Free, Pro and
 * Business+ ("Business, Education, Enterprise, Partners", zoom-api-facts.md §5.1). Each name maps to its column.
 */
export const PLAN_NAMES: ReadonlyMap<string, ZoomPlan> = new Map<string, ZoomPlan>([
  ['free', 'free'],
  ['basic', 'free'],
  ['pro', 'pro'],
  ['business', 'business'],
  ['business_plus', 'business'],
  ['enterprise', 'business'],
  ['enterprise_plus', 'business'],
  ['education', 'business'],
  ['api', 'business'],
  ['partner', 'business'],
  ['isv', 'business'],
]);

/** "Business Plus", "business-plus" and "BUSINESS_PLUS" are one name. */
export function planTier(name: string): ZoomPlan | undefined {
  return PLAN_NAMES.get(name.trim().toLowerCase().replace(/[\s-]+/g, '_'));
}
const OAUTH_VARIABLES = ['ZOOM_ACCOUNT_ID', 'ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET'] as const;

function read(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function numberVariable(
  env: NodeJS.ProcessEnv,
  name: string,
  expected: string,
  accept: (value: number) => boolean,
): number | undefined {
  const text = read(env, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^[+]?\d*\.?\d+(e[+-]?\d+)?$/i.test(text) || !Number.isFinite(value) || !accept(value)) {
    throw new InputError(`${name} must be ${expected} (got "${text}")`);
  }
  return value;
}

function urlVariable(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const text = read(env, name);
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`${name} must be an http(s) URL (got "${text}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`${name} must be an http(s) URL (got "${text}")`);
  }
  return text.replace(/\/+$/, '');
}

function authFromEnv(env: NodeJS.ProcessEnv): ZoomAuthConfig {
  const present = OAUTH_VARIABLES.filter((name) => read(env, name) !== undefined);
  const tokenUrl = urlVariable(env, 'ZOOM_OAUTH_TOKEN_URL') ?? DEFAULT_TOKEN_URL;
  if (present.length === OAUTH_VARIABLES.length) {
    return {
      kind: 'oauth',
      accountId: read(env, 'ZOOM_ACCOUNT_ID')!,
      clientId: read(env, 'ZOOM_CLIENT_ID')!,
      clientSecret: read(env, 'ZOOM_CLIENT_SECRET')!,
      tokenUrl,
    };
  }
  const accessToken = read(env, 'ZOOM_ACCESS_TOKEN');
  if (accessToken !== undefined) return { kind: 'token', accessToken };
  const missing = OAUTH_VARIABLES.filter((name) => !present.includes(name));
  const missingText = missing.length === 1 ? missing[0]! : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)!}`;
  throw new InputError(
    `Zoom credentials are incomplete: set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (missing: ${missingText}), or ZOOM_ACCESS_TOKEN`,
  );
}

export function clientConfigFromEnv(env: NodeJS.ProcessEnv): ZoomClientConfig {
  const auth = authFromEnv(env);
  const plan = planTier(read(env, 'ZOOM_PLAN') ?? 'pro');
  if (plan === undefined) {
    throw new InputError(`ZOOM_PLAN must be one of ${[...PLAN_NAMES.keys()].join(', ')} (got "${read(env, 'ZOOM_PLAN')}")`);
  }
  const config: ZoomClientConfig = {
    auth,
    plan,
    rateShare: numberVariable(env, 'ZOOM_RATE_SHARE', 'a number greater than 0 and at most 1', (v) => v > 0 && v <= 1) ?? 0.8,
    maxAttempts: numberVariable(env, 'ZOOM_MAX_ATTEMPTS', 'a whole number from 1 to 100', (v) => Number.isInteger(v) && v >= 1 && v <= 100) ?? 5,
    timeoutMs: numberVariable(env, 'ZOOM_TIMEOUT_MS', 'a whole number of milliseconds of at least 1', (v) => Number.isInteger(v) && v >= 1) ?? 30_000,
  };
  const apiBaseUrl = urlVariable(env, 'ZOOM_API_BASE_URL');
  if (apiBaseUrl !== undefined) config.apiBaseUrl = apiBaseUrl;
  const maxRps = numberVariable(env, 'ZOOM_MAX_RPS', 'a number of requests per second greater than 0', (v) => v > 0);
  if (maxRps !== undefined) config.maxRps = maxRps;
  const concurrency = numberVariable(env, 'ZOOM_CONCURRENCY', 'a whole number from 1 to 256', (v) => Number.isInteger(v) && v >= 1 && v <= 256);
  if (concurrency !== undefined) config.concurrency = concurrency;
  return config;
}

/** The proactive MEDIUM rate and daily budget this client allows itself. */
export function rateLimitFor(config: ZoomClientConfig): { rps: number; dailyBudget: number | null } {
  const limits = MEDIUM_LIMITS[config.plan];
  const rps = config.maxRps ?? limits.perSecond * config.rateShare;
  // The daily cap is per account like the per-second one (§5.2), so the same share applies.
  const dailyBudget = limits.perDay === null ? null : Math.max(1, Math.floor(limits.perDay * config.rateShare));
  return { rps, dailyBudget };
}
