/**
 * Structured logs on stderr (stdout is the command's output). Level from LOG_LEVEL (default warn).
 * Authorization headers, tokens, client secrets and passcodes are redacted by key wherever they appear, and every
 * string (fields and message) goes through the same redaction as server text (core/redact.ts): the run's known
 * secret values and anything shaped like a credential.
 */
import { pino, type Logger } from 'pino';
import { redactText, redactValue, SECRET_FIELD_NAMES, type SecretValues } from '../core/redact.js';
import { escapeControl } from '../core/safe-text.js';

export type { Logger };

export const REDACTED_KEYS = [...SECRET_FIELD_NAMES, 'Authorization'];

const REDACT_PATHS = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'warn', destination: NodeJS.WritableStream | number = 2, secrets?: SecretValues): Logger {
  const options = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { name: 'zoom-settings' },
    formatters: { log: (record: Record<string, unknown>) => ({ ...(redactValue(record, secrets) as Record<string, unknown>) }) },
    hooks: {
      // The message too: a control character or a secret in it must not reach stderr as it is.
      logMethod(this: Logger, args: unknown[], method: (...rest: unknown[]) => void) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? escapeControl(redactText(arg, secrets)) : arg)));
      },
    },
  };
  if (typeof destination === 'number') return pino(options, pino.destination({ fd: destination, sync: true }));
  return pino(options, destination);
}

/** A logger that drops everything, for tests and pure callers that need one. */
export const silentLogger: Logger = pino({ level: 'silent' });
