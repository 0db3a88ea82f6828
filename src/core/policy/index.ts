/**
 * The policy engine (issue 17), pure: parse policy and exception files into a PolicySet (problems at
 * file:line:col), then `evaluate(policySet, subjects, today)`. Subjects come from desired-subjects.ts (the effective
 * desired state) or live-subjects.ts (Zoom's values, with the hierarchy's locks).
 */
export * from './model.js';
export { parsePolicies, policyFileKind, type PolicyFile, type PolicyContext, type ParsedPolicies, type PolicyFileKind } from './policy-set.js';
export { evaluate } from './evaluate.js';
export { describeRequirement, shownValue } from './requirements.js';
export { resolveSettingPath, isLockable } from './settings-ref.js';
export { calendarDateOf, daysBetween, isCalendarDate } from './dates.js';
