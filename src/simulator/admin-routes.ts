/**
 * /_sim/* endpoints for a simulator running in another process (the demo, the benchmark). No auth, no rate limit,
 * not counted and not logged; passcodes are masked in what they return.
 */
import { VARIANTS, type Variant } from '../schema/index.js';
import { UnknownUserError } from './account.js';
import { isPlainObject } from './settings-paths.js';
import { parseJson } from './http-util.js';
import { maskSecrets } from './secret-values.js';
import type { RequestLogEntry, SimUserSnapshot, SimulatorCounters } from './types.js';

export interface AdminControls {
  counters(): SimulatorCounters;
  maskedLog(): RequestLogEntry[];
  setFaults(faults: unknown): void;
  setQuirks(quirks: unknown): void;
  expireAllTokens(): void;
  nextDay(): void;
  lock(user: string, variant: Variant, path: string[]): void;
  setSetting(user: string, variant: Variant, path: string[], value: unknown): void;
  user(key: string): SimUserSnapshot | undefined;
}

export interface AdminAnswer {
  status: number;
  body?: unknown;
}

const NO_CONTENT: AdminAnswer = { status: 204 };

class AdminInputError extends Error {}

function target(body: Record<string, unknown>): { user: string; variant: Variant; path: string[] } {
  const { user, variant, path } = body;
  if (typeof user !== 'string' || user === '') throw new AdminInputError('Expected `user` to be an id or email');
  if (typeof variant !== 'string' || !(VARIANTS as readonly string[]).includes(variant)) {
    throw new AdminInputError(`Expected \`variant\` to be one of ${VARIANTS.join(', ')}`);
  }
  if (!Array.isArray(path) || path.length === 0 || !path.every((step) => typeof step === 'string')) {
    throw new AdminInputError('Expected `path` to be a non-empty array of strings');
  }
  return { user, variant: variant as Variant, path: path as string[] };
}

export function answerAdmin(method: string, pathname: string, rawBody: string, controls: AdminControls): AdminAnswer {
  const route = `${method} ${pathname.replace(/\/$/, '')}`;
  try {
    if (route === 'GET /_sim/stats') return { status: 200, body: controls.counters() };
    if (route === 'GET /_sim/log') return { status: 200, body: controls.maskedLog() };
    if (method === 'GET' && pathname.startsWith('/_sim/user/')) {
      const snapshot = controls.user(decodeURIComponent(pathname.slice('/_sim/user/'.length)));
      return snapshot ? { status: 200, body: maskSecrets(snapshot) } : { status: 404, body: { error: 'no such user' } };
    }
    if (route === 'POST /_sim/expire-tokens') {
      controls.expireAllTokens();
      return NO_CONTENT;
    }
    if (route === 'POST /_sim/next-day') {
      controls.nextDay();
      return NO_CONTENT;
    }
    const needsBody = ['POST /_sim/faults', 'POST /_sim/quirks', 'POST /_sim/lock', 'POST /_sim/set'];
    if (!needsBody.includes(route)) return { status: 404, body: { error: `unknown admin route ${route}` } };
    const parsed = parseJson(rawBody);
    if (!parsed.ok || !isPlainObject(parsed.value)) throw new AdminInputError('Expected a JSON object body');
    const body = parsed.value;
    if (route === 'POST /_sim/faults') controls.setFaults(body);
    else if (route === 'POST /_sim/quirks') controls.setQuirks(body);
    else if (route === 'POST /_sim/lock') {
      const { user, variant, path } = target(body);
      controls.lock(user, variant, path);
    } else {
      const { user, variant, path } = target(body);
      if (!('value' in body)) throw new AdminInputError('Expected a `value`');
      controls.setSetting(user, variant, path, body.value);
    }
    return NO_CONTENT;
  } catch (error) {
    const known = error instanceof AdminInputError || error instanceof RangeError || error instanceof UnknownUserError;
    if (!known) throw error;
    return { status: 400, body: { error: (error as Error).message } };
  }
}
