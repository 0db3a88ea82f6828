/**
 * Merge with provenance. Order: defaults < profiles (in listed order, each after its own `extends`) < the user's
 * own settings. Objects merge key by key; lists and scalars replace. Every resolved leaf keeps the file, line and
 * column of the layer that won, so plans can say which file asked for a change.
 */
import { childField, type FieldSchema, type Variant } from '../../schema/index.js';
import type { DesiredState, ProfileDoc, UserEntry } from './model.js';
import { problemAt, type Problem } from './problems.js';
import { toPlain, type MapEntry, type PNode, type SourcePosition } from './source.js';
import { AUTH_BLOCKS, HIGH_IMPACT_OPT_IN, sectionVariant } from './validate-settings.js';
import { USER_LOOKUP, type SettingsLookup } from './settings-lookup.js';

/** A secret's desired value is a reference to an environment variable, resolved only when a plan is made. */
export interface SecretRef {
  env: string;
}

export interface DesiredLeaf {
  variant: Variant;
  /**
   * Path inside the variant: the API path for `default` (in_meeting.waiting_room) and `meeting_security`
   * (meeting_security.waiting_room); `enabled` or `profiles.<id or name>.<visible|default|domains>` for the
   * authentication variants.
   */
  path: string[];
  value: unknown;
  secret?: SecretRef;
  source: SourcePosition;
}

export interface ResolvedUser {
  user: UserEntry;
  /** Layer names in merge order, for explanations: defaults, profile names, then the user. */
  layers: string[];
  leaves: DesiredLeaf[];
}

/** The display path of a leaf: what an admin writes under `settings:`. */
export function leafPath(leaf: Pick<DesiredLeaf, 'variant' | 'path'>): string {
  const isAuth = leaf.variant === 'meeting_authentication' || leaf.variant === 'recording_authentication';
  return isAuth ? `${leaf.variant}.${leaf.path.join('.')}` : leaf.path.join('.');
}

/** Merges two positioned trees: mappings key by key, anything else replaced by the later layer. */
export function mergeNodes(base: PNode, over: PNode): PNode {
  if (base.kind !== 'map' || over.kind !== 'map') return over;
  const entries: MapEntry[] = [];
  const overByKey = new Map(over.entries.map((e) => [e.key, e]));
  for (const e of base.entries) {
    const o = overByKey.get(e.key);
    entries.push(o ? { key: e.key, keyPos: o.keyPos, value: mergeNodes(e.value, o.value) } : e);
  }
  const baseKeys = new Set(base.entries.map((e) => e.key));
  for (const o of over.entries) if (!baseKeys.has(o.key)) entries.push(o);
  return { kind: 'map', pos: over.pos, entries };
}

function mergeAll(layers: Array<PNode | undefined>): PNode | undefined {
  let merged: PNode | undefined;
  for (const layer of layers) if (layer) merged = merged ? mergeNodes(merged, layer) : layer;
  return merged;
}

/** Flattens a merged `settings:` tree into leaves, following the schema (lists and secrets are leaves). */
export function flattenSettings(settings: PNode | undefined, lookup: SettingsLookup = USER_LOOKUP): DesiredLeaf[] {
  const leaves: DesiredLeaf[] = [];
  if (!settings || settings.kind !== 'map') return leaves;
  for (const section of settings.entries) {
    const variant = sectionVariant(section.key);
    if ((AUTH_BLOCKS as readonly string[]).includes(section.key)) {
      if (lookup.authBlocks) flattenAuth(variant, section.value, leaves);
    } else {
      const field = lookup.field(variant, [section.key]);
      if (field) flattenField(variant, [section.key], section, field, leaves);
    }
  }
  return leaves;
}

function flattenField(variant: Variant, path: string[], e: MapEntry, field: FieldSchema, leaves: DesiredLeaf[]): void {
  if (field.secret) {
    const env = e.value.kind === 'map' ? e.value.entries.find((x) => x.key === 'env') : undefined;
    if (env && env.value.kind === 'scalar' && typeof env.value.value === 'string') {
      leaves.push({ variant, path, value: null, secret: { env: env.value.value }, source: e.keyPos });
    }
    return;
  }
  if (field.type === 'object' && e.value.kind === 'map') {
    for (const child of e.value.entries) {
      const known = childField(field, child.key);
      if (child.key === HIGH_IMPACT_OPT_IN || !known) continue;
      flattenField(variant, [...path, child.key], child, known, leaves);
    }
    return;
  }
  leaves.push({ variant, path, value: toPlain(e.value), source: e.keyPos });
}

function flattenAuth(variant: Variant, block: PNode, leaves: DesiredLeaf[]): void {
  if (block.kind !== 'map') return;
  for (const e of block.entries) {
    if (e.key === 'enabled') leaves.push({ variant, path: ['enabled'], value: toPlain(e.value), source: e.keyPos });
    if (e.key !== 'profiles' || e.value.kind !== 'map') continue;
    for (const profile of e.value.entries) {
      if (profile.value.kind !== 'map') continue;
      for (const option of profile.value.entries) {
        leaves.push({ variant, path: ['profiles', profile.key, option.key], value: toPlain(option.value), source: option.keyPos });
      }
    }
  }
}

/**
 * Resolves users one at a time. Chains of defaults + profiles are merged once and shared; a user without own
 * settings shares its chain's leaves, so 100,000 users that use the same profiles cost one merge.
 */
export class Resolver {
  private readonly chains = new Map<string, { merged: PNode | undefined; leaves: DesiredLeaf[]; layers: string[] }>();

  constructor(private readonly state: DesiredState) {}

  resolve(user: UserEntry): ResolvedUser {
    const chain = this.chain(user.profiles.map((p) => p.name));
    if (!user.settings) return { user, layers: [...chain.layers, user.key], leaves: chain.leaves };
    const merged = mergeAll([chain.merged, user.settings]);
    return { user, layers: [...chain.layers, user.key], leaves: flattenSettings(merged) };
  }

  private chain(names: string[]) {
    const cacheKey = names.join('\0');
    let chain = this.chains.get(cacheKey);
    if (!chain) {
      const profiles = names.flatMap((name) => expandProfile(this.state, name, []));
      const merged = mergeAll([this.state.defaults?.settings, ...profiles.map((p) => p.settings)]);
      const layers = [...(this.state.defaults ? ['defaults'] : []), ...profiles.map((p) => p.name)];
      chain = { merged, leaves: flattenSettings(merged), layers };
      this.chains.set(cacheKey, chain);
    }
    return chain;
  }
}

/** A profile's layers: its `extends` (each expanded first, in order), then itself. Unknown names and cycles are skipped (reported by checkReferences). */
export function expandProfile(state: DesiredState, name: string, stack: string[]): ProfileDoc[] {
  const profile = state.profiles.get(name);
  if (!profile || stack.includes(name)) return [];
  return [...profile.extends.flatMap((ref) => expandProfile(state, ref.name, [...stack, name])), profile];
}

/** Unknown profiles, `extends` cycles and users named in two places. */
export function checkReferences(state: DesiredState): Problem[] {
  const problems = checkProfileReferences(state);
  const firstDefined: FirstDefinitions = new Map();
  for (const user of state.users) problems.push(...checkUserReferences(state, user, firstDefined));
  return problems;
}

/** Where each user identity was first defined: the duplicate check, one user at a time. */
export type FirstDefinitions = Map<string, SourcePosition>;

/** Unknown profiles in `extends` and `extends` cycles. */
export function checkProfileReferences(state: DesiredState): Problem[] {
  const problems: Problem[] = [];
  const inReportedCycle = new Set<string>();
  for (const profile of state.profiles.values()) {
    for (const ref of profile.extends) problems.push(...unknownProfile(state, ref, 'extends'));
    const cycle = findCycle(state, profile.name, []);
    // One cycle is one problem: report it at the first of its profiles, not once per member.
    if (cycle && cycle[0] === profile.name && !inReportedCycle.has(profile.name)) {
      for (const name of cycle) inReportedCycle.add(name);
      const ref = profile.extends.find((r) => r.name === cycle[1])!;
      problems.push(problemAt(ref.pos, 'extends', `extends cycle: ${cycle.join(' → ')}`));
    }
  }
  return problems;
}

/**
 * A user's unknown profiles, and whether it was defined before (`firstDefined` remembers only positions, so users
 * can be checked a file at a time without holding them).
 */
export function checkUserReferences(state: DesiredState, user: UserEntry, firstDefined: FirstDefinitions): Problem[] {
  const problems: Problem[] = [];
  for (const ref of user.profiles) problems.push(...unknownProfile(state, ref, `${user.key}.profiles`));
  const first = firstDefined.get(user.identity);
  if (first) {
    problems.push(problemAt(user.pos, user.key, `the same user is already defined at ${first.file}:${first.line}:${first.column}; define each user once`));
  } else firstDefined.set(user.identity, user.pos);
  return problems;
}

function unknownProfile(state: DesiredState, ref: { name: string; pos: SourcePosition }, path: string): Problem[] {
  if (state.profiles.has(ref.name)) return [];
  const known = [...state.profiles.keys()].sort();
  const hint = known.length ? ` (known profiles: ${known.join(', ')})` : ' (there is no profiles/ directory)';
  return [problemAt(ref.pos, path, `unknown profile "${ref.name}"${hint}`)];
}

function findCycle(state: DesiredState, name: string, stack: string[]): string[] | undefined {
  if (stack.includes(name)) return [...stack.slice(stack.indexOf(name)), name];
  const profile = state.profiles.get(name);
  if (!profile) return undefined;
  for (const ref of profile.extends) {
    const cycle = findCycle(state, ref.name, [...stack, name]);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Rules on the merged result: one default authentication profile per block, and a default must be visible. */
export function checkResolved(resolved: ResolvedUser): Problem[] {
  const problems: Problem[] = [];
  for (const block of AUTH_BLOCKS) {
    const byProfile = new Map<string, Map<string, DesiredLeaf>>();
    for (const leaf of resolved.leaves) {
      if (leaf.variant !== block || leaf.path[0] !== 'profiles') continue;
      const options = byProfile.get(leaf.path[1]!) ?? new Map<string, DesiredLeaf>();
      options.set(leaf.path[2]!, leaf);
      byProfile.set(leaf.path[1]!, options);
    }
    const defaults = [...byProfile.entries()].filter(([, options]) => options.get('default')?.value === true);
    if (defaults.length > 1) {
      const [, second] = defaults[1]!;
      const where = defaults.map(([name, o]) => `"${name}" (${o.get('default')!.source.file}:${o.get('default')!.source.line})`).join(' and ');
      problems.push(problemAt(second.get('default')!.source, `${block}.profiles`, `user ${resolved.user.key} gets two default profiles: ${where}; mark one default`));
    }
    for (const [name, options] of defaults) {
      if (options.get('visible')?.value === false) {
        problems.push(problemAt(options.get('visible')!.source, `${block}.profiles.${name}`, `user ${resolved.user.key}: a default profile must be visible`));
      }
    }
  }
  return problems;
}
