/** Failures with no HTTP answer: which are worth retrying, and how to name them without leaking request config. */
import { HttpTransportError } from './transport.js';

/** Connection resets, timeouts and hang-ups are transient; a refused connection or a bad URL is not. */
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ESOCKETTIMEDOUT']);

export function networkErrorCode(error: unknown): string {
  if (error instanceof HttpTransportError && error.code === 'ETIMEDOUT') return 'timeout';
  if (error instanceof Error && /socket hang up/i.test(error.message)) return 'ECONNRESET';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'network-error';
}

export function isRetryableNetworkError(error: unknown): boolean {
  if (error instanceof Error && /socket hang up/i.test(error.message)) return true;
  const code = networkErrorCode(error);
  return code === 'timeout' || RETRYABLE_CODES.has(code);
}

/**
 * A one-line description of a failed request: the code and message only, never the request (its headers hold the
 * Authorization header).
 */
export function describeNetworkError(error: unknown): string {
  const code = networkErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return message.includes(code) ? message : `${code}: ${message}`;
}
