/**
 * Checks one `settings:` mapping of one document against Zoom's schema, before any merge, so every problem
 * points at the line that caused it. Rules, each citing its reason:
 * - unknown section or setting → error with a suggestion;
 * - GET-only field (zoom-api-facts.md §4.4: PATCH does not accept it) → error;
 * - write-only field (settable, but the GET schema lacks it: §9.3, in_meeting.auto_answer) → error: it could never be
 *   verified by reading back, so it would show as drift forever and every apply would call it "not applied";
 * - a bound Zoom enforces but the spec omits (schema overlay, src/schema/overlay.ts) → error; where no Zoom source
 *   states the exact range (advisory bounds) → warning;
 * - wrong type, value outside an enum or range, list over maxItems (the PATCH schema) → error;
 * - deprecated field (§4.6) → warning;
 * - high-impact field (§4.3: licences, phone numbers, PMI meetings) without `allow_high_impact: true` in the same
 *   mapping → error;
 * - secret (passcode) in plain text (§4.3: never in git) → error; a reference `{ env: NAME }` is accepted.
 */
import { childField, DEFAULT_SECTIONS, type FieldSchema, type Variant } from '../../schema/index.js';
import { problemAt, suggestion, type Problem } from './problems.js';
import { describeNode, entry, type MapEntry, type PNode } from './source.js';
import { FORBIDDEN_IN_SETTING } from '../safe-text.js';
import { USER_LOOKUP, type SettingsLookup } from './settings-lookup.js';

export const HIGH_IMPACT_OPT_IN = 'allow_high_impact';
export const AUTH_BLOCKS = ['meeting_authentication', 'recording_authentication'] as const;
export type AuthBlock = (typeof AUTH_BLOCKS)[number];
export const SETTINGS_SECTIONS: readonly string[] = [...DEFAULT_SECTIONS, 'meeting_security', ...AUTH_BLOCKS];
export const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Where a desired-state section lives in Zoom's variants. */
export function sectionVariant(section: string): Variant {
  if (section === 'meeting_security') return 'meeting_security';
  if ((AUTH_BLOCKS as readonly string[]).includes(section)) return section as Variant;
  return 'default';
}

/**
 * Checks a `settings:` mapping (or, with a level's lookup, an account or group `settings:` or `locks:` mapping:
 * settings/lookup.ts) against its schema, with the same rules and messages for every kind.
 */
export function validateSettings(node: PNode, problems: Problem[], lookup: SettingsLookup = USER_LOOKUP): void {
  if (node.kind !== 'map') {
    problems.push(problemAt(node.pos, lookup.what, `expected a mapping of sections, found ${describeNode(node)}`));
    return;
  }
  for (const e of node.entries) {
    const isAuth = (AUTH_BLOCKS as readonly string[]).includes(e.key);
    if (isAuth && !lookup.authBlocks) {
      problems.push(problemAt(e.keyPos, e.key, `authentication profiles are managed per user here: the account and groups ${lookup.what} do not take "${e.key}:" (set it in users, defaults or profiles)`));
      continue;
    }
    const field = lookup.sections.includes(e.key) ? lookup.field(sectionVariant(e.key), [e.key]) : undefined;
    if (!field && !isAuth) {
      problems.push(unknownKey(e, [], lookup.sections, 'section'));
      continue;
    }
    if (isAuth) {
      validateAuthBlock(e, problems);
      continue;
    }
    validateField(e, [e.key], field!, problems, false);
  }
}

function unknownKey(e: MapEntry, parent: string[], candidates: readonly string[], what: string): ReturnType<typeof problemAt> {
  const path = [...parent, e.key].join('.');
  if (e.key.includes('.') || e.key.includes('/')) {
    return problemAt(e.keyPos, path, `unknown ${what}: keys cannot contain "." or "/"; write nested mappings (${e.key.split(/[./]/).join(': ')}: ...)`);
  }
  return problemAt(e.keyPos, path, `unknown ${what}${suggestion(e.key, candidates)}`);
}

function validateField(e: MapEntry, path: string[], field: FieldSchema, problems: Problem[], optedIn: boolean): void {
  const dotted = path.join('.');
  if (!field.settable) {
    problems.push(problemAt(e.keyPos, dotted, 'not settable: Zoom returns it from GET but PATCH does not accept it'));
    return;
  }
  if (!field.readable) {
    problems.push(
      problemAt(e.keyPos, dotted, "write-only: Zoom's GET never returns it, so the tool cannot verify it; set it in the Zoom portal instead"),
    );
    return;
  }
  if (field.deprecated) {
    problems.push(problemAt(e.keyPos, dotted, 'deprecated by Zoom; it may be ignored or removed', 'warning'));
  }
  if (field.highImpact && !optedIn) {
    problems.push(
      problemAt(
        e.keyPos,
        dotted,
        `high-impact setting (${highImpactReason(path)}): add "${HIGH_IMPACT_OPT_IN}: true" beside it to opt in`,
      ),
    );
  }
  if (field.secret) {
    validateSecretReference(e, dotted, problems);
    return;
  }
  checkValue(e.value, dotted, field, problems);
}

function highImpactReason(path: string[]): string {
  if (path[0] === 'feature') return 'feature settings assign or remove licences; zoom_phone: false unassigns phone numbers';
  return 'personal_meeting: false invalidates meetings already scheduled with the personal meeting ID';
}

function validateSecretReference(e: MapEntry, dotted: string, problems: Problem[]): void {
  const value = e.value;
  const env = entry(value, 'env');
  if (value.kind !== 'map' || !env || value.entries.length !== 1) {
    // Never echo what was written: it may be the passcode itself.
    problems.push(
      problemAt(
        e.keyPos,
        dotted,
        'is a secret and cannot be written in the repository: use a reference such as "{ env: ZOOM_PMI_PASSWORD }" (the value comes from that environment variable when a plan is made)',
      ),
    );
    return;
  }
  if (env.value.kind !== 'scalar' || typeof env.value.value !== 'string' || !ENV_NAME.test(env.value.value)) {
    // Not echoed either: an admin who misread the format may have put the passcode itself under `env:`.
    problems.push(problemAt(env.value.pos, `${dotted}.env`, `expected an environment variable name (A-Z, 0-9, _ such as ZOOM_PMI_PASSWORD), found ${describeKind(env.value)} that is not one (not shown: it may be a passcode)${env.value.kind === 'scalar' && typeof env.value.value !== 'string' ? `; YAML read it as a number or a boolean: a variable's name must be quoted, e.g. "TRUE"` : ''}`));
  }
}

/** What a node is, without its value. */
function describeKind(node: PNode): string {
  if (node.kind !== 'scalar') return describeNode(node);
  if (typeof node.value === 'string') return 'text';
  return node.value === null ? 'nothing' : `a ${typeof node.value}`;
}

/** ` (write it without quotes)` when a quoted value would have the expected type unquoted: `"3"`, `"true"`. */
function quotedHint(node: PNode, type: 'integer' | 'boolean'): string {
  if (node.kind !== 'scalar' || typeof node.value !== 'string') return '';
  const unquoted = type === 'integer' ? /^-?\d+$/.test(node.value) : /^(true|false)$/.test(node.value);
  return unquoted ? ' (it is quoted, so YAML reads it as text: write it without quotes)' : '';
}

/** Checks a value (not a key) against a schema field; recurses into mappings and lists. */
function checkValue(node: PNode, dotted: string, field: FieldSchema, problems: Problem[]): void {
  const mismatch = (expected: string, hint = ''): void => {
    problems.push(problemAt(node.pos, dotted, `expected ${expected}, found ${describeNode(node)}${hint}`));
  };
  switch (field.type) {
    case 'object': {
      if (node.kind !== 'map') return mismatch('a mapping');
      const children = field.properties ?? {};
      const optedIn = node.entries.some((c) => c.key === HIGH_IMPACT_OPT_IN && c.value.kind === 'scalar' && c.value.value === true);
      const allowsOptIn = Object.values(children).some((child) => child.highImpact);
      for (const child of node.entries) {
        const childPath = [...dotted.split('.'), child.key];
        if (child.key === HIGH_IMPACT_OPT_IN && allowsOptIn) {
          if (child.value.kind !== 'scalar' || typeof child.value.value !== 'boolean') {
            problems.push(problemAt(child.value.pos, childPath.join('.'), `expected true or false, found ${describeNode(child.value)}`));
          }
          continue;
        }
        const known = childField(field, child.key);
        if (!known) {
          const settable = Object.keys(children).filter((name) => children[name]!.settable);
          problems.push(unknownKey(child, dotted.split('.'), settable, 'setting'));
          continue;
        }
        validateField(child, childPath, known, problems, optedIn);
      }
      return;
    }
    case 'array': {
      if (node.kind !== 'seq') return mismatch('a list');
      if (field.maxItems !== undefined && node.items.length > field.maxItems) {
        problems.push(problemAt(node.pos, dotted, `expected at most ${field.maxItems} items, found ${node.items.length}`));
        return;
      }
      if (field.items) node.items.forEach((item, index) => checkValue(item, `${dotted}[${index}]`, field.items!, problems));
      return;
    }
    case 'boolean':
      if (node.kind !== 'scalar' || typeof node.value !== 'boolean') {
        const hint = node.kind === 'scalar' && typeof node.value === 'string' && /^(yes|no|on|off|y|n)$/i.test(node.value) ? ' (YAML 1.2 reads yes/no/on/off as text)' : '';
        return mismatch(`true or false${hint}`, quotedHint(node, 'boolean'));
      }
      return;
    case 'integer':
      if (node.kind !== 'scalar' || typeof node.value !== 'number' || !Number.isInteger(node.value)) return mismatch(expectedList(field, 'an integer'), quotedHint(node, 'integer'));
      return checkScalarConstraints(node, node.value, dotted, field, problems);
    case 'string':
      if (node.kind !== 'scalar' || typeof node.value !== 'string') return mismatch(expectedList(field, 'a string'));
      if (forbiddenCharacters(node, node.value, dotted, problems)) return;
      return checkScalarConstraints(node, node.value, dotted, field, problems);
  }
}

/**
 * NUL and the bidirectional controls that reorder how text is shown ("Trojan Source", CVE-2021-42574) have no place
 * in a Zoom setting's text and would show reviewers another value than the one sent: refused, named by code point.
 */
function forbiddenCharacters(node: PNode, value: string, dotted: string, problems: Problem[]): boolean {
  const match = FORBIDDEN_IN_SETTING.exec(value);
  if (!match) return false;
  const code = `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const what = match[0] === '\u0000' ? 'a NUL character' : 'a bidirectional control character';
  problems.push(problemAt(node.pos, dotted, `contains ${what} (${code}) at position ${match.index + 1}: settings take plain text; remove it`));
  return true;
}

function expectedList(field: FieldSchema, fallback: string): string {
  return field.enum ? `one of ${field.enum.map((v) => JSON.stringify(v)).join(', ')}` : fallback;
}

function checkScalarConstraints(node: PNode, value: string | number, dotted: string, field: FieldSchema, problems: Problem[]): void {
  // Bounds from the schema overlay name the Zoom document behind them.
  const cited = field.boundsSource ? ` (${field.boundsSource})` : '';
  const fail = (expected: string): void => {
    problems.push(problemAt(node.pos, dotted, `expected ${expected}, found ${describeNode(node)}${cited}`));
  };
  if (field.enum && !field.enum.includes(value)) return fail(expectedList(field, ''));
  if (typeof value === 'number') {
    if (field.minimum !== undefined && value < field.minimum) return fail(`at least ${field.minimum}`);
    if (field.maximum !== undefined && value > field.maximum) return fail(`at most ${field.maximum}`);
  } else {
    if (field.minLength !== undefined && value.length < field.minLength) return fail(`at least ${field.minLength} characters`);
    if (field.maxLength !== undefined && value.length > field.maxLength) return fail(`at most ${field.maxLength} characters`);
    if (field.pattern !== undefined && !new RegExp(field.pattern).test(value)) return fail(`a value matching ${field.pattern}`);
  }
  checkAdvisory(node, value, dotted, field, problems);
}

/** Bounds Zoom probably enforces but no source states exactly: a warning, so a correct value is never refused. */
function checkAdvisory(node: PNode, value: string | number, dotted: string, field: FieldSchema, problems: Problem[]): void {
  const advisory = field.advisory;
  if (!advisory) return;
  const outside =
    (advisory.enum !== undefined && !advisory.enum.includes(value)) ||
    (typeof value === 'number' && advisory.minimum !== undefined && value < advisory.minimum) ||
    (typeof value === 'number' && advisory.maximum !== undefined && value > advisory.maximum);
  if (!outside) return;
  const expected = advisory.enum
    ? `one of ${advisory.enum.map((v) => JSON.stringify(v)).join(', ')}`
    : [advisory.minimum !== undefined ? `at least ${advisory.minimum}` : '', advisory.maximum !== undefined ? `at most ${advisory.maximum}` : ''].filter(Boolean).join(' and ');
  problems.push(problemAt(node.pos, dotted, `probably refused by Zoom: expected ${expected}, found ${describeNode(node)} (${advisory.note})`, 'warning'));
}

const AUTH_PROFILE_KEYS = ['visible', 'default', 'domains'];

/**
 * An authentication block: `enabled` (the toggle) and `profiles`, keyed by an existing profile's id or name
 * (profiles are created at account level, not per user: zoom-api-facts.md §7.6).
 */
function validateAuthBlock(block: MapEntry, problems: Problem[]): void {
  const node = block.value;
  if (node.kind !== 'map') {
    problems.push(problemAt(node.pos, block.key, `expected a mapping with enabled and profiles, found ${describeNode(node)}`));
    return;
  }
  for (const e of node.entries) {
    const path = `${block.key}.${e.key}`;
    if (e.key === 'enabled') {
      if (e.value.kind !== 'scalar' || typeof e.value.value !== 'boolean') {
        problems.push(problemAt(e.value.pos, path, `expected true or false, found ${describeNode(e.value)}`));
      }
    } else if (e.key === 'profiles') {
      validateAuthProfiles(e, path, problems);
    } else {
      problems.push(unknownKey(e, [block.key], ['enabled', 'profiles'], 'setting'));
    }
  }
}

function validateAuthProfiles(e: MapEntry, path: string, problems: Problem[]): void {
  if (e.value.kind !== 'map') {
    problems.push(problemAt(e.value.pos, path, `expected a mapping from profile id or name to { visible, default }, found ${describeNode(e.value)}`));
    return;
  }
  for (const profile of e.value.entries) {
    const profilePath = `${path}.${profile.key}`;
    if (profile.value.kind !== 'map') {
      problems.push(problemAt(profile.value.pos, profilePath, `expected a mapping with visible, default or domains, found ${describeNode(profile.value)}`));
      continue;
    }
    for (const option of profile.value.entries) {
      const optionPath = `${profilePath}.${option.key}`;
      if (!AUTH_PROFILE_KEYS.includes(option.key)) {
        problems.push(unknownKey(option, profilePath.split('.'), AUTH_PROFILE_KEYS, 'profile option'));
        continue;
      }
      const wanted = option.key === 'domains' ? 'string' : 'boolean';
      if (option.value.kind !== 'scalar' || typeof option.value.value !== wanted) {
        problems.push(problemAt(option.value.pos, optionPath, `expected ${wanted === 'string' ? 'a string' : 'true or false'}, found ${describeNode(option.value)}`));
      } else if (typeof option.value.value === 'string') forbiddenCharacters(option.value, option.value.value, optionPath, problems);
    }
  }
}
