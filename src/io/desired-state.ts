/**
 * Loads and checks a desired-state directory: files → documents → references → resolved users.
 *
 * The check goes one users file at a time, so it never holds every user: what crosses files (duplicate users) is
 * remembered as positions only. `openDesiredState` keeps no users at all: a run takes them from `users()`, which
 * reads each users file again as the run reaches it (refusing one whose content changed since the check), so the
 * memory of a plan over 100,000 users is that of one file's users, not of all of them (docs/performance.md).
 * `loadDesiredState` keeps them all in `state.users`, for the callers that want the whole model at once.
 */
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildDesiredState, checkGroupFiles, fileKind } from '../core/desired/documents.js';
import type { DesiredFile, DesiredState, UserEntry } from '../core/desired/model.js';
import { checkProfileReferences, checkResolved, checkUserReferences, Resolver, type FirstDefinitions, type ResolvedUser } from '../core/desired/merge.js';
import { fileProblem, limitPerFile, sortProblems, type Problem } from '../core/desired/problems.js';
import { ownSecretReferences, secretReferences, type SecretReference } from '../core/desired/secret-references.js';
import { userKeyKind } from '../core/desired/user-key.js';
import { InputError } from '../core/errors.js';
import { readDesiredStateFiles, readTextFile } from './desired-state-files.js';

export interface CheckedDesiredState {
  dir: string;
  /** Defaults and profiles; `users` is empty here (see `users()`). */
  layers: DesiredState;
  /** How many users the directory manages. */
  userCount: number;
  hash: string;
  /** At most MAX_PROBLEMS_PER_FILE per file, then one line counting the rest. */
  problems: Problem[];
  /** Counted over all problems, including those left out of `problems`. */
  errors: number;
  warnings: number;
  /** Some users are keyed by email and others by Zoom id: only then can two keys name one user unseen. */
  mixesIdsAndEmails: boolean;
  /** Every passcode variable the defaults, the profiles and the users read, each with the first place naming it. */
  secretReferences: SecretReference[];
  /** Every managed user in desired-state order, one users file in memory at a time. */
  users(): AsyncIterable<UserEntry>;
}

export interface LoadedDesiredState extends CheckedDesiredState {
  /** The whole model, every user included. */
  state: DesiredState;
}

/** A users file as checked: enough to read it again and know it is still the same. */
interface UsersFile {
  path: string;
  relPath: string;
  sha256: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * A full collection between two users files. A file's parse (its events, its tree, its users) is all alive until the
 * file is done, so it is promoted to the old generation, and V8 lets the old generation grow to about four times
 * what survives before it collects (--trace-gc, 100,000 users in 10 files: 270 MB before a mark-compact, 50-60 MB
 * after). Collecting when a file is done keeps the peak at what one file needs: validate of those 100,000 users
 * went from 364 to 193 MiB peak RSS, for 40-150 ms of collection per file (about 1 s of CPU over 10 files, loaded).
 */
let gc: (() => void) | undefined;
function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    const exposed = runInNewContext('gc') as unknown;
    gc = typeof exposed === 'function' ? (exposed as () => void) : () => undefined;
  }
  gc();
}

/** Checks the directory and keeps no users: a run streams them from `users()`. */
export function openDesiredState(dir: string): Promise<CheckedDesiredState> {
  return checkDesiredState(dir, () => undefined);
}

/** Checks the directory and keeps every user (`state.users`). */
export async function loadDesiredState(dir: string): Promise<LoadedDesiredState> {
  const users: UserEntry[] = [];
  const checked = await checkDesiredState(dir, (user) => users.push(user));
  return { ...checked, state: { ...checked.layers, users } };
}

async function checkDesiredState(dir: string, keep: (user: UserEntry) => void): Promise<CheckedDesiredState> {
  const read = await readDesiredStateFiles(dir);
  const layerFiles = read.files.filter((file) => fileKind(file.relPath) !== 'users');
  const built = buildDesiredState(layerFiles);
  const layers = built.state;
  const problems = [...read.problems, ...built.problems, ...checkProfileReferences(layers), ...checkGroupFiles(layers)];
  const resolvedProblems = new Set<string>();
  const resolver = new Resolver(layers);
  const firstDefined: FirstDefinitions = new Map();
  const usersFiles: UsersFile[] = [];
  const keyKinds = new Set<string>();
  const references = new Map(secretReferences(layers).map((ref) => [ref.env, ref]));
  let userCount = 0;
  for (const file of read.files) {
    if (fileKind(file.relPath) !== 'users') continue;
    usersFiles.push({ path: file.path, relPath: file.relPath, sha256: sha256(file.text) });
    const fileUsers = buildDesiredState([file]);
    problems.push(...fileUsers.problems);
    for (const user of fileUsers.state.users) {
      userCount += 1;
      keyKinds.add(userKeyKind(user.key));
      for (const ref of ownSecretReferences(user)) if (!references.has(ref.env)) references.set(ref.env, ref);
      problems.push(...checkUserReferences(layers, user, firstDefined));
      // Users that share profiles share their problems too: each is reported once.
      for (const problem of checkResolved(resolver.resolve(user))) {
        const key = problemKey(problem);
        if (!resolvedProblems.has(key)) {
          resolvedProblems.add(key);
          problems.push(problem);
        }
      }
      keep(user);
    }
    // The text is read again when a run reaches the file; until then it is not held.
    (file as { text: string }).text = '';
    collectGarbage();
  }
  const managesLevels = layers.account !== undefined || (layers.groups?.length ?? 0) > 0;
  if (userCount === 0 && !managesLevels && !problems.some((p) => p.severity === 'error')) {
    problems.push(
      read.files.length === 0
        ? fileProblem(dir, 'holds no desired-state files (defaults.yaml, account.yaml, groups/<name>.yaml, profiles/<name>.yaml, users/*.yaml): is --dir right?')
        : fileProblem(dir, 'no users: add users/*.yaml mapping email addresses or Zoom user ids to their settings'),
    );
  }
  const sorted = sortProblems(problems);
  return {
    dir,
    layers,
    userCount,
    hash: read.hash,
    // The counts below are over every problem; the list is shortened per file.
    problems: limitPerFile(sorted),
    errors: sorted.filter((p) => p.severity === 'error').length,
    warnings: sorted.filter((p) => p.severity === 'warning').length,
    mixesIdsAndEmails: keyKinds.size > 1,
    secretReferences: [...references.values()],
    users: () => streamUsers(dir, usersFiles),
  };
}

/** The users of each file, read again and built when the run reaches the file; a user is dropped once taken. */
async function* streamUsers(dir: string, usersFiles: readonly UsersFile[]): AsyncGenerator<UserEntry> {
  for (const ref of usersFiles) {
    const file = await readAgain(dir, ref);
    const users: Array<UserEntry | undefined> = buildDesiredState([file]).state.users;
    for (let index = 0; index < users.length; index += 1) {
      const user = users[index]!;
      users[index] = undefined;
      yield user;
    }
    collectGarbage();
  }
}

async function readAgain(dir: string, ref: UsersFile): Promise<DesiredFile> {
  const file = await readTextFile(ref.path, ref.relPath, []).catch(() => undefined);
  if (!file || sha256(file.text) !== ref.sha256) {
    throw new InputError(`${ref.path} changed while the run was using ${dir}; nothing more is planned from it: run again`);
  }
  return file;
}

function problemKey(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}:${p.path}:${p.message}`;
}

/** Every managed user, resolved (merge with provenance), one at a time. */
export function* resolveUsers(state: DesiredState): Generator<ResolvedUser> {
  const resolver = new Resolver(state);
  for (const user of state.users) yield resolver.resolve(user);
}
