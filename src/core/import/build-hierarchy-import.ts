/**
 * The import of the hierarchy as a pure function (issue 16 item 4): the live account, groups and users in, the files
 * of a small desired state out. account.yaml takes the account's settings and locks, groups/<name>.yaml what each
 * group sets differently from the account (and the locks it adds), and users/*.yaml only what a user has that the
 * levels do not give them (hierarchy-split.ts). Settings no level can hold (the authentication blocks, settings
 * the account's schema lacks) go to defaults.yaml when every user has them and enough share one value.
 */
import type { GroupRef, GroupSnapshot, LevelSnapshot } from '../hierarchy/model.js';
import { importNotes, percent, profileFiles, summarizeSkipped, type ImportInput, type ImportUserRead } from './build-import.js';
import { lockText, splitUser, type LevelsWritten } from './hierarchy-split.js';
import { levelCheckers, levelLeaves, liveLevelValues, type LevelLeaves } from './level-leaves.js';
import type { ImportLeaf } from './live-leaves.js';
import { renderDefaults, renderLevel, renderUsers } from './render-yaml.js';
import { splitShared, valueKey } from './shared-defaults.js';
import { suggestProfiles, type SuggestedUser } from './suggest-profiles.js';

export interface HierarchyImportInput extends ImportInput {
  users: ReadonlyArray<ImportUserRead & { groups: readonly GroupRef[] }>;
  account: LevelSnapshot;
  groups: readonly GroupSnapshot[];
}

/** What the import wrote, counted: the summary line and the compression against a per-user copy. */
export interface Compression {
  users: number;
  /** Settings in users/*.yaml (each user's own leaves). */
  perUserSettings: number;
  /** Profile references in users/*.yaml. */
  profileReferences: number;
  profiles: number;
  profileSettings: number;
  groups: number;
  accountSettings: number;
  accountLocks: number;
  groupSettings: number;
  groupLocks: number;
  defaultSettings: number;
  /** Leaves a per-user copy (every user with every imported setting) would hold. */
  perUserCopy: number;
  /** Users with a setting their groups disagree on (written as the user's own value). */
  ambiguousUsers: number;
}

export interface HierarchyImportOutput {
  files: Array<{ relPath: string; text: string }>;
  usersFiles: string[];
  groupFiles: Array<{ relPath: string; name: string }>;
  compression: Compression;
  skipped: number;
}

/** Settings by their comparison key (a reordered set-like list is the same value); locks by their boolean text. */
const settingsMap = (leaves: readonly ImportLeaf[]): Map<string, string> => new Map(leaves.map((leaf) => [leaf.key, valueKey(leaf)]));
const locksMap = (leaves: readonly ImportLeaf[]): Map<string, string> => new Map(leaves.map((leaf) => [leaf.key, lockText(leaf.value)]));

/** A file name from the group's name: lower case, words joined by '-', unique among the groups (else the id). */
function groupFileNames(groups: readonly GroupSnapshot[]): string[] {
  const used = new Set<string>();
  return groups.map((group) => {
    const base = group.name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || group.id.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    return name;
  });
}

/** `group:` names the group when its name finds exactly this group (names compare case-insensitively), else its id. */
function groupReference(group: GroupSnapshot, all: readonly GroupSnapshot[]): string {
  const lower = group.name.trim().toLowerCase();
  const clash = all.some((other) => other !== group && (other.name.trim().toLowerCase() === lower || other.id.toLowerCase() === lower));
  return group.name.trim() === '' || clash || group.name !== group.name.trim() ? group.id : group.name;
}

/**
 * A group keeps what differs from the account's live value: a value equal to it is what the group inherits anyway
 * (even where account.yaml cannot say it: then defaults.yaml or the users carry it, for every user alike).
 */
function groupPart(group: LevelLeaves, account: LevelsWritten, accountLive: ReadonlyMap<string, string>): { settings: ImportLeaf[]; locks: ImportLeaf[] } {
  return {
    settings: group.settings.filter((leaf) => accountLive.get(leaf.key) !== valueKey(leaf)),
    // A group cannot loosen what the account locks, so its copy of an account lock says nothing.
    locks: group.locks.filter((leaf) => {
      const atAccount = account.accountLocks.get(leaf.key);
      return atAccount === undefined ? leaf.value === true : atAccount !== 'true' && atAccount !== lockText(leaf.value);
    }),
  };
}

export function buildHierarchyImport(input: HierarchyImportInput): HierarchyImportOutput {
  const accountChecks = levelCheckers('account');
  const groupChecks = levelCheckers('group');
  const account = levelLeaves('account', input.account, input.scope, accountChecks);
  const levels: LevelsWritten & { groups: Map<string, Map<string, string>> } = {
    account: settingsMap(account.settings),
    accountLocks: locksMap(account.locks),
    groups: new Map(),
  };
  const accountLive = settingsMap(liveLevelValues(input.account, input.scope));
  const levelSkips = account.skipped.map((s) => `  account ${s.path}: ${s.reason}`);
  const groupParts = input.groups.map((group) => {
    const read = levelLeaves('group', group, input.scope, groupChecks);
    levelSkips.push(...read.skipped.map((s) => `  group ${group.name.replace(/[\u0000-\u001f]/g, '?')} ${s.path}: ${s.reason}`));
    const part = groupPart(read, levels, accountLive);
    levels.groups.set(group.id, settingsMap(part.settings));
    return part;
  });

  let ambiguousUsers = 0;
  const splits = input.users.map((user) => {
    const split = splitUser(levels, user);
    if (split.ambiguous > 0) ambiguousUsers++;
    return { user, split };
  });
  const shared = splitShared(splits.map(({ user, split }) => ({ key: user.key, leaves: split.unknown })), input.share);
  let perUser: SuggestedUser[] = splits.map(({ user, split }, i) => ({ key: user.key, leaves: [...split.own, ...shared.users[i]!.leaves].sort((a, b) => a.rank - b.rank) }));
  const suggested = input.suggest ? suggestProfiles(perUser, input.suggest) : { profiles: [], users: perUser };
  perUser = suggested.users;

  const groupNames = groupFileNames(input.groups);
  const skipped = summarizeSkipped(input.users);
  const when = `Imported from Zoom by \`zoom-settings import\` at ${input.importedAt}`;
  const usersFiles = renderUsers(perUser, [`${when}: what each user has that the account, their groups, defaults.yaml and their profiles do not give them.`]);
  const files: Array<{ relPath: string; text: string }> = [
    {
      relPath: 'account.yaml',
      text: renderLevel('./.schema/account.schema.json', [`${when}: the account's settings that users also have, and the locks that hold them.`, 'Users inherit these unless a group file or their own entry says otherwise; a locked setting cannot be changed below the account.'], { settings: account.settings, locks: account.locks }),
    },
    ...input.groups.map((group, i) => ({
      relPath: `groups/${groupNames[i]}.yaml`,
      text: renderLevel('../.schema/group.schema.json', [`${when}: what group ${group.name.replace(/[\u0000-\u001f]/g, '?')} sets differently from the account, and the locks it adds. Members are managed in Zoom (or your identity provider), not here.`], { group: groupReference(group, input.groups), ...groupParts[i]! }),
    })),
    {
      relPath: 'defaults.yaml',
      text: renderDefaults(shared.defaults, [
        `${when} (${input.users.length} user${input.users.length === 1 ? '' : 's'}).`,
        `Settings the account and groups cannot hold (authentication blocks, settings only users have), shared by at least ${percent(input.share)} of the users.`,
        ...importNotes(input, skipped),
        ...(levelSkips.length > 0 ? ['Not imported at the account and group levels (their schemas reject the value; the setting stays unmanaged there):', ...levelSkips] : []),
      ]),
    },
    ...profileFiles(suggested.profiles),
    ...usersFiles.map(({ relPath, text }) => ({ relPath, text })),
  ];
  const compression: Compression = {
    users: input.users.length,
    perUserSettings: perUser.reduce((n, user) => n + user.leaves.length, 0),
    profileReferences: perUser.reduce((n, user) => n + (user.profiles?.length ?? 0), 0),
    profiles: suggested.profiles.length,
    profileSettings: suggested.profiles.reduce((n, p) => n + p.leaves.length, 0),
    groups: input.groups.length,
    accountSettings: account.settings.length,
    accountLocks: account.locks.length,
    groupSettings: groupParts.reduce((n, p) => n + p.settings.length, 0),
    groupLocks: groupParts.reduce((n, p) => n + p.locks.length, 0),
    defaultSettings: shared.defaults.length,
    perUserCopy: input.users.reduce((n, user) => n + user.leaves.length, 0),
    ambiguousUsers,
  };
  return {
    files,
    usersFiles: usersFiles.map((f) => f.relPath),
    groupFiles: input.groups.map((group, i) => ({ relPath: `groups/${groupNames[i]}.yaml`, name: group.name })),
    compression,
    skipped: skipped.length + levelSkips.length,
  };
}
