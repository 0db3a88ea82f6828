/**
 * The compliance report (issue 17, item 5) as data: per user and setting the live value, where it comes from, the
 * lock, and the rule results; a summary per rule; the exceptions. Built by pure functions (rows.ts, rules.ts),
 * rendered by csv.ts, json.ts and html.ts; commands/report.ts does the reading around them.
 */

/**
 * Where a user's live value comes from. The user GET returns the effective value and says nothing of its origin:
 * a lock decides it (account or group), otherwise it is inferred by comparison — equal to the user's group value:
 * `group`, else equal to the account value: `account`, else the user's own (`user`). `unknown` when the account
 * and group levels could not be read (missing scopes) or the setting has no value.
 */
export type ValueSource = 'account' | 'group' | 'user' | 'unknown';

export type LockState = 'account' | 'group' | 'none' | 'unknown';

/** How Zoom answered for the user: `ok`, or why there is no live value. */
export type UserReadStatus = 'ok' | 'not-found' | 'pending' | 'error';

export type RowRuleStatus = 'pass' | 'fail' | 'excepted';

export interface RowRuleResult {
  rule: string;
  status: RowRuleStatus;
  /** With `excepted` (or `fail` because it expired): the exception's name. */
  exception?: string;
}

export interface ReportRow {
  user: string;
  setting: string;
  /** The live value (passcodes masked); undefined when Zoom returned none. */
  value: unknown;
  status: UserReadStatus;
  source: ValueSource;
  /** With `group`: the group's name (or the groups', when they agree). */
  sourceGroup?: string;
  lock: LockState;
  /** Who locks it: `account`, a group's name, or several groups' names when Zoom's group priority decides. */
  lockHolder?: string;
  rules: RowRuleResult[];
}

export interface RuleSummary {
  id: string;
  title: string;
  severity: 'error' | 'warning';
  reference?: string;
  pass: number;
  fail: number;
  excepted: number;
  notApplicable: number;
}

/** From the engine's findings: expired (a violation again), longer than the rule allows, expiring soon, matching no one. */
export type ExceptionState = 'active' | 'expiring' | 'expired' | 'too-long' | 'unmatched';

export interface ExceptionEntry {
  name: string;
  rule: string;
  /** Who it covers, as written: users, groups, profiles, the account. */
  covers: string;
  owner: string;
  reason: string;
  ticket?: string;
  /** YYYY-MM-DD. */
  expires: string;
  state: ExceptionState;
}

export interface ReportHeader {
  generatedAt: string;
  account: string;
  dir: string;
  users: number;
  /** Said once: "the account and group levels could not be read", "no policies/ directory". */
  notes: string[];
}

export interface ComplianceReport {
  header: ReportHeader;
  /**
   * Grouped by user, in desired-state order. Made as they are iterated (build.ts): 10,000 users judged by a hundred
   * rules are a million rows, which the renderers stream instead of holding.
   */
  rows: Iterable<ReportRow>;
  rules: RuleSummary[];
  exceptions: ExceptionEntry[];
}
