/** The acknowledged drift a run honours (drift, watch): the directory's drift-acks/*.yaml, judged on today's date. */
import { isCalendarDate } from '../../core/desired/drift-acks.js';
import type { DesiredState } from '../../core/desired/model.js';
import { UsageError } from '../../core/errors.js';
import type { PlanExtras } from './plan-run.js';

/**
 * Today as a UTC calendar date. ZOOM_SETTINGS_TODAY=YYYY-MM-DD sets it, so a test (or a rehearsal of next week's
 * run) can judge expiry dates without touching the clock.
 */
export function todayFrom(env: NodeJS.ProcessEnv, now: Date, command: string): string {
  const set = env.ZOOM_SETTINGS_TODAY;
  if (set === undefined || set === '') return now.toISOString().slice(0, 10);
  if (!isCalendarDate(set)) throw new UsageError(`ZOOM_SETTINGS_TODAY must be a date written YYYY-MM-DD, not "${set}"`, command);
  return set;
}

export function driftAcksOf(layers: DesiredState, today: string): NonNullable<PlanExtras['acks']> {
  return { list: layers.driftAcks ?? [], today };
}
