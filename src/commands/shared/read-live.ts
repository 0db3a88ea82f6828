/** Reads the variants a user's desired state manages (only those: each GET is a MEDIUM request). */
import type { LiveRead } from '../../core/plan/build-user-plan.js';
import type { Variant } from '../../schema/index.js';
import { AuthError, DailyLimitError, MissingScopesError, ZoomApiError, ZoomUnavailableError, type ZoomClient } from '../../zoom/index.js';
import { InputError } from '../../core/errors.js';

export async function readLive(client: ZoomClient, user: string, variants: readonly Variant[]): Promise<LiveRead> {
  const settings: Partial<Record<Variant, Record<string, unknown>>> = {};
  try {
    // A pending user's first refusal ends the loop: no further request is sent for them in this run.
    for (const variant of variants) settings[variant] = await client.getUserSettings(user, variant);
    return { kind: 'ok', settings };
  } catch (error) {
    if (error instanceof DailyLimitError) throw planningCutOff(error);
    return liveFailure(error);
  }
}

/**
 * Zoom's daily limit while planning ends the plan: no request can succeed before the reset (zoom-api-facts.md §5.1),
 * and a plan missing users can neither be reviewed nor judged by the guards. Reporting the rest of the users as
 * failed would leave them in a plan that `apply --resume` could never finish.
 */
function planningCutOff(error: DailyLimitError): InputError {
  return new InputError(`${error.message}; the plan is incomplete and nothing was sent to Zoom: run it again after ${error.resetAt.toISOString()}`);
}

/**
 * Failures that are the same for every user (missing scopes, an outage: zoom/run-latch.ts) stop the run with one
 * message; reporting each user as failed would say the same thing thousands of times.
 */
export function runStopper(error: unknown): InputError | undefined {
  if (error instanceof MissingScopesError) return new InputError(error.message);
  if (error instanceof ZoomUnavailableError) return new InputError(`${error.message}; nothing was sent to Zoom: run it again when the API answers`);
  return undefined;
}

/**
 * 1001 is a state of the user, and 1000 (pending) and 1120 (expired invitation) say the user is not managed yet
 * (zoom-api-facts.md §9.1): none of them is a failure of the run.
 */
export function liveFailure(error: unknown): LiveRead {
  const stop = runStopper(error);
  if (stop) throw stop;
  if (error instanceof ZoomApiError && error.isNotFound) return { kind: 'not-found' };
  if (error instanceof ZoomApiError && error.isPending) return { kind: 'pending', reason: error.pendingReason };
  if (error instanceof AuthError) throw new InputError(error.message);
  if (error instanceof DailyLimitError || error instanceof ZoomApiError) return { kind: 'error', message: error.message };
  return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
}
