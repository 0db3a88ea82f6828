/**
 * Keeps of a user's GET bodies only the values the report shows or a rule judges: 10,000 users' full bodies would
 * hold hundreds of megabytes, their projections a few kilobytes each. The projection has the bodies' shape, so the
 * same locators read it (plan/locator.ts).
 */
import { locate } from '../hierarchy/explain.js';
import type { LiveRead } from '../plan/build-user-plan.js';
import { liveValueAt } from '../plan/locator.js';
import type { Variant } from '../../schema/index.js';

type Bodies = Partial<Record<Variant, Record<string, unknown>>>;

function setAt(root: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = root;
  for (const step of path.slice(0, -1)) {
    const next = Object.hasOwn(node, step) ? node[step] : undefined;
    if (typeof next !== 'object' || next === null) node[step] = Object.create(null) as Record<string, unknown>;
    node = node[step] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

/** `settings` as written under `settings:` (in_meeting.chat, meeting_authentication.enabled). */
export function projectLive(live: LiveRead, settings: Iterable<string>): LiveRead {
  if (live.kind !== 'ok') return live;
  const kept: Bodies = {};
  for (const setting of settings) {
    const { variant, locator } = locate(setting);
    if (!locator) continue;
    const value = liveValueAt(live.settings[variant] ?? {}, locator);
    if (value === undefined) continue;
    kept[variant] ??= Object.create(null) as Record<string, unknown>;
    setAt(kept[variant]!, locator, value);
  }
  return { kind: 'ok', settings: kept };
}
