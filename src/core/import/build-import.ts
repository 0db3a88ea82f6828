/**
 * The import as a pure function: the users read from Zoom (already turned into leaves) → the files of a
 * desired-state directory and what they hold. The command does the reading and writing around it.
 */
import { schemaLeaves } from '../../schema/index.js';
import type { ImportLeaf, SkippedLeaf } from './live-leaves.js';
import { renderDefaults, renderProfile, renderUsers } from './render-yaml.js';
import { suggestProfiles, type ProfileSuggestion, type SuggestOptions } from './suggest-profiles.js';
import type { ImportScope } from './scope.js';
import { splitShared } from './shared-defaults.js';

export interface ImportUserRead {
  key: string;
  leaves: ImportLeaf[];
  skipped: SkippedLeaf[];
}

export interface ImportInput {
  users: readonly ImportUserRead[];
  scope: ImportScope;
  /** The share of users (0 < share ≤ 1) a value needs to go to defaults.yaml. */
  share: number;
  /** ISO time of the read, for the files' header. */
  importedAt: string;
  /** Further lines for the top of defaults.yaml (a variant the account's plan does not offer, ...). */
  notes?: readonly string[];
  /** --suggest-profiles: recurring per-user differences become profiles (suggest-profiles.ts). */
  suggest?: SuggestOptions;
}

export interface SkippedSummary {
  path: string;
  users: number;
  reason: string;
}

export interface ImportOutput {
  /** The share the split used, for the report. */
  share: number;
  files: Array<{ relPath: string; text: string }>;
  users: number;
  defaultSettings: number;
  userSettings: number;
  /** Suggested profiles written (--suggest-profiles). */
  profiles: number;
  usersFiles: string[];
  skipped: SkippedSummary[];
}

/** At most this many skipped settings are listed at the top of defaults.yaml; the rest are counted. */
export const MAX_LISTED_SKIPPED = 50;

/** The secrets an admin may want to manage, as the reference to write (zoom-api-facts.md §4.3: never in git). */
export function secretReferences(scope: ImportScope): string[] {
  return schemaLeaves('default', (f) => f.settable === true && f.secret === true)
    .filter((leaf) => scope.sections.has(leaf.path[0]!))
    .map((leaf) => `${leaf.path.join('.')}: { env: ZOOM_${leaf.path[leaf.path.length - 1]!.toUpperCase()} }  # set a reference to manage it`);
}

export function summarizeSkipped(users: readonly ImportUserRead[]): SkippedSummary[] {
  const byPath = new Map<string, SkippedSummary>();
  for (const user of users) {
    for (const skip of user.skipped) {
      const entry = byPath.get(skip.path);
      if (entry) entry.users++;
      else byPath.set(skip.path, { path: skip.path, users: 1, reason: skip.reason });
    }
  }
  return [...byPath.values()];
}

export function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

/** The lines under the first ones of defaults.yaml: passcode references to add, what was skipped, further notes. */
export function importNotes(input: Pick<ImportInput, 'scope' | 'notes'>, skipped: readonly SkippedSummary[]): string[] {
  const lines: string[] = [];
  const secrets = secretReferences(input.scope);
  if (secrets.length > 0) {
    lines.push('Passcodes are never imported (they must not be in git). To manage one, write a reference under settings:');
    lines.push(...secrets.map((line) => `  ${line}`));
  }
  if (skipped.length > 0) {
    lines.push("Not imported: Zoom returned values that `zoom-settings validate` rejects; these settings stay unmanaged:");
    for (const s of skipped.slice(0, MAX_LISTED_SKIPPED)) lines.push(`  ${s.path} (${s.users} user${s.users === 1 ? '' : 's'}): ${s.reason}`);
    if (skipped.length > MAX_LISTED_SKIPPED) lines.push(`  ... and ${skipped.length - MAX_LISTED_SKIPPED} more settings`);
  }
  lines.push(...(input.notes ?? []));
  return lines;
}

/** profiles/imported-N.yaml of --suggest-profiles. */
export function profileFiles(profiles: readonly ProfileSuggestion[]): Array<{ relPath: string; text: string }> {
  return profiles.map((profile) => ({
    relPath: `profiles/${profile.name}.yaml`,
    text: renderProfile(`Suggested by zoom-settings import --suggest-profiles: ${profile.users} users have exactly these ${profile.leaves.length} settings in common.`, profile.leaves),
  }));
}

export function buildImport(input: ImportInput): ImportOutput {
  const split = splitShared(input.users, input.share);
  const skipped = summarizeSkipped(input.users);
  const count = `${input.users.length} user${input.users.length === 1 ? '' : 's'}`;
  const usersHeader = [`Imported from Zoom by \`zoom-settings import\` at ${input.importedAt}: what each user has that differs from defaults.yaml.`];
  if (skipped.length > 0) usersHeader.push('Settings that were not imported are listed at the top of defaults.yaml.');
  const suggested = input.suggest ? suggestProfiles(split.users, input.suggest) : { profiles: [], users: split.users };
  const usersFiles = renderUsers(suggested.users, usersHeader);
  const header = [
    `Imported from Zoom by \`zoom-settings import\` at ${input.importedAt} (${count}).`,
    `Settings shared by at least ${percent(input.share)} of the imported users; each user's differences are in ${usersFiles.map((f) => f.relPath).join(', ')}.`,
  ];
  header.push(...importNotes(input, skipped));
  const files = [
    { relPath: 'defaults.yaml', text: renderDefaults(split.defaults, header) },
    ...profileFiles(suggested.profiles),
    ...usersFiles.map(({ relPath, text }) => ({ relPath, text })),
  ];
  return {
    share: input.share,
    files,
    users: input.users.length,
    defaultSettings: split.defaults.length,
    userSettings: suggested.users.reduce((n, user) => n + user.leaves.length, 0),
    profiles: suggested.profiles.length,
    usersFiles: usersFiles.map((f) => f.relPath),
    skipped,
  };
}
