/**
 * Plans the account and the groups the desired state manages (issue 16 items 2 and 3), once per run, before any
 * user: names the group files' `group:` against GET /groups (an unknown or ambiguous name is an error naming
 * file:line:col), reads the few variants the hierarchy read left out, builds each level's entry, and counts the
 * users each change reaches (a group's members; the account: everyone, from GET /users' total_records).
 */
import type { GroupDoc, LevelDoc } from '../../core/desired/model.js';
import { formatPosition } from '../../core/desired/source.js';
import type { GroupSnapshot, HierarchySnapshot, LevelSnapshot } from '../../core/hierarchy/model.js';
import type { LevelOverlay } from '../../core/hierarchy/project.js';
import { shown } from '../../core/hierarchy/resolve.js';
import { buildLevelPlan, levelError, levelLeaves, levelVariants, type LevelDesired } from '../../core/plan/build-level-plan.js';
import type { SecretContext } from '../../core/plan/diff-settings.js';
import type { TargetPlan } from '../../core/plan/types.js';
import { OWN_ACCOUNT, type Target } from '../../core/targets/registry.js';
import type { ZoomClient } from '../../zoom/index.js';

/** The account and group files a run plans. */
export interface LevelDocs {
  account?: LevelDoc;
  groups: readonly GroupDoc[];
}

export interface PlannedLevels {
  /** Account first, then groups in file order. */
  entries: TargetPlan[];
  /** The desired values and locks of every level that was planned, for the projected hierarchy. */
  overlays: LevelOverlay[];
  /** MEDIUM requests spent beyond the hierarchy read. */
  reads: number;
}

export const NO_LEVELS: PlannedLevels = { entries: [], overlays: [], reads: 0 };

/** The group a file's `group:` names: its id exactly, or its name (case-insensitively); never a guess. */
function findGroup(doc: GroupDoc, groups: readonly GroupSnapshot[]): GroupSnapshot | string {
  const wanted = doc.group.name.trim();
  const byId = groups.find((g) => g.id === wanted);
  if (byId) return byId;
  const byName = groups.filter((g) => g.name.trim().toLowerCase() === wanted.toLowerCase());
  const at = formatPosition(doc.group.pos);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) return `${at}: group "${wanted}" is ambiguous: ${byName.length} groups in Zoom have that name (ids ${byName.map((g) => g.id).join(', ')}); name it by id`;
  const known = groups.map((g) => shown(g.name)).sort();
  return `${at}: group "${wanted}" is not in Zoom (${known.length > 0 ? `its groups: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}` : 'the account has no groups'})`;
}

export async function planLevels(client: ZoomClient, docs: LevelDocs, hierarchy: HierarchySnapshot | undefined, secrets: SecretContext): Promise<PlannedLevels> {
  if (!docs.account && docs.groups.length === 0) return NO_LEVELS;
  const planned: PlannedLevels = { entries: [], overlays: [], reads: 0 };
  const levels: Array<{ doc: LevelDoc; level: 'account' | 'group'; target: Target; name: string; live?: LevelSnapshot; members?: number; problem?: string }> = [];
  if (docs.account) levels.push({ doc: docs.account, level: 'account', target: OWN_ACCOUNT, name: 'the account', ...(hierarchy ? { live: hierarchy.account } : {}) });
  for (const doc of docs.groups) {
    const found = hierarchy ? findGroup(doc, hierarchy.groups) : undefined;
    if (typeof found === 'string') levels.push({ doc, level: 'group', target: { kind: 'group', id: doc.group.name }, name: `group ${doc.group.name}`, problem: found });
    else if (found) levels.push({ doc, level: 'group', target: { kind: 'group', id: found.id }, name: `group ${shown(found.name)}`, live: found, members: found.members ?? 0 });
    else levels.push({ doc, level: 'group', target: { kind: 'group', id: doc.group.name }, name: `group ${doc.group.name}` });
  }
  for (const level of levels) {
    if (level.problem) {
      planned.entries.push(levelError(level.target, level.name, level.problem));
      continue;
    }
    if (!level.live) {
      planned.entries.push(levelError(level.target, level.name, `${level.doc.file}: not planned: the account and group settings could not be read (grant the account:read:admin and group:read:admin scopes)`));
      continue;
    }
    const desired: LevelDesired = { target: level.target, name: level.name, ...levelLeaves(level.doc, level.level) };
    // The hierarchy read left out a level's settings in variants it locks nothing in: read those now, and keep them
    // in the snapshot so the projected hierarchy knows the value a new lock will hold.
    for (const variant of levelVariants({ settings: [...desired.settings, ...desired.locks], locks: [] }).settings) {
      if (level.live.settings[variant]) continue;
      level.live.settings[variant] = await client.getSettings(level.target, variant);
      planned.reads += 1;
    }
    const scope = level.level === 'account' ? 'the account' : level.name;
    const entry = buildLevelPlan(desired, level.live, secrets, { users: level.members ?? 0, scope });
    if (entry.status === 'change' && level.level === 'account') {
      entry.affects = { users: await client.countUsers(), scope };
      planned.reads += 1;
    }
    planned.entries.push(entry);
    planned.overlays.push({ target: level.target, settings: desired.settings, locks: desired.locks });
  }
  return planned;
}
