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

/** The `{ $secret: { env, fingerprint } }` placeholders of a request body, by variable. */
export function collectPlaceholders(body: unknown, into: Map<string, Set<string>>): void {
  if (isPlaceholder(body)) {
    const { env, fingerprint } = body.$secret;
    const seen = into.get(env) ?? new Set<string>();
    seen.add(fingerprint);
    into.set(env, seen);
    return;
  }
  if (body && typeof body === 'object' && !Array.isArray(body)) for (const value of Object.values(body)) collectPlaceholders(value, into);
}

/**
 * What keeps a plan's passcodes from being sent as reviewed: variables unset, or set to another value than the
 * plan's fingerprint. Checked for the whole plan before the first PATCH, so a run never applies half its users.
 */
export function placeholderProblems(placeholders: ReadonlyMap<string, ReadonlySet<string>>, secrets: SecretContext): string[] {
  const problems: string[] = [];
  for (const [env, fingerprints] of [...placeholders].sort(([a], [b]) => a.localeCompare(b))) {
    const actual = secrets.resolveSecret(env);
    if (actual === undefined) problems.push(`${env} is not set (it holds a passcode the plan sets)`);
    else if (![...fingerprints].includes(secrets.fingerprint(actual))) problems.push(`${env} has changed since the plan was made (its fingerprint differs)`);
  }
  return problems;
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
