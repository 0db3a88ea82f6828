/**
 * Secrets never appear in plans or journals: a passcode is replaced by a salted fingerprint (HMAC-SHA256). The
 * HMAC key is derived from the plan's salt and, when available, the OAuth client secret (or
 * ZOOM_SETTINGS_FINGERPRINT_KEY), so someone holding only a plan file cannot test guesses of a short numeric
 * passcode against its fingerprint.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { SecretContext } from '../core/plan/diff-settings.js';
import type { SecretValues } from '../core/redact.js';
import type { Hasher } from '../core/render/json.js';

export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

/** `known`: where resolved passcodes are registered, so a server that echoes one back is redacted (core/redact.ts). */
export function secretContext(env: NodeJS.ProcessEnv, salt: string, known?: SecretValues): SecretContext {
  const keyMaterial = env.ZOOM_SETTINGS_FINGERPRINT_KEY ?? env.ZOOM_CLIENT_SECRET ?? '';
  const key = createHash('sha256').update(`zoom-settings:${salt}:`).update(keyMaterial).digest();
  const cache = new Map<string, string>();
  return {
    resolveSecret: (name) => {
      const value = env[name];
      if (value === undefined || value === '') return undefined;
      known?.add(value);
      return value;
    },
    fingerprint(value) {
      let fp = cache.get(value);
      if (!fp) {
        fp = `hmac-sha256:${createHmac('sha256', key).update(value).digest('hex').slice(0, 32)}`;
        if (cache.size < 10_000) cache.set(value, fp);
      }
      return fp;
    },
  };
}

export function sha256Hasher(): Hasher {
  const hash = createHash('sha256');
  return {
    update: (text) => void hash.update(text),
    digest: () => `sha256:${hash.digest('hex')}`,
  };
}
