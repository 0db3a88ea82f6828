/**
 * policies/*.yaml: a list of rules under `rules:`. The smallest form (issue 17, item 6):
 *
 *   rules:
 *     - id: waiting-room-on
 *       title: Waiting room on for every user
 *       severity: error
 *       scope: all-users
 *       require:
 *         in_meeting.waiting_room: true
 *
 * A requirement is a value (equals) or a mapping of checks that must all hold: equals, one_of, not, minimum,
 * maximum, present, locked_at. Every setting is checked against Zoom's schema and every value against the setting's
 * type and allowed values, so a rule that could never pass (or never fail) is an error at its line.
 */
import type { FieldSchema } from '../../schema/index.js';
import { problemAt, suggestion, type Problem } from '../desired/problems.js';
import { describeNode, toPlain, type MapEntry, type PNode } from '../desired/source.js';
import type { LockLevel, PolicyRule, Requirement, Scope, SettingRef } from './model.js';
import { isLockable, resolveSettingPath } from './settings-ref.js';
import { documentItems, ItemReader } from './yaml-fields.js';

export const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const RULE_KEYS = ['id', 'title', 'severity', 'reference', 'description', 'scope', 'require', 'max_exception_days'] as const;
export const SCOPE_WORDS = ['all-users', 'all-groups', 'account'] as const;
const SCOPE_KEYS = ['users', 'groups', 'profiles'];
export const REQUIREMENT_CHECKS = ['equals', 'one_of', 'not', 'minimum', 'maximum', 'present', 'locked_at'] as const;
const LOCK_LEVELS: readonly LockLevel[] = ['account', 'group', 'any'];

export function parseRules(root: PNode | undefined, file: string, problems: Problem[]): PolicyRule[] {
  const rules: PolicyRule[] = [];
  for (const { node, index } of documentItems(root, 'policies/*.yaml', 'rules', problems)) {
    const rule = parseRule(new ItemReader(node, `rules[${index}]`, problems));
    if (rule) rules.push(rule);
  }
  return rules;
}

function parseRule(item: ItemReader): PolicyRule | undefined {
  item.onlyKeys(RULE_KEYS);
  const before = item.problems.length;
  const id = item.text('id', true);
  if (id && !RULE_ID.test(id.value)) item.problems.push(problemAt(id.pos, `${item.path}.id`, `a rule id starts with a letter or digit and uses only letters, digits, ".", "-" or "_", found "${id.value}"`));
  const title = item.text('title', true);
  const severityText = item.text('severity', false);
  const severity = severityText?.value ?? 'error';
  if (severity !== 'error' && severity !== 'warning') item.problems.push(problemAt(severityText!.pos, `${item.path}.severity`, `expected error or warning, found "${severity}"${suggestion(severity, ['error', 'warning'])}`));
  const reference = item.text('reference', false);
  const description = item.text('description', false);
  const scope = parseScope(item);
  const requirements = parseRequire(item);
  const maxExceptionDays = item.positiveInteger('max_exception_days');
  if (item.problems.length > before || !id || !title || !scope) return undefined;
  return {
    id: id.value,
    title: title.value,
    severity: severity as PolicyRule['severity'],
    ...(reference ? { reference: reference.value } : {}),
    ...(description ? { description: description.value } : {}),
    scope,
    requirements,
    ...(maxExceptionDays !== undefined ? { maxExceptionDays } : {}),
    pos: item.node.pos,
  };
}

function parseScope(item: ItemReader): Scope | undefined {
  const e = item.entry('scope');
  const path = `${item.path}.scope`;
  if (!e) {
    item.problems.push(problemAt(item.node.pos, item.path, `missing "scope" (${SCOPE_WORDS.join(', ')}, or a mapping with users, groups or profiles)`));
    return undefined;
  }
  const v = e.value;
  if (v.kind === 'scalar' && typeof v.value === 'string') {
    if ((SCOPE_WORDS as readonly string[]).includes(v.value)) return { kind: v.value as 'all-users' | 'all-groups' | 'account' };
    item.problems.push(problemAt(v.pos, path, `unknown scope "${v.value}"${suggestion(v.value, SCOPE_WORDS)}; expected ${SCOPE_WORDS.join(', ')}, or a mapping with users, groups or profiles`));
    return undefined;
  }
  if (v.kind !== 'map') {
    item.problems.push(problemAt(v.pos, path, `expected ${SCOPE_WORDS.join(', ')}, or a mapping with users, groups or profiles, found ${describeNode(v)}`));
    return undefined;
  }
  const reader = new ItemReader(v, path, item.problems);
  reader.onlyKeys(SCOPE_KEYS);
  const [users, groups, profiles] = SCOPE_KEYS.map((key) => reader.names(key).map((n) => n.name));
  if (users!.length + groups!.length + profiles!.length === 0) {
    item.problems.push(problemAt(v.pos, path, 'names no users, groups or profiles: list at least one, or use all-users'));
    return undefined;
  }
  return { kind: 'users', users: users!, groups: groups!, profiles: profiles! };
}

function parseRequire(item: ItemReader): Requirement[] {
  const e = item.entry('require');
  const path = `${item.path}.require`;
  if (!e) {
    item.problems.push(problemAt(item.node.pos, item.path, 'missing "require" (a mapping from setting to the value it must have)'));
    return [];
  }
  if (e.value.kind !== 'map' || e.value.entries.length === 0) {
    item.problems.push(problemAt(e.value.pos, path, `expected a mapping from setting (in_meeting.waiting_room) to its requirement, found ${e.value.kind === 'map' ? 'an empty mapping' : describeNode(e.value)}`));
    return [];
  }
  const out: Requirement[] = [];
  for (const setting of e.value.entries) {
    const found = resolveSettingPath(setting.key);
    if (!found.ok) {
      item.problems.push(problemAt(setting.keyPos, `${path}.${setting.key}`, found.message));
      continue;
    }
    const requirement = parseRequirement(setting, found.ref, found.field, `${path}.${setting.key}`, item.problems);
    if (requirement) out.push(requirement);
  }
  return out;
}

function parseRequirement(e: MapEntry, ref: SettingRef, field: FieldSchema | undefined, path: string, problems: Problem[]): Requirement | undefined {
  const base: Requirement = { setting: ref, pos: e.keyPos };
  const v = e.value;
  const before = problems.length;
  if (v.kind === 'scalar') {
    if (v.value === null) {
      problems.push(problemAt(v.pos, path, 'expected the value the setting must have, or a mapping of checks (equals, one_of, not, minimum, maximum, present, locked_at)'));
      return undefined;
    }
    base.equals = checkedValue(v, ref, field, path, problems);
  } else if (v.kind === 'seq') {
    if (ref.type !== 'array') {
      problems.push(problemAt(v.pos, path, `${ref.setting} takes one value, not a list: to allow several values write "one_of: [...]"`));
      return undefined;
    }
    base.equals = checkedValue(v, ref, field, path, problems);
  } else {
    for (const check of v.entries) readCheck(base, check, ref, field, `${path}.${check.key}`, problems);
    if (v.entries.length === 0) problems.push(problemAt(v.pos, path, `expected at least one check: ${REQUIREMENT_CHECKS.join(', ')}`));
  }
  const judgesValue = base.equals !== undefined || base.oneOf !== undefined || base.not !== undefined || base.minimum !== undefined || base.maximum !== undefined;
  if (field?.secret && judgesValue) {
    // A passcode is never in the repository nor in any output: a rule can ask only whether one is set.
    problems.push(problemAt(e.keyPos, path, `${ref.setting} is a passcode: a rule can require only "present: true" (its value is never read or shown)`));
  }
  if (base.minimum !== undefined && base.maximum !== undefined && base.minimum > base.maximum) {
    problems.push(problemAt(e.keyPos, path, `minimum ${base.minimum} is above maximum ${base.maximum}: no value can pass`));
  }
  return problems.length > before ? undefined : base;
}

function readCheck(into: Requirement, check: MapEntry, ref: SettingRef, field: FieldSchema | undefined, path: string, problems: Problem[]): void {
  const v = check.value;
  switch (check.key) {
    case 'equals':
      into.equals = checkedValue(v, ref, field, path, problems);
      return;
    case 'not':
      into.not = checkedValue(v, ref, field, path, problems);
      return;
    case 'one_of':
      if (v.kind !== 'seq' || v.items.length === 0) {
        problems.push(problemAt(v.pos, path, `expected a list of the allowed values, found ${v.kind === 'seq' ? 'an empty list' : describeNode(v)}`));
        return;
      }
      into.oneOf = v.items.map((item) => checkedValue(item, ref, field, path, problems));
      return;
    case 'minimum':
    case 'maximum':
      if (ref.type !== 'integer') {
        problems.push(problemAt(check.keyPos, path, `${check.key} applies to numbers; ${ref.setting} is ${ref.type === 'boolean' ? 'true or false' : `a ${ref.type}`}`));
        return;
      }
      if (v.kind !== 'scalar' || typeof v.value !== 'number') {
        problems.push(problemAt(v.pos, path, `expected a number, found ${describeNode(v)}`));
        return;
      }
      into[check.key] = v.value;
      return;
    case 'present':
      if (v.kind !== 'scalar' || typeof v.value !== 'boolean') {
        problems.push(problemAt(v.pos, path, `expected true (the setting must be set) or false (it must not be), found ${describeNode(v)}`));
        return;
      }
      into.present = v.value;
      return;
    case 'locked_at':
      if (v.kind !== 'scalar' || !(LOCK_LEVELS as readonly unknown[]).includes(v.value)) {
        problems.push(problemAt(v.pos, path, `expected ${LOCK_LEVELS.join(', ')}, found ${describeNode(v)}`));
        return;
      }
      if (!isLockable(ref)) {
        problems.push(problemAt(check.keyPos, path, `Zoom has no account or group lock for ${ref.setting} (lock_settings), so it can never be locked`));
        return;
      }
      into.lockedAt = v.value as LockLevel;
      return;
    default:
      problems.push(problemAt(check.keyPos, path, `unknown check${suggestion(check.key, REQUIREMENT_CHECKS)}; expected ${REQUIREMENT_CHECKS.join(', ')}`));
  }
}

/** A required value, checked against the setting's type and Zoom's allowed values (a value Zoom never has would always fail). */
function checkedValue(node: PNode, ref: SettingRef, field: FieldSchema | undefined, path: string, problems: Problem[]): unknown {
  const value = toPlain(node);
  const wrong = (expected: string): unknown => {
    problems.push(problemAt(node.pos, path, `${ref.setting} is ${expected}, found ${describeNode(node)}`));
    return value;
  };
  switch (ref.type) {
    case 'boolean':
      return typeof value === 'boolean' ? value : wrong('true or false');
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return wrong(field?.enum ? `one of ${field.enum.join(', ')}` : 'a whole number');
      break;
    case 'string':
      if (typeof value !== 'string') return wrong(field?.enum ? `one of ${field.enum.map((x) => JSON.stringify(x)).join(', ')}` : 'text');
      break;
    case 'array':
      return Array.isArray(value) ? value : wrong('a list');
  }
  if (field?.enum && !field.enum.includes(value as string | number)) {
    return wrong(`one of ${field.enum.map((x) => JSON.stringify(x)).join(', ')}`);
  }
  return value;
}
