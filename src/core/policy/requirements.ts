/** Whether one subject's value meets one requirement; the words for each way it does not. */
import type { Requirement, RequirementFailure, SubjectValue } from './model.js';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** A value as people read it in a message: true, 8, "host", [a, b]. */
export function shownValue(value: unknown): string {
  return value === undefined ? '(not set)' : JSON.stringify(value);
}

/** The requirement in words: "equals true", "one of 1, 2 and locked at the account". */
export function describeRequirement(requirement: Requirement): string {
  const parts: string[] = [];
  if (requirement.equals !== undefined) parts.push(`equals ${shownValue(requirement.equals)}`);
  if (requirement.oneOf) parts.push(`one of ${requirement.oneOf.map(shownValue).join(', ')}`);
  if (requirement.not !== undefined) parts.push(`not ${shownValue(requirement.not)}`);
  if (requirement.minimum !== undefined) parts.push(`at least ${requirement.minimum}`);
  if (requirement.maximum !== undefined) parts.push(`at most ${requirement.maximum}`);
  if (requirement.present === true) parts.push('set');
  if (requirement.present === false) parts.push('not set');
  if (requirement.lockedAt) parts.push(requirement.lockedAt === 'any' ? 'locked at the account or a group' : requirement.lockedAt === 'account' ? 'locked at the account' : 'locked at a group (or the account)');
  return parts.join(' and ');
}

export type RequirementCheck = { ok: true } | { ok: false; failure: RequirementFailure } | { ok: 'unknown'; reason: string };

function valueProblem(requirement: Requirement, value: unknown): string | undefined {
  const set = value !== undefined;
  if (requirement.present === true && !set) return 'is not set';
  if (requirement.present === false && set) return `is set (to ${shownValue(value)})`;
  const judgesValue = requirement.equals !== undefined || requirement.oneOf !== undefined || requirement.not !== undefined || requirement.minimum !== undefined || requirement.maximum !== undefined;
  if (!judgesValue) return undefined;
  if (!set) return 'is not set';
  if (requirement.equals !== undefined && !same(value, requirement.equals)) return `is ${shownValue(value)}`;
  if (requirement.oneOf && !requirement.oneOf.some((allowed) => same(value, allowed))) return `is ${shownValue(value)}`;
  if (requirement.not !== undefined && same(value, requirement.not)) return `is ${shownValue(value)}`;
  if (requirement.minimum !== undefined && !(typeof value === 'number' && value >= requirement.minimum)) return `is ${shownValue(value)}`;
  if (requirement.maximum !== undefined && !(typeof value === 'number' && value <= requirement.maximum)) return `is ${shownValue(value)}`;
  return undefined;
}

function lockProblem(requirement: Requirement, held: SubjectValue): string | 'unknown' | undefined {
  if (!requirement.lockedAt) return undefined;
  if (!held.lock) return 'unknown';
  const at = held.lock.at;
  if (at === 'account') return undefined;
  if (at === 'group' && requirement.lockedAt !== 'account') return undefined;
  if (at === 'unlocked-at-account') return requirement.lockedAt === 'account' ? 'is not locked at the account' : 'unknown';
  return at === 'none' ? 'is not locked' : `is locked only at ${held.lock.holder ?? 'a group'}`;
}

export function checkRequirement(requirement: Requirement, held: SubjectValue): RequirementCheck {
  const problems = [valueProblem(requirement, held.value), lockProblem(requirement, held)];
  const words = problems.filter((p): p is string => p !== undefined && p !== 'unknown');
  if (words.length === 0) {
    if (problems.includes('unknown')) return { ok: 'unknown', reason: `whether ${requirement.setting.setting} is locked is not known (locks are read with --live)` };
    return { ok: true };
  }
  const expected = describeRequirement(requirement);
  const failure: RequirementFailure = {
    setting: requirement.setting.setting,
    expected,
    ...(held.value !== undefined ? { value: held.value } : {}),
    ...(held.source ? { source: held.source } : held.lock?.source ? { source: held.lock.source } : {}),
    requirementPos: requirement.pos,
    message: `${requirement.setting.setting} ${words.join(' and ')}, required: ${expected}`,
  };
  return { ok: false, failure };
}
