/**
 * One redaction for everything that may hold a secret: log records and text that came from a server (Zoom's 400
 * field errors can echo the request body with its passcodes; a token endpoint's error can echo the Basic
 * credentials; an API error can echo the Authorization header). Two layers:
 * - the secret VALUES known to this run (client secret, the Basic header value, issued access tokens, resolved
 *   `{ env: NAME }` passcodes), replaced wherever they appear, and
 * - the SHAPES of secrets (`Bearer …`, `Basic …`, `"pmi_password": "…"`, `access_token=…`), for values this run
 *   never saw.
 * Pure: the values are registered by the edges that learn them (zoom client, token provider, secret context).
 */

export const REDACTED = '[redacted]';

/** Values shorter than this are not hunted for in text: "1" or "on" would garble every message. */
const MIN_SECRET_LENGTH = 4;

/** Field names whose values are secrets (zoom-api-facts.md §4.3), in JSON, form or header spelling. */
export const SECRET_FIELD_NAMES = [
  'authorization',
  'access_token',
  'accessToken',
  'refresh_token',
  'token',
  'client_secret',
  'clientSecret',
  'password',
  'passcode',
  'pmi_password',
  'default_password_for_scheduled_meetings',
] as const;

/** In prose, a bare "token:" or "authorization:" is a word, not a field: the text pattern names only fields. */
const FIELD_ALTERNATION = SECRET_FIELD_NAMES.filter((name) => name !== 'token' && name !== 'authorization').join('|');
/** `"pmi_password":"123"`, `pmi_password: 123`, `access_token=abc` (JSON, YAML-ish, form, query). */
const SECRET_FIELD = new RegExp(`((?:["']?)(?:${FIELD_ALTERNATION})(?:["']?)\\s*[:=]\\s*)("(?:[^"\\\\]|\\\\.)*"|'[^']*'|[^\\s,;&}\\]]+)`, 'gi');
/**
 * An HTTP credential: `Bearer eyJ…`, `Basic Y2xpZW50OnNlY3JldA==`. In prose "Basic" is also a Zoom plan ("Basic
 * users"), so a Basic credential must look like base64 (8+ characters with a digit, "+", "/" or "=").
 */
const CREDENTIAL = /\b(Bearer|Basic)(\s+)(?:(?<=Bearer\s+)[A-Za-z0-9._~+/=-]{8,}|(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{8,}={0,2})/gi;
/** A JWT anywhere (Zoom's access tokens are JWTs): three base64url parts, the first starting with `eyJ`. */
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/**
 * A password in a URL's userinfo: `http://user:pass@proxy:3128` (HTTPS_PROXY is where one usually sits; a
 * connection error can name the proxy URL). The user name stays: it says which account, not how to act as it.
 */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*:)([^\s/?#@]+)(@)/gi;

/** The secret values a run knows about. Values are added as the run learns them and never removed. */
export class SecretValues {
  private readonly values = new Set<string>();
  /** Longest first, so a value that contains another is replaced whole. */
  private sorted: string[] | null = [];

  add(value: string | undefined | null): void {
    if (typeof value !== 'string') return;
    const trimmed = value.trim();
    if (trimmed.length < MIN_SECRET_LENGTH || this.values.has(trimmed)) return;
    this.values.add(trimmed);
    this.sorted = null;
  }

  get size(): number {
    return this.values.size;
  }

  list(): readonly string[] {
    this.sorted ??= [...this.values].sort((a, b) => b.length - a.length);
    return this.sorted;
  }
}

/** `text` with every known secret value and every secret-shaped token replaced by [redacted]. */
export function redactText(text: string, known?: SecretValues): string {
  let out = text;
  if (known) for (const value of known.list()) if (out.includes(value)) out = out.split(value).join(REDACTED);
  return out
    .replace(CREDENTIAL, (_match, scheme: string, space: string) => `${scheme}${space}${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(URL_PASSWORD, (_match, head: string, _password: string, at: string) => `${head}${REDACTED}${at}`)
    .replace(SECRET_FIELD, (_match, prefix: string, value: string) => (value === `"${REDACTED}"` || value === REDACTED ? `${prefix}${value}` : `${prefix}"${REDACTED}"`));
}

const SECRET_KEYS = new Set<string>(SECRET_FIELD_NAMES.map((name) => name.toLowerCase()));

/**
 * A copy of `value` with every string redacted and the values of secret-named keys replaced. Objects come back
 * without a prototype, so a key `__proto__` from a server stays a plain key.
 */
export function redactValue(value: unknown, known?: SecretValues, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value, known);
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, known, depth + 1));
  if (value instanceof Error) return value;
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEYS.has(key.toLowerCase()) && item !== null && item !== undefined && typeof item !== 'boolean' ? REDACTED : redactValue(item, known, depth + 1);
  }
  return out;
}
