/**
 * Turns parsed files into the desired-state model, checking each document's own shape:
 * - defaults.yaml: `settings:` for every managed user;
 * - profiles/<name>.yaml: `extends: [...]` and `settings:`;
 * - users/*.yaml: a mapping from email address or Zoom user id to `{ profiles: [...], settings: {...} }`;
 * - account.yaml: `settings:` and `locks:` of the account (checked against the account schemas);
 * - groups/<any-name>.yaml: `group:` (the group's name or id), `settings:` and `locks:` (the group schemas);
 * - drift-acks/<name>.yaml: one acknowledged drift (drift-acks.ts).
 */
import { readDriftAck } from './drift-acks.js';
import type { DefaultsDoc, DesiredFile, DesiredState, GroupDoc, LevelDoc, NameRef, ProfileDoc, UserEntry } from './model.js';
import { LEVEL_LOOKUPS } from './settings-lookup.js';
import { parseYaml } from './parse-yaml.js';
import { fileProblem, problemAt, suggestion, type Problem } from './problems.js';
import { describeNode, scalarText, type MapEntry, type PNode, type SourcePosition } from './source.js';
import { checkUserKey } from './user-key.js';
import { validateSettings } from './validate-settings.js';

export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const YAML_FILE = /\.ya?ml$/;

/** `policy` and `exception` files (policies/*.yaml, exceptions/*.yaml) are read by the policy engine (core/policy); `drift-ack` files by core/plan/acknowledge.ts. */
export type FileKind = 'defaults' | 'profile' | 'users' | 'account' | 'group' | 'policy' | 'exception' | 'drift-ack';

/** Which kind of document a path (relative to the desired-state directory) holds, if any. */
export function fileKind(relPath: string): FileKind | undefined {
  if (!YAML_FILE.test(relPath)) return undefined;
  if (/^defaults\.ya?ml$/.test(relPath)) return 'defaults';
  if (/^profiles\/[^/]+$/.test(relPath)) return 'profile';
  if (/^account\.ya?ml$/.test(relPath)) return 'account';
  if (/^groups\/[^/]+$/.test(relPath)) return 'group';
  if (relPath.startsWith('users/')) return 'users';
  if (/^policies\/[^/]+$/.test(relPath)) return 'policy';
  if (/^exceptions\/[^/]+$/.test(relPath)) return 'exception';
  if (/^drift-acks\/[^/]+$/.test(relPath)) return 'drift-ack';
  return undefined;
}

export interface BuildResult {
  state: DesiredState;
  problems: Problem[];
}

export function buildDesiredState(files: DesiredFile[]): BuildResult {
  const problems: Problem[] = [];
  const state: DesiredState = { profiles: new Map(), users: [] };
  for (const file of files) {
    const kind = fileKind(file.relPath);
    if (!kind || kind === 'policy' || kind === 'exception') continue;
    const parsed = parseYaml(file.text, file.path);
    problems.push(...parsed.problems);
    if (parsed.problems.some((p) => p.severity === 'error')) continue;
    const root = parsed.root;
    if (kind === 'defaults') state.defaults = readDefaults(file, root, problems);
    else if (kind === 'drift-ack') {
      const ack = readDriftAck(file, root, problems);
      if (ack) (state.driftAcks ??= []).push(ack);
    } else if (kind === 'account') state.account = readAccount(file, root, problems);
    else if (kind === 'group') {
      const group = readGroup(file, root, problems);
      if (group) (state.groups ??= []).push(group);
    } else if (kind === 'profile') {
      const profile = readProfile(file, root, problems);
      if (profile) state.profiles.set(profile.name, profile);
    } else {
      // A loop, not push(...users): a spread passes every user as a call argument, and a 4 MiB users file can
      // hold more users than the stack has room for (RangeError).
      for (const user of readUsers(file, root, problems)) state.users.push(user);
    }
  }
  return { state, problems };
}

/** Checks a document's top-level keys; returns the map, or undefined when the root is not one. */
function topLevel(file: DesiredFile, root: PNode | undefined, allowed: string[], problems: Problem[]): PNode | undefined {
  if (!root || (root.kind === 'scalar' && root.value === null)) return undefined;
  if (root.kind !== 'map') {
    problems.push(problemAt(root.pos, '', `the document must be a mapping with ${allowed.map((k) => `"${k}"`).join(', ')}, found ${describeNode(root)}`));
    return undefined;
  }
  for (const e of root.entries) {
    if (!allowed.includes(e.key)) problems.push(problemAt(e.keyPos, e.key, `unknown key${suggestion(e.key, allowed)}; expected ${allowed.join(', ')}`));
  }
  return root;
}

function settingsOf(root: PNode, problems: Problem[]): PNode | undefined {
  const e = root.kind === 'map' ? root.entries.find((x) => x.key === 'settings') : undefined;
  if (!e || (e.value.kind === 'scalar' && e.value.value === null)) return undefined;
  validateSettings(e.value, problems);
  return e.value.kind === 'map' ? e.value : undefined;
}

function readDefaults(file: DesiredFile, root: PNode | undefined, problems: Problem[]): DefaultsDoc {
  const map = topLevel(file, root, ['settings'], problems);
  const settings = map ? settingsOf(map, problems) : undefined;
  return settings ? { file: file.path, settings } : { file: file.path };
}

function levelDoc(file: DesiredFile, root: PNode | undefined, map: PNode | undefined, level: 'account' | 'group', problems: Problem[]): LevelDoc {
  const doc: LevelDoc = { file: file.path, pos: root?.pos ?? { file: file.path, line: 1, column: 1 } };
  if (!map || map.kind !== 'map') return doc;
  for (const what of ['settings', 'locks'] as const) {
    const e = map.entries.find((x) => x.key === what);
    if (!e || (e.value.kind === 'scalar' && e.value.value === null)) continue;
    validateSettings(e.value, problems, LEVEL_LOOKUPS[level][what]);
    if (e.value.kind === 'map') doc[what] = e.value;
  }
  return doc;
}

function readAccount(file: DesiredFile, root: PNode | undefined, problems: Problem[]): LevelDoc {
  return levelDoc(file, root, topLevel(file, root, ['settings', 'locks'], problems), 'account', problems);
}

function readGroup(file: DesiredFile, root: PNode | undefined, problems: Problem[]): GroupDoc | undefined {
  const map = topLevel(file, root, ['group', 'settings', 'locks'], problems);
  if (!map || map.kind !== 'map') {
    if (!map) problems.push(fileProblem(file.path, 'a group file needs "group:" (the group\'s name or id), then settings: and locks:'));
    return undefined;
  }
  const e = map.entries.find((x) => x.key === 'group');
  if (!e) {
    problems.push(problemAt(map.pos, 'group', 'missing "group:": name the group (its name in Zoom, or its id)'));
    return undefined;
  }
  if (e.value.kind !== 'scalar' || e.value.value === null || scalarText(e.value).trim() === '') {
    problems.push(problemAt(e.value.pos, 'group', `expected the group's name or id, found ${describeNode(e.value)}`));
    return undefined;
  }
  return { ...levelDoc(file, root, map, 'group', problems), group: { name: scalarText(e.value), pos: e.value.pos } };
}

function readProfile(file: DesiredFile, root: PNode | undefined, problems: Problem[]): ProfileDoc | undefined {
  const name = file.relPath.replace(/^profiles\//, '').replace(YAML_FILE, '');
  if (!PROFILE_NAME.test(name)) {
    problems.push(fileProblem(file.path, `profile file name "${name}" must start with a letter or digit and use only letters, digits, ".", "-" or "_"`));
    return undefined;
  }
  const map = topLevel(file, root, ['description', 'extends', 'settings'], problems);
  const pos = root?.pos ?? { file: file.path, line: 1, column: 1 };
  const profile: ProfileDoc = { name, file: file.path, pos, extends: [] };
  if (!map || map.kind !== 'map') return profile;
  const ext = map.entries.find((e) => e.key === 'extends');
  if (ext) profile.extends = nameList(ext, problems);
  const description = map.entries.find((e) => e.key === 'description');
  if (description && (description.value.kind !== 'scalar' || typeof description.value.value !== 'string')) {
    problems.push(problemAt(description.value.pos, 'description', `expected a string, found ${describeNode(description.value)}`));
  }
  const settings = settingsOf(map, problems);
  if (settings) profile.settings = settings;
  return profile;
}

/** A list of profile names (`extends:` or a user's `profiles:`). */
function nameList(e: MapEntry, problems: Problem[]): NameRef[] {
  const node = e.value;
  if (node.kind === 'scalar' && node.value === null) return [];
  if (node.kind !== 'seq') {
    problems.push(problemAt(node.pos, e.key, `expected a list of profile names, found ${describeNode(node)}`));
    return [];
  }
  // A name is the text as written: `profiles: [2024, 0x1f]` names the profiles "2024" and "0x1f" (profile file names
  // are text, and YAML would read those as numbers).
  const valid = node.items.filter((item) => {
    if (item.kind === 'scalar' && item.value !== null && PROFILE_NAME.test(scalarText(item))) return true;
    problems.push(problemAt(item.pos, e.key, `expected a profile name, found ${describeNode(item)}`));
    return false;
  });
  // map() sizes the list exactly; push() from empty reserves 17 slots, and every user keeps its list for the run.
  return valid.map((item) => ({ name: scalarText(item as PNode & { kind: 'scalar' }), pos: item.pos }));
}

/** Shared by every user without `profiles:` (most of 100,000 users): one empty list, not one each; never mutated. */
const NO_PROFILES: NameRef[] = Object.freeze([]) as unknown as NameRef[];

/**
 * A user entry as loaded. Every entry stays in memory for the whole run, and the old generation grows to a few times
 * what stays alive, so each byte per user counts (docs/performance.md): the position is kept as two numbers and made
 * into a SourcePosition only when a problem asks for it.
 */
class LoadedUser implements UserEntry {
  declare settings?: PNode;
  profiles: NameRef[] = NO_PROFILES;
  private readonly line: number;
  private readonly column: number;

  constructor(
    readonly key: string,
    readonly identity: string,
    readonly file: string,
    pos: SourcePosition,
  ) {
    this.line = pos.line;
    this.column = pos.column;
  }

  get pos(): SourcePosition {
    return { file: this.file, line: this.line, column: this.column };
  }
}

function readUsers(file: DesiredFile, root: PNode | undefined, problems: Problem[]): UserEntry[] {
  if (!root || (root.kind === 'scalar' && root.value === null)) return [];
  if (root.kind !== 'map') {
    problems.push(problemAt(root.pos, '', `the document must be a mapping from email address or Zoom user id to { profiles, settings }, found ${describeNode(root)}`));
    return [];
  }
  const users: UserEntry[] = [];
  for (const e of root.entries) {
    const check = checkUserKey(e.key);
    if (!check.ok) {
      problems.push(problemAt(e.keyPos, e.key, `not a user: ${check.reason}`));
      continue;
    }
    const user: UserEntry = new LoadedUser(e.key, check.identity, file.path, e.keyPos);
    const value = e.value;
    if (value.kind === 'map') {
      for (const field of value.entries) {
        if (field.key === 'profiles') user.profiles = nameList(field, problems);
        else if (field.key === 'settings') {
          const settings = settingsOf(value, problems);
          if (settings) user.settings = settings;
        } else problems.push(problemAt(field.keyPos, `${e.key}.${field.key}`, `unknown key${suggestion(field.key, ['profiles', 'settings'])}; expected profiles, settings`));
      }
    } else if (!(value.kind === 'scalar' && value.value === null)) {
      problems.push(problemAt(value.pos, e.key, `expected a mapping with profiles and settings (or nothing), found ${describeNode(value)}`));
      continue;
    }
    users.push(user);
  }
  return users;
}

/** Two group files that name the same group (by the text of `group:`, case-insensitively) are refused. */
export function checkGroupFiles(state: DesiredState): Problem[] {
  const problems: Problem[] = [];
  const first = new Map<string, GroupDoc>();
  for (const group of state.groups ?? []) {
    const key = group.group.name.trim().toLowerCase();
    const earlier = first.get(key);
    if (earlier) {
      const at = earlier.group.pos;
      problems.push(problemAt(group.group.pos, 'group', `group "${group.group.name}" is already managed by ${at.file}:${at.line}:${at.column}; manage each group in one file`));
    } else first.set(key, group);
  }
  return problems;
}
