/**
 * Reads what the compliance report needs: every selected user's live settings in the variants their desired state
 * manages or a rule judges (each GET is a MEDIUM request through the client's one rate limiter), kept only for the
 * settings shown or judged. Users stream through with bounded concurrency, like plan.
 */
import { leafPath, type ResolvedUser } from '../../core/desired/merge.js';
import { locate } from '../../core/hierarchy/explain.js';
import { orderedMap } from '../../core/ordered-map.js';
import type { ReadUser } from '../../core/report/build.js';
import { projectLive } from '../../core/report/project.js';
import { VARIANTS, type Variant } from '../../schema/index.js';
import type { CommandIo } from '../command.js';
import { rateLimitedCount, startProgress } from './progress.js';
import { readLive } from './read-live.js';
import type { Selection } from './select-users.js';
import type { ZoomSession } from './zoom-session.js';

export function variantsOf(settings: Iterable<string>): Variant[] {
  const used = new Set<Variant>();
  for (const setting of settings) used.add(locate(setting).variant);
  return VARIANTS.filter((v) => used.has(v));
}

export function managedSettings(resolved: ResolvedUser): string[] {
  return [...new Set(resolved.leaves.map(leafPath))];
}

/** The variants any selected user manages, for reading the account and group values of the same settings. */
export async function managedVariantsOfAll(selection: Selection, extra: readonly string[]): Promise<Variant[]> {
  const settings = new Set(extra);
  for await (const entry of selection.entries()) for (const setting of managedSettings(selection.resolve(entry))) settings.add(setting);
  return variantsOf(settings);
}

export interface ReadReportUser extends ReadUser {
  resolved: ResolvedUser;
}

export async function readReportUsers(io: CommandIo, selection: Selection, session: ZoomSession, ruleSettings: readonly string[]): Promise<ReadReportUser[]> {
  const progress = startProgress(io, 'read', selection.count, { rateLimited: rateLimitedCount(session.client) });
  const window = (): number => Math.max(8, session.client.recommendedParallelism() * 2);
  const users: ReadReportUser[] = [];
  const reads = orderedMap(selection.entries(), window, async (entry) => {
    const resolved = selection.resolve(entry);
    const managed = managedSettings(resolved);
    const wanted = [...managed, ...ruleSettings];
    const live = await readLive(session.client, entry.key, variantsOf(wanted));
    return { key: resolved.user.key, managed, live: projectLive(live, wanted), resolved };
  });
  try {
    for await (const user of reads) {
      progress.tick(user.live.kind === 'error');
      users.push(user);
    }
  } finally {
    progress.stop();
  }
  return users;
}
