/**
 * Reads `zoom-settings simulator --hierarchy FILE`: the account's settings and locks and the groups with their
 * settings, locks, members and priority (README "Simulating the settings hierarchy"). Checked once, with messages
 * that name the file and the entry; read with the desired state's YAML reader, whose mappings have no prototype.
 */
import { readFile } from 'node:fs/promises';
import { parseYaml } from '../core/desired/parse-yaml.js';
import { formatProblem } from '../core/desired/problems.js';
import { toPlain } from '../core/desired/source.js';
import { InputError } from '../core/errors.js';
import type { GroupSeed, HierarchySeed, LevelSeed } from '../simulator/index.js';

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function level(file: string, where: string, value: unknown): LevelSeed {
  if (value === undefined || value === null) return {};
  if (!isMap(value)) throw new InputError(`${file}: ${where} must be a mapping with settings and locks`);
  for (const key of Object.keys(value)) {
    if (!['settings', 'locks', 'name', 'id', 'priority', 'members'].includes(key)) throw new InputError(`${file}: ${where} has an unknown key "${key}"`);
  }
  for (const key of ['settings', 'locks'] as const) {
    if (value[key] !== undefined && !isMap(value[key])) throw new InputError(`${file}: ${where}.${key} must be a mapping`);
  }
  return { ...(isMap(value.settings) ? { settings: value.settings } : {}), ...(isMap(value.locks) ? { locks: value.locks } : {}) };
}

function group(file: string, index: number, value: unknown): GroupSeed {
  const where = `groups[${index}]`;
  if (!isMap(value) || typeof value.name !== 'string' || value.name === '') throw new InputError(`${file}: ${where} needs a name`);
  const seed: GroupSeed = { name: value.name, ...level(file, `${where} (${value.name})`, value) };
  if (value.id !== undefined) {
    if (typeof value.id !== 'string' || value.id === '') throw new InputError(`${file}: ${where} (${value.name}).id must be a non-empty string`);
    seed.id = value.id;
  }
  if (value.priority !== undefined) {
    if (!Number.isInteger(value.priority) || (value.priority as number) < 1) throw new InputError(`${file}: ${where} (${value.name}).priority must be a whole number ≥ 1 (1 is the highest)`);
    seed.priority = value.priority as number;
  }
  if (value.members !== undefined) {
    if (!Array.isArray(value.members) || !value.members.every((m) => typeof m === 'string')) {
      throw new InputError(`${file}: ${where} (${value.name}).members must be a list of emails or user ids`);
    }
    seed.members = value.members as string[];
  }
  return seed;
}

export function parseHierarchy(file: string, text: string): HierarchySeed {
  const parsed = parseYaml(text, file);
  const errors = parsed.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0 || !parsed.root) throw new InputError(`${file}: not valid YAML`, errors.map(formatProblem));
  const doc = toPlain(parsed.root);
  if (!isMap(doc)) throw new InputError(`${file}: expected a mapping with account and groups`);
  for (const key of Object.keys(doc)) {
    if (!TOP_LEVEL_KEYS.includes(key)) throw new InputError(`${file}: unknown top-level key "${key}" (expected ${TOP_LEVEL_KEYS.join(', ')})`);
  }
  if (doc.groups !== undefined && !Array.isArray(doc.groups)) throw new InputError(`${file}: groups must be a list`);
  if (doc.inherit !== undefined && typeof doc.inherit !== 'boolean') throw new InputError(`${file}: inherit must be true or false`);
  const seed: HierarchySeed = { account: level(file, 'account', doc.account), groups: ((doc.groups as unknown[] | undefined) ?? []).map((g, i) => group(file, i, g)) };
  if (doc.inherit !== undefined) seed.inherit = doc.inherit;
  if (doc.overrides !== undefined) seed.overrides = overrides(file, doc.overrides);
  return seed;
}

const TOP_LEVEL_KEYS = ['account', 'groups', 'inherit', 'overrides'];

/** `overrides:` user (email or id) → GET-shaped settings; plain mappings without a prototype (toPlain). */
function overrides(file: string, value: unknown): Record<string, Record<string, unknown>> {
  if (!isMap(value)) throw new InputError(`${file}: overrides must be a mapping of user (email or id) to settings`);
  const out: Record<string, Record<string, unknown>> = Object.create(null) as Record<string, Record<string, unknown>>;
  for (const [user, settings] of Object.entries(value)) {
    if (!isMap(settings)) throw new InputError(`${file}: overrides.${user} must be a mapping of settings`);
    out[user] = settings;
  }
  return out;
}

export async function readHierarchyFile(file: string): Promise<HierarchySeed> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`${file}: cannot read the hierarchy file (${error.code ?? error.message})`);
  });
  return parseHierarchy(file, text);
}
