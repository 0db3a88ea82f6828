/**
 * `zoom-settings import`: reads live settings from Zoom and writes a desired-state directory that describes them,
 * so adopting the tool starts from what the account has (a plan right after import shows no change). Pipeline:
 *   users (GET /users or --users) → read variants → leaves (core/import) → defaults + per-user split → files.
 */
import { escapeControl } from '../core/safe-text.js';
import { join, resolve } from 'node:path';
import { checkUserKey } from '../core/desired/user-key.js';
import { InputError, UsageError } from '../core/errors.js';
import { buildImport, percent, type ImportOutput, type ImportUserRead } from '../core/import/build-import.js';
import { createLeafChecker, type LeafChecker } from '../core/import/leaf-check.js';
import { importLeaves, type LiveSettings } from '../core/import/live-leaves.js';
import { importScope, type ImportScope } from '../core/import/scope.js';
import { orderedMap } from '../core/ordered-map.js';
import { editorSchemaOutputs, staleImportFiles, writeOutputFiles, type OutputFile } from '../io/import-files.js';
import type { Variant } from '../schema/index.js';
import { AuthError, ZoomApiError, type ZoomClient } from '../zoom/index.js';
import { booleanOption, listOption, stringOption, type Command, type CommandIo, type ParsedArgs } from './command.js';
import { startProgress } from './shared/progress.js';
import { liveFailure, runStopper } from './shared/read-live.js';
import { openZoomSession, type ZoomSession } from './shared/zoom-session.js';
import { readHierarchy } from './shared/read-hierarchy.js';
import { groupsOf, type HierarchySnapshot } from '../core/hierarchy/model.js';
import { buildHierarchyImport } from '../core/import/build-hierarchy-import.js';
import { DEFAULT_SUGGEST, type SuggestOptions } from '../core/import/suggest-profiles.js';
import { reportHierarchy } from './import-report.js';

const DEFAULT_SHARE = 0.9;
const STALE_USERS_FILE = /^imported(-\d+)?\.yaml$/;
/** Suggested profiles of an earlier import (import --suggest-profiles) that this one does not write. */
const STALE_PROFILE_FILE = /^imported-\d+\.yaml$/;

export const IMPORT_HELP = `Usage: zoom-settings import (--users a@x.com,b@y.com | --all) [--out-dir DIR] [--include SECTIONS]
                            [--shared-share 0.9] [--suggest-profiles [--profile-min-users N]] [--force]

Reads live settings from Zoom and writes a desired-state directory that describes them. A plan right after an
import shows no change. Reads only: nothing is sent to Zoom but GET requests.

With --all the account and its groups are read too: account.yaml gets the account's settings and locks,
groups/<name>.yaml what each group sets differently, and users/imported.yaml only what a user has that the
account and their groups do not give them. Without the account:read:admin and group:read:admin scopes (or with
--users) values shared by most users go to defaults.yaml and users/imported.yaml holds each user's differences.

Options:
  --users LIST          import these users (comma-separated email addresses or Zoom user ids)
  --all                 import every active user of the account (GET /users), the account and its groups
  --out-dir DIR         where to write (default: ./desired-state); existing files are not overwritten
  --include SECTIONS    comma-separated sections to import (default: every section except feature, plus
                        meeting_security, meeting_authentication and recording_authentication). "default" names
                        that set and "all" adds feature: --include default,feature. Naming feature imports the
                        high-impact settings (feature.*, schedule_meeting.personal_meeting) with
                        allow_high_impact: true beside them
  --shared-share SHARE  the share of users (0 < SHARE <= 1, default 0.9) a value needs to go to defaults.yaml
  --suggest-profiles    turn per-user differences that recur into profiles/imported-N.yaml, listed by the users
                        who have them (a pattern of 2+ settings shared exactly by at least N users; at most 5)
  --profile-min-users N the N of --suggest-profiles (default 5)
  --force               overwrite existing files (and remove users/imported-N.yaml and profiles/imported-N.yaml
                        files of an earlier import)
  -h, --help            show this help

Only settings PATCH accepts are imported: no GET-only or deprecated fields, and never passcodes (defaults.yaml
names the references to add instead). A value Zoom returns that \`zoom-settings validate\` would reject is skipped,
and listed at the top of defaults.yaml; such settings stay unmanaged.

Environment: ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET (Server-to-Server OAuth) or ZOOM_ACCESS_TOKEN;
ZOOM_PLAN, ZOOM_RATE_SHARE, ZOOM_MAX_RPS, ZOOM_CONCURRENCY; LOG_LEVEL.
Exit codes: 0 every user imported; 1 a user could not be read (the others are written), nothing to import, bad
arguments, or existing files without --force.
`;

interface Target {
  /** The key written in users/*.yaml. */
  key: string;
  /** What the API is called with: the Zoom user id when known, else the key. */
  ref: string;
}

type ReadOutcome =
  | { kind: 'ok'; user: ImportUserRead; unavailable: Variant[] }
  | { kind: 'failed'; key: string; reason: string; pending?: true };

export function parseShare(value: string | undefined): number {
  if (value === undefined) return DEFAULT_SHARE;
  const share = Number(value);
  if (value.trim() === '' || !Number.isFinite(share) || share <= 0 || share > 1) {
    throw new UsageError(`--shared-share must be a number above 0 and at most 1 (such as 0.9), not "${value}"`, 'import');
  }
  return share;
}

/** --users as targets, each named once (emails compare case-insensitively). */
function namedTargets(names: readonly string[]): Target[] {
  const seen = new Set<string>();
  const targets: Target[] = [];
  for (const name of names) {
    const check = checkUserKey(name);
    if (!check.ok) throw new UsageError(`--users: "${name}" is ${check.reason}`, 'import');
    if (seen.has(check.identity)) continue;
    seen.add(check.identity);
    targets.push({ key: name, ref: name });
  }
  if (targets.length === 0) throw new UsageError('--users: name at least one user', 'import');
  return targets;
}

/** Active users from GET /users, keyed by email address (the Zoom id when the address is not a valid key). */
async function* accountTargets(client: ZoomClient): AsyncGenerator<Target> {
  try {
    for await (const user of client.listUsers({ status: 'active' })) {
      const key = user.email && checkUserKey(user.email).ok ? user.email : user.id;
      yield { key, ref: user.id };
    }
  } catch (error) {
    if (error instanceof AuthError) throw new InputError(error.message);
    const stop = runStopper(error);
    if (stop) throw new InputError(`listing the account's users (GET /users) failed: ${stop.message}`);
    if (error instanceof ZoomApiError) {
      // GET /users needs its own scope (zoom-api-facts.md §6): name it, since settings reads may work without it.
      const scopeHint = error.status === 403 || error.code === 4700 ? ['--all needs the scope user:read:admin or user:read:list_users:admin; or name the users with --users'] : [];
      throw new InputError(`listing the account's users (GET /users) failed: ${error.message}`, scopeHint);
    }
    throw error;
  }
}

async function readUser(client: ZoomClient, target: Target, scope: ImportScope, check: LeafChecker): Promise<ReadOutcome> {
  const live: LiveSettings = {};
  const unavailable: Variant[] = [];
  for (const variant of scope.variants) {
    try {
      live[variant] = await client.getUserSettings(target.ref, variant);
    } catch (error) {
      // Code 200 on an option variant: the account's plan does not offer it (zoom-api-facts.md §7.2); the user's
      // other settings are still imported.
      if (variant !== 'default' && error instanceof ZoomApiError && error.code === 200) {
        unavailable.push(variant);
        continue;
      }
      const failure = liveFailure(error);
      // A user who has not joined yet is not a failure of the import (zoom-api-facts.md §9.1): named, not counted.
      if (failure.kind === 'pending') return { kind: 'failed', key: target.key, reason: `${failure.reason ?? 'invitation pending'} (not imported)`, pending: true };
      const reason = failure.kind === 'error' ? failure.message : 'user does not exist';
      return { kind: 'failed', key: target.key, reason };
    }
  }
  const { leaves, skipped } = importLeaves(live, scope, check);
  return { kind: 'ok', user: { key: target.key, leaves, skipped }, unavailable };
}

interface ImportOptions {
  targets: Iterable<Target> | ((client: ZoomClient) => AsyncIterable<Target>);
  /** --all: read the account and groups too, and write account.yaml and groups/*.yaml (when the scopes allow). */
  hierarchy: boolean;
  outDir: string;
  scope: ImportScope;
  share: number;
  force: boolean;
  suggest?: SuggestOptions;
}

function parseOptions(args: ParsedArgs): ImportOptions {
  const users = listOption(args, 'users');
  const all = booleanOption(args, 'all');
  if (users !== undefined && all) throw new UsageError('give either --users or --all, not both', 'import');
  if (users === undefined && !all) throw new UsageError('name the users to import: --users a@x.com,b@y.com or --all', 'import');
  const minUsers = stringOption(args, 'profile-min-users');
  if (minUsers !== undefined && !booleanOption(args, 'suggest-profiles')) throw new UsageError('--profile-min-users goes with --suggest-profiles', 'import');
  return {
    targets: all ? accountTargets : namedTargets(users!),
    hierarchy: all,
    outDir: stringOption(args, 'out-dir') ?? 'desired-state',
    scope: importScope(listOption(args, 'include')),
    share: parseShare(stringOption(args, 'shared-share')),
    force: booleanOption(args, 'force'),
    ...(booleanOption(args, 'suggest-profiles') ? { suggest: { ...DEFAULT_SUGGEST, minUsers: parseMinUsers(minUsers) } } : {}),
  };
}

function parseMinUsers(value: string | undefined): number {
  if (value === undefined) return DEFAULT_SUGGEST.minUsers;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 2) throw new UsageError(`--profile-min-users must be a whole number of at least 2, not "${value}"`, 'import');
  return Number(value);
}

function unavailableNotes(counts: Map<Variant, number>): string[] {
  return [...counts].map(
    ([variant, n]) => `${variant}: Zoom answered that the account's plan does not offer it (${n} user${n === 1 ? '' : 's'}); not imported for them.`,
  );
}

function report(io: CommandIo, outDir: string, output: ImportOutput, schemas: number, failed: number): void {
  const lines = [
    `Imported ${output.users} user${output.users === 1 ? '' : 's'} from Zoom into ${outDir}:`,
    `  ${join(outDir, 'defaults.yaml')}: ${output.defaultSettings} settings shared by at least ${percent(output.share)} of the users`,
    ...output.usersFiles.map((file, i) =>
      i === 0 ? `  ${join(outDir, file)}: ${output.userSettings} per-user settings that differ from defaults` : `  ${join(outDir, file)}`,
    ),
    `  ${join(outDir, '.schema')}/: ${schemas} editor schemas`,
  ];
  if (output.profiles > 0) lines.splice(2, 0, `  ${join(outDir, 'profiles')}/: ${output.profiles} suggested profile${output.profiles === 1 ? '' : 's'}`);
  if (output.skipped.length > 0) {
    lines.push(`Skipped ${output.skipped.length} settings whose Zoom values the validator rejects (listed at the top of defaults.yaml).`);
  }
  if (failed > 0) lines.push(`Not imported: ${failed} user${failed === 1 ? '' : 's'} (listed on stderr).`);
  lines.push(`Next: zoom-settings validate --dir ${outDir}, then zoom-settings plan --dir ${outDir} (it should show no change).`);
  io.stdout.write(`${lines.join('\n')}\n`);
}

/** Users files and suggested profiles of an earlier import that this one does not write. */
async function staleFiles(dir: string, files: readonly OutputFile[]): Promise<string[]> {
  return [...(await staleImportFiles(dir, files, STALE_USERS_FILE)), ...(await staleImportFiles(dir, files, STALE_PROFILE_FILE, 'profiles'))];
}

interface AccountRead {
  users: ImportUserRead[];
  failures: Array<{ key: string; reason: string; pending?: true }>;
  /** Option variants the account's plan refused, with how many users. */
  unavailable: Map<Variant, number>;
}

/** Reads the targets with bounded concurrency (results in order), turning each user's live settings into leaves. */
async function readAccount(io: CommandIo, options: ImportOptions, session: ZoomSession): Promise<AccountRead> {
  const read: AccountRead = { users: [], failures: [], unavailable: new Map() };
  const check = createLeafChecker();
  const targets = typeof options.targets === 'function' ? options.targets(session.client) : options.targets;
  const progress = startProgress(io, 'read', Array.isArray(targets) ? targets.length : 0);
  const window = (): number => Math.max(8, session.client.recommendedParallelism() * 2);
  try {
    for await (const outcome of orderedMap(targets, window, (target) => readUser(session.client, target, options.scope, check))) {
      progress.tick();
      if (outcome.kind === 'failed') {
        read.failures.push(outcome);
        continue;
      }
      read.users.push(outcome.user);
      for (const variant of outcome.unavailable) read.unavailable.set(variant, (read.unavailable.get(variant) ?? 0) + 1);
      io.logger.debug({ user: outcome.user.key, settings: outcome.user.leaves.length, skipped: outcome.user.skipped.length }, 'read');
    }
  } finally {
    progress.stop();
  }
  return read;
}

/**
 * The account and groups, read once before the users (read-hierarchy.ts) with every variant the import writes.
 * Without the account:read:admin and group:read:admin scopes the import says so once and writes the per-user
 * import with shared defaults, as before the hierarchy could be read.
 */
async function readLevels(io: CommandIo, options: ImportOptions, session: ZoomSession): Promise<HierarchySnapshot | undefined> {
  if (!options.hierarchy) return undefined;
  const read = await readHierarchy(session.client, options.scope.variants);
  if (read.kind === 'ok') return read.snapshot;
  io.logger.debug({ reason: read.reason }, 'settings hierarchy not readable');
  io.stderr.write(
    `warning: the account and group settings could not be read (${escapeControl(read.reason)}); importing each user's settings with shared ` +
      'defaults instead of account.yaml and groups/*.yaml (grant the account:read:admin and group:read:admin scopes to import the hierarchy)\n',
  );
  return undefined;
}

export const importCommand: Command = {
  name: 'import',
  help: IMPORT_HELP,
  positionals: [],
  options: {
    users: { type: 'string' },
    all: { type: 'boolean' },
    'out-dir': { type: 'string' },
    include: { type: 'string' },
    'shared-share': { type: 'string' },
    force: { type: 'boolean' },
    'suggest-profiles': { type: 'boolean' },
    'profile-min-users': { type: 'string' },
  },
  async run(args, io) {
    const options = parseOptions(args);
    const session = await openZoomSession(io);
    let levels: HierarchySnapshot | undefined;
    let read: AccountRead;
    try {
      levels = await readLevels(io, options, session);
      read = await readAccount(io, options, session);
    } finally {
      await session.close();
    }
    for (const failure of read.failures) io.stderr.write(`not imported: ${escapeControl(`${failure.key}: ${failure.reason}`)}\n`);
    if (read.users.length === 0) {
      throw new InputError(read.failures.length > 0 ? 'no user could be read; nothing was written' : 'the account has no active users; nothing was written');
    }
    const importedAt = new Date().toISOString();
    const notes = unavailableNotes(read.unavailable);
    const schemas = await editorSchemaOutputs();
    const dir = resolve(io.cwd, options.outDir);
    if (levels) {
      const users = read.users.map((user) => ({ ...user, groups: groupsOf(levels!, user.key) }));
      const output = buildHierarchyImport({ users, account: levels.account, groups: levels.groups, scope: options.scope, share: options.share, importedAt, notes, ...(options.suggest ? { suggest: options.suggest } : {}) });
      const files = [...output.files, ...schemas];
      await writeOutputFiles(dir, files, options.force, await staleFiles(dir, files));
      reportHierarchy(io, options.outDir, output, schemas.length, read.failures.length);
    } else {
      const output = buildImport({ users: read.users, scope: options.scope, share: options.share, importedAt, notes, ...(options.suggest ? { suggest: options.suggest } : {}) });
      const files = [...output.files, ...schemas];
      await writeOutputFiles(dir, files, options.force, await staleFiles(dir, files));
      report(io, options.outDir, output, schemas.length, read.failures.length);
    }
    return read.failures.some((failure) => !failure.pending) ? 1 : 0;
  },
};
