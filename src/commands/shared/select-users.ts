/**
 * Which managed users a run plans: all of them, those named by --users, or with --changed-since REF those whose
 * resolved desired settings differ between REF and the working tree (a change to defaults or a profile reaches
 * every user it applies to).
 */
import { buildDesiredState } from '../../core/desired/documents.js';
import { Resolver, type DesiredLeaf, type ResolvedUser } from '../../core/desired/merge.js';
import type { UserEntry } from '../../core/desired/model.js';
import { checkUserKey } from '../../core/desired/user-key.js';
import { InputError } from '../../core/errors.js';
import { leafKey } from '../../core/plan/build-user-plan.js';
import type { LoadedDesiredState } from '../../io/desired-state.js';
import { desiredFilesAtRef } from '../../io/git.js';

export interface Selection {
  entries: UserEntry[];
  resolve(entry: UserEntry): ResolvedUser;
  /** With --changed-since: the user's desired values at the base ref (null: the user is new on the branch). */
  baseline?(entry: UserEntry): Map<string, unknown> | null;
  /** With --changed-since: users the base ref manages and the working tree does not (Zoom keeps their settings). */
  noLongerManaged?: string[];
}

export function leafValues(leaves: readonly DesiredLeaf[]): Map<string, unknown> {
  return new Map(leaves.map((leaf) => [leafKey(leaf), leaf.secret ?? leaf.value]));
}

function sameValues(a: Map<string, unknown>, b: Map<string, unknown>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (!b.has(key) || JSON.stringify(b.get(key)) !== JSON.stringify(value)) return false;
  return true;
}

export async function selectUsers(loaded: LoadedDesiredState, options: { users?: string[]; changedSince?: string }): Promise<Selection> {
  const resolver = new Resolver(loaded.state);
  let entries = loaded.state.users;
  if (options.users) {
    // `--users ""` (an unset CI variable) would otherwise plan nobody and report "no changes".
    if (options.users.length === 0) throw new InputError('--users names no user: give a comma-separated list of email addresses or user ids, or leave --users out for every user');
    const byIdentity = new Map(entries.map((e) => [e.identity, e]));
    // A Set: `--users a@x.com,A@X.COM` names one user (emails compare case-insensitively), planned once.
    const picked = new Set<UserEntry>();
    for (const name of options.users) {
      const check = checkUserKey(name);
      const entry = check.ok ? byIdentity.get(check.identity) : undefined;
      if (!entry) throw new InputError(`--users: ${name} is not a user in ${loaded.dir}`);
      picked.add(entry);
    }
    entries = [...picked];
  }
  const selection: Selection = { entries, resolve: (entry) => resolver.resolve(entry) };
  if (options.changedSince === undefined) return selection;

  const baseFiles = await desiredFilesAtRef(loaded.dir, options.changedSince);
  const base = buildDesiredState(baseFiles);
  const baseResolver = new Resolver(base.state);
  const baseByIdentity = new Map(base.state.users.map((e) => [e.identity, e]));
  const baselineOf = (entry: UserEntry): Map<string, unknown> | null => {
    const baseEntry = baseByIdentity.get(entry.identity);
    return baseEntry ? leafValues(baseResolver.resolve(baseEntry).leaves) : null;
  };
  selection.entries = entries.filter((entry) => {
    const before = baselineOf(entry);
    return before === null || !sameValues(before, leafValues(resolver.resolve(entry).leaves));
  });
  selection.baseline = baselineOf;
  const current = new Set(loaded.state.users.map((e) => e.identity));
  selection.noLongerManaged = base.state.users.filter((e) => !current.has(e.identity)).map((e) => e.key);
  return selection;
}
