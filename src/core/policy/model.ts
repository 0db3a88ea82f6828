/**
 * Policy as code (issue 17): rules over settings (policies/*.yaml) and owned, expiring exceptions
 * (exceptions/*.yaml), evaluated over subjects (users, groups, the account) whose values come from the effective
 * desired state (`check`) or from Zoom (`check --live`). Pure data; parse-*.ts builds it, evaluate.ts judges it.
 */
import type { Variant } from '../../schema/index.js';
import type { Severity } from '../desired/problems.js';
import type { SourcePosition } from '../desired/source.js';

export type { Severity };

/** A calendar date, `YYYY-MM-DD` (UTC days; no time of day). */
export type CalendarDate = string;

/** A settings path as written under `settings:` (in_meeting.waiting_room), resolved against Zoom's schema. */
export interface SettingRef {
  /** As written in the rule: `in_meeting.waiting_room`, `meeting_security.waiting_room`, `meeting_authentication.enabled`. */
  setting: string;
  variant: Variant;
  /** The path inside the variant's GET body (`meeting_security.waiting_room`, `meeting_authentication` for its toggle). */
  path: string[];
  type: 'boolean' | 'integer' | 'string' | 'array';
}

export type LockLevel = 'account' | 'group' | 'any';

/** One setting's requirement; every check present must hold. */
export interface Requirement {
  setting: SettingRef;
  /** Where the requirement is written (the key under `require:`). */
  pos: SourcePosition;
  equals?: unknown;
  oneOf?: unknown[];
  /** The value must not be this one. */
  not?: unknown;
  minimum?: number;
  maximum?: number;
  /** true: the subject must have a value; false: it must have none. */
  present?: boolean;
  /** Locked for the subject at the account, at a group (or the account above it), or at either. */
  lockedAt?: LockLevel;
}

/**
 * Which subjects a rule is about. `all-users`, `all-groups`, `account`; or users selected by email/id, by the
 * groups they are members of, or by the profiles they use (any of the lists matches).
 */
export type Scope =
  | { kind: 'all-users' }
  | { kind: 'all-groups' }
  | { kind: 'account' }
  | { kind: 'users'; users: string[]; groups: string[]; profiles: string[] };

export interface PolicyRule {
  id: string;
  title: string;
  severity: Severity;
  reference?: string;
  description?: string;
  scope: Scope;
  requirements: Requirement[];
  /** Exceptions to this rule may expire at most this many days after today. */
  maxExceptionDays?: number;
  /** The rule's `- id:` item. */
  pos: SourcePosition;
}

/** Who an exception covers: users by email/id, members of groups, users of profiles, the account. */
export interface ExceptionSelectors {
  users: Array<{ name: string; pos: SourcePosition }>;
  groups: Array<{ name: string; pos: SourcePosition }>;
  profiles: Array<{ name: string; pos: SourcePosition }>;
  account: boolean;
}

export interface PolicyException {
  /** `id:` when written, else the file and line of its list item (`exceptions/kiosk.yaml:2`). */
  name: string;
  rule: string;
  selectors: ExceptionSelectors;
  owner: string;
  reason: string;
  ticket?: string;
  expires: CalendarDate;
  pos: SourcePosition;
  expiresPos: SourcePosition;
}

export interface PolicySet {
  rules: PolicyRule[];
  exceptions: PolicyException[];
}

/** How a subject holds a setting: its value, the file:line that set it, and where it is locked. */
export interface SubjectValue {
  /** undefined: the subject has no value for the setting (the desired state does not manage it, Zoom did not return it). */
  value?: unknown;
  /** The file:line:col that sets the value (desired state), when known. */
  source?: SourcePosition;
  /**
   * Where the setting is locked for the subject; undefined when locks are not known (no hierarchy read).
   * `unlocked-at-account`: the account does not lock it, and whether a group does is not known (desired state:
   * group membership is not in the files).
   */
  lock?: { at: 'account' | 'group' | 'none' | 'unlocked-at-account'; holder?: string; source?: SourcePosition };
}

/** Something a rule is evaluated on: a user, a group or the account. */
export interface PolicySubject {
  kind: 'user' | 'group' | 'account';
  /** The user's key as written (email or Zoom id), the group's name, or `account`. */
  id: string;
  /** Other names for it (a user's lower-cased email or Zoom id, a group's id): exceptions and scopes match any. */
  aliases: string[];
  /** Names and ids of the groups a user is in; undefined when membership is not known (no hierarchy read). */
  groups?: string[];
  /** The profiles a user's desired state uses, with the profiles they extend. */
  profiles: string[];
  /** Where the subject is defined (a user's key in users/*.yaml), when it is. */
  pos?: SourcePosition;
  /** Why the subject cannot be judged at all (a user Zoom does not know, a read that failed). */
  unavailable?: string;
  value(setting: SettingRef): SubjectValue;
}

/** One requirement a subject does not meet. */
export interface RequirementFailure {
  setting: string;
  /** "equals true", "one of [1, 2]", "locked at the account". */
  expected: string;
  /** The subject's value; undefined when it has none. */
  value?: unknown;
  /** The file:line:col of the offending value; absent when no file sets it (then the rule's requirement is the place). */
  source?: SourcePosition;
  /** The requirement in the policy file. */
  requirementPos: SourcePosition;
  message: string;
}

export type SubjectOutcome =
  | { status: 'pass' }
  | { status: 'fail'; failures: RequirementFailure[]; expiredException?: PolicyException }
  | { status: 'excepted'; failures: RequirementFailure[]; exception: PolicyException }
  | { status: 'not-applicable'; reason: string };

export type SubjectResult = SubjectOutcome & { subject: Pick<PolicySubject, 'kind' | 'id' | 'pos'> };

export interface RuleResult {
  rule: PolicyRule;
  /** The subjects in the rule's scope, in the order they were given. */
  subjects: SubjectResult[];
  /** Said once per rule: e.g. a scope naming groups when membership is not known. */
  notes: string[];
  counts: { pass: number; fail: number; excepted: number; notApplicable: number };
}

export type ExceptionFindingKind = 'expired' | 'expiring' | 'unmatched' | 'too-long';

export interface ExceptionFinding {
  kind: ExceptionFindingKind;
  severity: Severity;
  exception: PolicyException;
  message: string;
  /** Where to point (the exception, or its `expires:`). */
  pos: SourcePosition;
}

export interface PolicyVerdict {
  today: CalendarDate;
  rules: RuleResult[];
  /** Every exception of the policy set, in file order (for listings by expiry date). */
  exceptions: PolicyException[];
  exceptionFindings: ExceptionFinding[];
  /** Failed subjects of error-severity rules plus error-severity exception findings: check exits 1 when > 0. */
  errors: number;
  /** Failed subjects of warning-severity rules plus warning exception findings. */
  warnings: number;
}

export interface EvaluateOptions {
  /** An exception expiring within this many days is a warning (default 14). */
  warningDays?: number;
  /** Why groups are unknown, said once per rule whose scope or exceptions name groups (check without --live). */
  membershipUnknown?: string;
}

export const DEFAULT_WARNING_DAYS = 14;
