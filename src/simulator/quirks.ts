/** Quirk switches (types.ts QuirkOptions) checked once, at the boundary, with messages that name the switch. */
import type { QuirkOptions } from './types.js';

const BOOLEAN_QUIRKS = ['authProfilesWhenOff', 'rateLimitCounts', 'bareDailyLimit'] as const;
const TOKEN_REGIMES = ['concurrent', 'latest-only'];

export function validateQuirks(input: unknown): QuirkOptions {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new RangeError('Expected quirk options to be an object');
  const quirks = input as Record<string, unknown>;
  const out: QuirkOptions = {};
  for (const key of Object.keys(quirks)) {
    const value = quirks[key];
    if ((BOOLEAN_QUIRKS as readonly string[]).includes(key)) {
      if (typeof value !== 'boolean') throw new RangeError(`Expected \`${key}\` to be true or false, got ${JSON.stringify(value)}`);
      out[key as (typeof BOOLEAN_QUIRKS)[number]] = value;
    } else if (key === 'tokenRegime') {
      if (typeof value !== 'string' || !TOKEN_REGIMES.includes(value)) {
        throw new RangeError(`Expected \`tokenRegime\` to be ${TOKEN_REGIMES.join(' or ')}, got ${JSON.stringify(value)}`);
      }
      out.tokenRegime = value as QuirkOptions['tokenRegime'];
    } else {
      throw new RangeError(`Unknown quirk \`${key}\``);
    }
  }
  return out;
}
