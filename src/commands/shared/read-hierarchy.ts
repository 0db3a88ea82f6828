/**
 * Reads the settings hierarchy once per run (issue 15, item 3; zoom-api-facts.md §9.10, all MEDIUM through the
 * client's one limiter): the account's lock settings, the groups, each group's lock settings and members, and the
 * settings of a level only in the variants where that level locks something (a value matters only where it is
 * held), plus any variants the caller wants shown (explain).
 * Needs the account:read:admin and group:read:admin scopes: when Zoom refuses, the run goes on without lock
 * awareness and says so once, rather than failing.
 */
import type { GroupSnapshot, HierarchySnapshot, LevelSnapshot } from '../../core/hierarchy/model.js';
import { orderedMap } from '../../core/ordered-map.js';
import { OWN_ACCOUNT, TARGET_KINDS, type Target } from '../../core/targets/registry.js';
import { HIERARCHY_SCHEMA, type Level } from '../../schema/hierarchy.js';
import type { Variant } from '../../schema/index.js';
import { ZoomApiError, type ZoomClient } from '../../zoom/index.js';
import type { CommandIo } from '../command.js';

/** GET /groups/{groupId}/members pages (the client asks for the spec's maximum page size). */
const MEMBERS_PAGE = 2000;

export type HierarchyRead = { kind: 'ok'; snapshot: HierarchySnapshot } | { kind: 'unavailable'; reason: string };

function lockedVariants(level: Level, locks: LevelSnapshot['locks']): Set<Variant> {
  const out = new Set<Variant>();
  for (const mapping of HIERARCHY_SCHEMA.lockMap[level]) {
    if (!mapping.setting) continue;
    let node: unknown = locks[mapping.lockVariant];
    for (const step of mapping.lock) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[step] : undefined;
    if (node === true) out.add(mapping.setting.variant);
  }
  return out;
}

export async function readLevel(client: ZoomClient, target: Target, level: Level, show: readonly Variant[], count: () => void): Promise<LevelSnapshot> {
  const spec = TARGET_KINDS[target.kind];
  const snapshot: LevelSnapshot = { settings: {}, locks: {} };
  for (const variant of spec.lockVariants) {
    snapshot.locks[variant] = await client.getLocks(target, variant);
    count();
  }
  const wanted = new Set([...lockedVariants(level, snapshot.locks), ...show]);
  for (const variant of spec.variants.filter((v) => wanted.has(v))) {
    snapshot.settings[variant] = await client.getSettings(target, variant);
    count();
  }
  return snapshot;
}

export async function readHierarchy(client: ZoomClient, show: readonly Variant[] = []): Promise<HierarchyRead> {
  let requests = 0;
  const count = (): void => {
    requests += 1;
  };
  try {
    const account = await readLevel(client, OWN_ACCOUNT, 'account', show, count);
    const groups: GroupSnapshot[] = [];
    const memberOf = new Map<string, string[]>();
    const summaries = await client.listGroups();
    requests += Math.max(1, Math.ceil(summaries.length / 300));
    // Groups are read side by side (the limiter paces them): an account with 200 groups is ~600 requests.
    const window = (): number => Math.max(4, client.recommendedParallelism());
    const perGroup = orderedMap(summaries, window, async (summary) => {
      const level = await readLevel(client, { kind: 'group', id: summary.id }, 'group', show, count);
      const members: Array<{ id: string; email: string }> = [];
      for await (const member of client.listGroupMembers(summary.id)) members.push(member);
      requests += Math.max(1, Math.ceil(summary.totalMembers / MEMBERS_PAGE));
      return { group: { id: summary.id, name: summary.name, ...level, members: members.length }, members };
    });
    for await (const { group, members } of perGroup) {
      groups.push(group);
      for (const member of members) {
        for (const key of [member.id, member.email.toLowerCase()].filter((k) => k !== '')) {
          memberOf.set(key, [...(memberOf.get(key) ?? []), group.id]);
        }
      }
    }
    return { kind: 'ok', snapshot: { account, groups, memberOf, requests } };
  } catch (error) {
    if (!(error instanceof ZoomApiError)) throw error;
    return { kind: 'unavailable', reason: error.message };
  }
}

/** readHierarchy, with the one warning a run gives when the hierarchy cannot be read. */
export async function readHierarchyOrWarn(io: CommandIo, client: ZoomClient, show: readonly Variant[] = []): Promise<HierarchySnapshot | undefined> {
  const read = await readHierarchy(client, show);
  if (read.kind === 'ok') {
    io.logger.debug({ groups: read.snapshot.groups.length, requests: read.snapshot.requests }, 'read the settings hierarchy');
    return read.snapshot;
  }
  io.logger.debug({ reason: read.reason }, 'settings hierarchy not readable');
  io.stderr.write(
    `warning: the account and group lock settings could not be read (${read.reason}); this run is not lock-aware: ` +
      'a change a lock holds shows as a change (grant the account:read:admin and group:read:admin scopes)\n',
  );
  return undefined;
}
