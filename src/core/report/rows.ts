/** One user's report rows: per managed setting the live value, its origin and its lock. Rule results come later (rules.ts). */
import { locate } from '../hierarchy/explain.js';
import { groupsOf, type HierarchySnapshot } from '../hierarchy/model.js';
import { resolveFor } from '../hierarchy/resolve.js';
import type { LiveRead } from '../plan/build-user-plan.js';
import { liveValueAt } from '../plan/locator.js';
import { SENSITIVE } from '../plan/types.js';
import { fieldAt } from '../../schema/index.js';
import type { ReportRow, UserReadStatus } from './model.js';
import { originOf } from './where.js';

export function readStatus(live: LiveRead): UserReadStatus {
  return live.kind;
}

/** The live value of a setting as written under `settings:` (undefined when Zoom returned none). Unmasked: for rules. */
export function liveSetting(live: LiveRead, setting: string): unknown {
  if (live.kind !== 'ok') return undefined;
  const { variant, locator } = locate(setting);
  return locator ? liveValueAt(live.settings[variant] ?? {}, locator) : undefined;
}

export function userRows(user: string, settings: readonly string[], live: LiveRead, hierarchy: HierarchySnapshot | undefined): ReportRow[] {
  const groups = hierarchy ? groupsOf(hierarchy, user) : [];
  return settings.map((setting) => {
    const { variant, locator } = locate(setting);
    const value = liveSetting(live, setting);
    const resolution = hierarchy && locator ? resolveFor(hierarchy.account, groups, variant, locator) : null;
    const origin = originOf(resolution, value);
    // Passcodes never reach output (§4.3).
    const secret = locator !== undefined && fieldAt(variant, locator)?.secret === true;
    return { user, setting, value: secret && value !== undefined ? SENSITIVE : value, status: readStatus(live), ...origin, rules: [] };
  });
}
