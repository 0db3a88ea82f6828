/**
 * Structured logs on stderr (stdout is the command's output). Level from LOG_LEVEL (default warn).
 * Authorization headers, tokens, client secrets and passcodes are redacted by key wherever they appear.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export const REDACTED_KEYS = [
  'authorization',
  'Authorization',
  'access_token',
  'accessToken',
  'token',
  'client_secret',
  'clientSecret',
  'password',
  'pmi_password',
  'default_password_for_scheduled_meetings',
];

const REDACT_PATHS = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'warn', destination: NodeJS.WritableStream | number = 2): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { name: 'zoom-settings' } };
  if (typeof destination === 'number') return pino(options, pino.destination({ fd: destination, sync: true }));
  return pino(options, destination);
}

/** A logger that drops everything, for tests and pure callers that need one. */
export const silentLogger: Logger = pino({ level: 'silent' });
