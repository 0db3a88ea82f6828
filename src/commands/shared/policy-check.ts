/**
 * The policy check as a run: load the desired state (policies and exceptions included), build the subjects (the
 * effective desired state, or Zoom's live values with the hierarchy's locks), evaluate for "today", render.
 * Shared by `check`, `plan` (its verdict in the comment) and `demo`.
 */
import { realpath, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { ResolvedUser } from '../../core/desired/merge.js';
import { UsageError } from '../../core/errors.js';
import { calendarDateOf, evaluate, isCalendarDate, type PolicySet, type PolicySubject, type PolicyVerdict } from '../../core/policy/index.js';
import { desiredLevels } from '../../core/policy/desired-levels.js';
import { desiredSubjects, profilesOf } from '../../core/policy/desired-subjects.js';
import { liveLevelSubjects, liveUserSubject, type LiveUser } from '../../core/policy/live-subjects.js';
import type { CheckContext } from '../../core/policy/render/common.js';
import { orderedMap } from '../../core/ordered-map.js';
import type { Variant } from '../../schema/index.js';
import { renderPlanPolicySection } from '../../core/policy/render/plan-section.js';
import { loadDesiredState, resolveUsers, type LoadedDesiredState } from '../../io/desired-state.js';
import { repositoryRoot } from '../../io/git.js';
import type { CommandIo } from '../command.js';
import { loadValidDesiredState } from './desired.js';
import { readHierarchyOrWarn } from './read-hierarchy.js';
import { readLive } from './read-live.js';
import { openZoomSession } from './zoom-session.js';

export const TOOL_VERSION = '0.1.0';
export const TODAY_VARIABLE = 'ZOOM_SETTINGS_TODAY';
const MEMBERSHIP_UNKNOWN = 'group membership is owned by the identity provider and read from Zoom: run check --live';

export interface CheckOptions {
  dir: string;
  live: boolean;
  simulate: boolean;
  /** YYYY-MM-DD; default ZOOM_SETTINGS_TODAY, else the clock's UTC date. */
  today?: string;
  warningDays?: number;
}

export interface CheckRun {
  loaded: LoadedDesiredState;
  verdict: PolicyVerdict;
  subjects: number;
  context: CheckContext;
}

/** Today for the check: --today, else ZOOM_SETTINGS_TODAY (tests and reproducible CI runs), else the clock. */
export function checkToday(io: CommandIo, given: string | undefined, command: string): string {
  const today = given ?? io.env[TODAY_VARIABLE];
  if (today === undefined || today === '') return calendarDateOf(new Date());
  if (!isCalendarDate(today)) throw new UsageError(`${given !== undefined ? '--today' : TODAY_VARIABLE} must be a date written YYYY-MM-DD, not "${today}"`, command);
  return today;
}

function variantsOf(policies: PolicySet): Variant[] {
  return [...new Set(policies.rules.flatMap((rule) => rule.requirements.map((r) => r.setting.variant)))];
}

async function liveSubjects(io: CommandIo, loaded: LoadedDesiredState, users: ResolvedUser[], simulate: boolean): Promise<{ subjects: PolicySubject[]; membershipKnown: boolean }> {
  const session = await openZoomSession(io, simulate ? { users } : undefined);
  try {
    const variants = variantsOf(loaded.policies);
    const levelRules = loaded.policies.rules.some((r) => r.scope.kind === 'account' || r.scope.kind === 'all-groups');
    const hierarchy = await readHierarchyOrWarn(io, session.client, levelRules ? variants : []);
    const window = (): number => Math.max(4, session.client.recommendedParallelism() * 2);
    const subjects: PolicySubject[] = [];
    for await (const subject of orderedMap(users, window, async (resolved) => {
      const read = await readLive(session.client, resolved.user.key, variants);
      const live: LiveUser['live'] = read.kind === 'ok' ? read : { kind: 'unavailable', reason: read.kind === 'error' ? `not read: ${read.message}` : read.kind === 'pending' ? `pending in Zoom${read.reason ? ` (${read.reason})` : ''}` : 'not found in Zoom (code 1001)' };
      return liveUserSubject({ key: resolved.user.key, aliases: [resolved.user.identity], profiles: profilesOf(loaded.state, resolved), pos: resolved.user.pos, live }, hierarchy);
    })) subjects.push(subject);
    if (hierarchy) subjects.push(...liveLevelSubjects(hierarchy));
    return { subjects, membershipKnown: hierarchy !== undefined };
  } finally {
    await session.close();
  }
}

/** A file's path from the repository root (SARIF artifact URIs), or from the working directory outside git. */
async function uriMapper(dir: string, cwd: string): Promise<(file: string) => string> {
  const root = (await repositoryRoot(dir)) ?? cwd;
  const realRoot = await realpath(root).catch(() => root);
  const realDir = await realpath(dir).catch(() => resolve(cwd, dir));
  const dirAbsolute = resolve(cwd, dir);
  return (file: string) => {
    const absolute = resolve(cwd, file);
    // The directory may be reached through a link: map its real location onto the repository's.
    const inside = absolute.startsWith(dirAbsolute) ? realDir + absolute.slice(dirAbsolute.length) : absolute;
    return relative(realRoot, inside).split('\\').join('/');
  };
}

/** `loaded`: the desired state, when the caller has loaded and reported it already (plan, demo). */
export async function runCheck(io: CommandIo, options: CheckOptions, command = 'check', preloaded?: LoadedDesiredState): Promise<CheckRun> {
  const today = checkToday(io, options.today, command);
  const loaded = preloaded ?? (await loadValidDesiredState(options.dir, io));
  const users = [...resolveUsers(loaded.state)];
  let subjects: PolicySubject[];
  let membershipKnown = false;
  if (options.live) ({ subjects, membershipKnown } = await liveSubjects(io, loaded, users, options.simulate));
  else subjects = [...desiredSubjects(loaded.state, users, desiredLevels(loaded.state))];
  const verdict = evaluate(loaded.policies, subjects, today, {
    ...(options.warningDays !== undefined ? { warningDays: options.warningDays } : {}),
    ...(membershipKnown ? {} : { membershipUnknown: MEMBERSHIP_UNKNOWN }),
  });
  const context: CheckContext = { dir: options.dir, mode: options.live ? 'live' : 'desired', version: TOOL_VERSION, uriOf: await uriMapper(options.dir, io.cwd) };
  return { loaded, verdict, subjects: subjects.length, context };
}

/**
 * The short policy section `plan` adds to its text and markdown output, or '' when the directory has no
 * policies/. The desired state is loaded again quietly: the plan has reported its problems already.
 */
export async function planPolicySection(io: CommandIo, dir: string, format: 'text' | 'markdown'): Promise<string> {
  const hasPolicies = await stat(join(dir, 'policies')).then((info) => info.isDirectory(), () => false);
  if (!hasPolicies) return '';
  const loaded = await loadDesiredState(dir);
  if (!loaded.hasPolicies || loaded.errors > 0) return '';
  const run = await runCheck(io, { dir, live: false, simulate: false }, 'plan', loaded);
  return renderPlanPolicySection(run.verdict, format);
}
