/** Reads the variants a user's desired state manages (only those: each GET is a MEDIUM request). */
import type { LiveRead } from '../../core/plan/build-user-plan.js';
import type { Variant } from '../../schema/index.js';
import { AuthError, DailyLimitError, ZoomApiError, type ZoomClient } from '../../zoom/index.js';
import { InputError } from '../../core/errors.js';

export async function readLive(client: ZoomClient, user: string, variants: readonly Variant[]): Promise<LiveRead> {
  const settings: Partial<Record<Variant, Record<string, unknown>>> = {};
  try {
    for (const variant of variants) settings[variant] = await client.getUserSettings(user, variant);
    return { kind: 'ok', settings };
  } catch (error) {
    return liveFailure(error);
  }
}

/** 1001 and 1120 are states of a user, not failures of the run (zoom-api-facts.md §7.7). */
export function liveFailure(error: unknown): LiveRead {
  if (error instanceof ZoomApiError && error.isNotFound) return { kind: 'not-found' };
  if (error instanceof ZoomApiError && error.isPending) return { kind: 'pending' };
  if (error instanceof AuthError) throw new InputError(error.message);
  if (error instanceof DailyLimitError || error instanceof ZoomApiError) return { kind: 'error', message: error.message };
  return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
}
