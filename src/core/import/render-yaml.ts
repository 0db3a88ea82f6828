/**
 * Imported leaves → desired-state YAML text: defaults.yaml and users/*.yaml, each with the editor-schema line on
 * top. Trees are built as Maps (a profile or setting named "__proto__" stays a plain key) and written by js-yaml, the
 * package the loader reads with. Its dump schema quotes every string any YAML version would read as something else
 * ("true", "yes", "", "1234567890" stay strings, here and in other tools).
 */
import { dump, DUMP_SCHEMA, realMapTag } from 'js-yaml';
import { HIGH_IMPACT_OPT_IN } from '../desired/validate-settings.js';
import type { ImportLeaf } from './live-leaves.js';
import type { ImportedUser } from './shared-defaults.js';

type Tree = Map<string, unknown>;

/** The per-file budget: half of what the loader accepts (io/desired-state-files.ts MAX_FILE_BYTES, parse-yaml.ts MAX_NODES_PER_FILE). */
export const USERS_FILE_MAX_BYTES = 2 * 1024 * 1024;
export const USERS_FILE_MAX_NODES = 250_000;

/** Maps as mappings, no line folding, double quotes (escapes stay readable: "\t"). */
const YAML_OPTIONS = { schema: DUMP_SCHEMA.withTags(realMapTag), lineWidth: -1, quoteStyle: 'double' } as const;

function stringify(tree: Tree): string {
  return dump(tree, YAML_OPTIONS);
}

/** The nested `settings:` mapping of some leaves, in schema order, opted in beside every high-impact setting. */
export function settingsTree(leaves: readonly ImportLeaf[]): Tree {
  const root: Tree = new Map();
  for (const leaf of [...leaves].sort((a, b) => a.rank - b.rank)) {
    let node = root;
    for (const key of leaf.path.slice(0, -1)) {
      let next = node.get(key);
      if (!(next instanceof Map)) {
        next = new Map();
        node.set(key, next);
      }
      node = next as Tree;
    }
    // Just before the first high-impact setting of its mapping, so a reviewer reads the two together.
    if (leaf.highImpact && !node.has(HIGH_IMPACT_OPT_IN)) node.set(HIGH_IMPACT_OPT_IN, true);
    node.set(leaf.path[leaf.path.length - 1]!, leaf.value);
  }
  return root;
}

/** Comment lines: one `# ` per line, never a line break inside (a value's text must not end the comment). */
export function commentLines(lines: readonly string[]): string {
  return lines.map((line) => `#${line ? ` ${line.replace(/[\r\n\u2028\u2029]+/g, ' ')}` : ''}\n`).join('');
}

export function renderDefaults(leaves: readonly ImportLeaf[], header: readonly string[]): string {
  const top = '# yaml-language-server: $schema=./.schema/defaults.schema.json\n' + commentLines(header);
  if (leaves.length === 0) return `${top}settings: {}\n`;
  return top + stringify(new Map([['settings', settingsTree(leaves)]]));
}

/**
 * account.yaml or a groups/*.yaml file (FORMATS.md): `group:` first for a group, then `settings:` and `locks:`.
 * An empty mapping is written as `{}` so the file still says what it manages: nothing yet.
 */
export function renderLevel(schemaLine: string, header: readonly string[], parts: { group?: string; settings: readonly ImportLeaf[]; locks: readonly ImportLeaf[] }): string {
  const doc: Tree = new Map();
  if (parts.group !== undefined) doc.set('group', parts.group);
  doc.set('settings', settingsTree(parts.settings));
  doc.set('locks', settingsTree(parts.locks));
  return `# yaml-language-server: $schema=${schemaLine}\n${commentLines(header)}${stringify(doc)}`;
}

/** profiles/<name>.yaml: a description and the settings the profile gives. */
export function renderProfile(description: string, leaves: readonly ImportLeaf[]): string {
  const doc: Tree = new Map<string, unknown>([['description', description], ['settings', settingsTree(leaves)]]);
  return `# yaml-language-server: $schema=../.schema/profile.schema.json\n${stringify(doc)}`;
}

export interface UsersFile {
  /** Relative to the desired-state directory. */
  relPath: string;
  text: string;
  users: number;
}

/** Keys and values in a plain tree, as the loader counts them. */
function countNodes(value: unknown): number {
  if (value instanceof Map) {
    let n = 1;
    for (const child of value.values()) n += 1 + countNodes(child);
    return n;
  }
  if (Array.isArray(value)) return value.reduce<number>((n, item) => n + countNodes(item), 1);
  if (value !== null && typeof value === 'object') return Object.values(value).reduce<number>((n, child) => n + 1 + countNodes(child), 1);
  return 1;
}

/**
 * users/imported.yaml (then imported-2.yaml, ...) holding each user's differences from defaults. Users are
 * written one block each, so a large account is split before a file reaches the loader's limits.
 */
export function renderUsers(
  users: readonly ImportedUser[],
  header: readonly string[],
  limits: { bytes: number; nodes: number } = { bytes: USERS_FILE_MAX_BYTES, nodes: USERS_FILE_MAX_NODES },
  baseName = 'imported',
): UsersFile[] {
  const top = '# yaml-language-server: $schema=../.schema/users.schema.json\n' + commentLines(header);
  const files: UsersFile[] = [];
  let blocks: string[] = [];
  let bytes = 0;
  let nodes = 0;
  const flush = (): void => {
    if (blocks.length === 0) return;
    const relPath = `users/${baseName}${files.length === 0 ? '' : `-${files.length + 1}`}.yaml`;
    files.push({ relPath, text: top + blocks.join(''), users: blocks.length });
    blocks = [];
    bytes = 0;
    nodes = 0;
  };
  for (const user of users) {
    const entry: Tree = new Map();
    if (user.profiles && user.profiles.length > 0) entry.set('profiles', [...user.profiles]);
    if (user.leaves.length > 0) entry.set('settings', settingsTree(user.leaves));
    const block = stringify(new Map([[user.key, entry]]));
    const blockNodes = 2 + countNodes(entry);
    if (blocks.length > 0 && (bytes + block.length > limits.bytes || nodes + blockNodes > limits.nodes)) flush();
    blocks.push(block);
    bytes += block.length;
    nodes += blockNodes;
  }
  flush();
  return files;
}
