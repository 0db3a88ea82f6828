/**
 * The version `--version` prints, read from the package.json shipped beside the code (src/io → ../../, and the
 * same from dist/io), so a release bump cannot leave the CLI saying an old number.
 */
import { readFileSync } from 'node:fs';

const MAX_PACKAGE_JSON_BYTES = 256 * 1024;

export function packageVersion(): string {
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    if (text.length > MAX_PACKAGE_JSON_BYTES) return 'unknown';
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && Object.hasOwn(parsed, 'version')) {
      const version = (parsed as { version: unknown }).version;
      if (typeof version === 'string') return version;
    }
  } catch {
    // A package without its package.json (an unusual bundle): say so rather than invent a number.
  }
  return 'unknown';
}
