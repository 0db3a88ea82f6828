/**
 * Which managed users a run plans: all of them, those named by --users, or with --changed-since REF those whose
 * resolved desired settings differ between REF and the working tree (a change to defaults or a profile reaches
 * every user it applies to).
 *
 * A run over all users streams them (one users file in memory at a time, io/desired-state.ts); --users and
 * --changed-since pick a few and hold those.
 */
import { buildDesiredState } from '../../core/desired/documents.js';
import { Resolver, type DesiredLeaf, type ResolvedUser } from '../../core/desired/merge.js';
import type { UserEntry } from '../../core/desired/model.js';
import { checkUserKey } from '../../core/desired/user-key.js';
import { InputError } from '../../core/errors.js';
import { leafKey } from '../../core/plan/build-user-plan.js';
import type { CheckedDesiredState } from '../../io/desired-state.js';
import { desiredFilesAtRef } from '../../io/git.js';
import type { DesiredState, GroupDoc, LevelDoc } from '../../core/desired/model.js';
import { levelLeaves } from '../../core/plan/build-level-plan.js';
import type { LevelDocs } from './plan-levels.js';

export interface Selection {
  /** How many users `entries()` yields. */
  count: number;
  /** The selected users, in desired-state order (--users: in the order named), as the run pulls them. */
  entries(): AsyncIterable<UserEntry> | Iterable<UserEntry>;
  resolve(entry: UserEntry): ResolvedUser;
  /** With --changed-since: the user's desired values at the base ref (null: the user is new on the branch). */
  baseline?(entry: UserEntry): Map<string, unknown> | null;
  /** With --changed-since: users the base ref manages and the working tree does not (Zoom keeps their settings). */
  noLongerManaged?: string[];
  /** The account and group files planned with the users (none with --users: it names users only). */
  levels?: LevelDocs;
}

function allLevels(state: Pick<DesiredState, 'account' | 'groups'>): LevelDocs {
  return { ...(state.account ? { account: state.account } : {}), groups: state.groups ?? [] };
}

function levelValues(doc: LevelDoc, level: 'account' | 'group'): Map<string, unknown> {
  const { settings, locks } = levelLeaves(doc, level);
  return new Map([...leafValues(settings)].concat([...leafValues(locks)].map(([key, value]) => [`lock:${key}`, value])));
}

/** With --changed-since: the account and groups whose desired settings or locks differ from the base ref's. */
function changedLevels(current: LevelDocs, base: Pick<DesiredState, 'account' | 'groups'>): LevelDocs {
  const differs = (doc: LevelDoc, before: LevelDoc | undefined, level: 'account' | 'group'): boolean =>
    !before || !sameValues(levelValues(doc, level), levelValues(before, level));
  const baseGroup = (doc: GroupDoc): GroupDoc | undefined => (base.groups ?? []).find((g) => g.group.name.trim().toLowerCase() === doc.group.name.trim().toLowerCase());
  return {
    ...(current.account && differs(current.account, base.account, 'account') ? { account: current.account } : {}),
    groups: current.groups.filter((doc) => differs(doc, baseGroup(doc), 'group')),
  };
}

export function leafValues(leaves: readonly DesiredLeaf[]): Map<string, unknown> {
  return new Map(leaves.map((leaf) => [leafKey(leaf), leaf.secret ?? leaf.value]));
}

function sameValues(a: Map<string, unknown>, b: Map<string, unknown>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (!b.has(key) || JSON.stringify(b.get(key)) !== JSON.stringify(value)) return false;
  return true;
}

/** The users named by --users, in the order named; an unknown name is an error before anything is sent. */
async function namedUsers(checked: CheckedDesiredState, names: readonly string[]): Promise<UserEntry[]> {
  const identities = names.map((name) => {
    const check = checkUserKey(name);
    return check.ok ? check.identity : undefined;
  });
  const wanted = new Set(identities.filter((identity): identity is string => identity !== undefined));
  const byIdentity = new Map<string, UserEntry>();
  for await (const entry of checked.users()) if (wanted.has(entry.identity)) byIdentity.set(entry.identity, entry);
  // A Set: `--users a@x.com,A@X.COM` names one user (emails compare case-insensitively), planned once.
  const picked = new Set<UserEntry>();
  names.forEach((name, index) => {
    const entry = identities[index] === undefined ? undefined : byIdentity.get(identities[index]!);
    if (!entry) throw new InputError(`--users: ${name} is not a user in ${checked.dir}`);
    picked.add(entry);
  });
  return [...picked];
}

/** Every entry a selection yields, held at once (for the few steps that need them together). */
export async function selectedEntries(selection: Pick<Selection, 'entries'>): Promise<UserEntry[]> {
  const all: UserEntry[] = [];
  for await (const entry of selection.entries()) all.push(entry);
  return all;
}

export async function selectUsers(checked: CheckedDesiredState, options: { users?: string[]; changedSince?: string }): Promise<Selection> {
  const resolver = new Resolver(checked.layers);
  const resolve = (entry: UserEntry): ResolvedUser => resolver.resolve(entry);
  // `--users ""` (an unset CI variable) would otherwise plan nobody and report "no changes".
  if (options.users?.length === 0) throw new InputError('--users names no user: give a comma-separated list of email addresses or user ids, or leave --users out for every user');
  if (options.changedSince === undefined) {
    if (!options.users) return { count: checked.userCount, entries: () => checked.users(), resolve, levels: allLevels(checked.layers) };
    const picked = await namedUsers(checked, options.users);
    return { count: picked.length, entries: () => picked, resolve };
  }

  const entries = options.users ? await namedUsers(checked, options.users) : await selectedEntries({ entries: () => checked.users() });
  const baseFiles = await desiredFilesAtRef(checked.dir, options.changedSince);
  const base = buildDesiredState(baseFiles);
  const baseResolver = new Resolver(base.state);
  const baseByIdentity = new Map(base.state.users.map((e) => [e.identity, e]));
  const baselineOf = (entry: UserEntry): Map<string, unknown> | null => {
    const baseEntry = baseByIdentity.get(entry.identity);
    return baseEntry ? leafValues(baseResolver.resolve(baseEntry).leaves) : null;
  };
  const changed = entries.filter((entry) => {
    const before = baselineOf(entry);
    return before === null || !sameValues(before, leafValues(resolver.resolve(entry).leaves));
  });
  const current = new Set<string>();
  for await (const entry of checked.users()) current.add(entry.identity);
  const noLongerManaged = base.state.users.filter((e) => !current.has(e.identity)).map((e) => e.key);
  const levels = options.users ? undefined : changedLevels(allLevels(checked.layers), base.state);
  return { count: changed.length, entries: () => changed, resolve, baseline: baselineOf, noLongerManaged, ...(levels ? { levels } : {}) };
}
