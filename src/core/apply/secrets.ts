/**
 * A plan never holds a passcode: its bodies carry `{ $secret: { env, fingerprint } }`. At apply time the value is
 * read from the environment again and must still have the plan's fingerprint, so what is sent is what was reviewed.
 */
import type { SecretContext } from '../plan/diff-settings.js';

export class SecretChangedError extends Error {
  override name = 'SecretChangedError';
}

function isPlaceholder(value: unknown): value is { $secret: { env: string; fingerprint: string } } {
  return typeof value === 'object' && value !== null && '$secret' in value;
}

export function resolveSecrets(body: Record<string, unknown>, secrets: SecretContext): Record<string, unknown> {
  const resolve = (value: unknown): unknown => {
    if (isPlaceholder(value)) {
      const { env, fingerprint } = value.$secret;
      const actual = secrets.resolveSecret(env);
      if (actual === undefined) throw new SecretChangedError(`environment variable ${env} is not set; it holds a passcode the plan sets`);
      if (secrets.fingerprint(actual) !== fingerprint) throw new SecretChangedError(`the value of ${env} changed since the plan was made; re-run plan`);
      return actual;
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    }
    return value;
  };
  return resolve(body) as Record<string, unknown>;
}
