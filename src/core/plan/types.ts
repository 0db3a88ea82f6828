/**
 * A plan is a versioned value that `apply` consumes (not a dry-run flag): per target (the account, a group, a user)
 * a status, each change with before/after and the file:line:column that asked for it, and the exact requests to send.
 *
 * format_version 2 (issue 15/16): every entry carries its `target` {kind, id}; account and group entries come first
 * (their lock changes apply before the user changes they unblock). A format 1 plan is refused with a message to
 * plan again (core/plan/document.ts).
 */
import type { Variant } from '../../schema/index.js';
import type { SourcePosition } from '../desired/source.js';
import type { Hold } from '../hierarchy/resolve.js';
import type { Target } from '../targets/registry.js';

export const PLAN_FORMAT_VERSION = 2;
export const PLAN_KIND = 'zoom-settings-plan';

/** What a sensitive value looks like in every rendering and in the plan file. */
export const SENSITIVE = '(sensitive)';

export type UserStatus = 'change' | 'no-change' | 'not-found' | 'pending' | 'error';
export const USER_STATUSES: readonly UserStatus[] = ['change', 'no-change', 'not-found', 'pending', 'error'];

/** `introduced`: the branch changes the desired value; `drift`: Zoom differs from a desired value the branch kept. */
export type ChangeOrigin = 'introduced' | 'drift';

export interface PlannedChange {
  variant: Variant;
  /** The settings path an admin writes (in_meeting.waiting_room, meeting_authentication.profiles.X.visible). */
  path: string;
  /**
   * Where the value lives in the variant's GET response: the API path (in_meeting, waiting_room), or for
   * authentication profiles (authentication_options, <profile id>, visible | default_option | domains).
   * Apply reads `before` here for its stale check, and the verifying read looks for `after` here.
   */
  locator: string[];
  before: unknown;
  after: unknown;
  /** Set for secrets: before/after are SENSITIVE; salted fingerprints stand in for the values, `env` names the source. */
  sensitive?: { before: string | null; after: string; env: string };
  source: SourcePosition;
  origin?: ChangeOrigin;
  /**
   * Account and group only: the change is to the level's lock settings (`variant` is then the lock variant, and
   * `path` reads `locks.in_meeting.chat`), sent to …/lock_settings.
   */
  lock?: true;
}

/** A secret inside a request body: apply reads `env` again and checks it still has this fingerprint. */
export interface SecretPlaceholder {
  $secret: { env: string; fingerprint: string };
}

export interface PlannedRequest {
  method: 'PATCH';
  /** Relative to the API base: /users/{userId}/settings, /groups/{groupId}/lock_settings, … */
  path: string;
  option: Exclude<Variant, 'default'> | null;
  body: Record<string, unknown>;
  /** Sent to the target's lock settings (account and groups). */
  lock?: true;
}

/** Who an account or group change reaches: its members, or everyone (issue 16 item 3). */
export interface Affects {
  users: number;
  /** "group Sales", "the account". */
  scope: string;
}

/** A change a lock at the account or a group holds: not sent, not counted as a change (issue 15). */
export interface HeldChange extends PlannedChange {
  hold: Exclude<Hold, { by: 'none' }>;
}

/** A difference a `drift-acks/*.yaml` acknowledges until `expires`: reported, not sent, not counted (issue 19). */
export interface AcknowledgedChange extends PlannedChange {
  ack: { owner: string; reason: string; expires: string; source: string };
}

/** One target's plan entry. */
export interface TargetPlan {
  /** What the entry plans for; everything that keys by entry (apply's serialiser, journal, ledger, rollback) uses it. */
  target: Target;
  /** The name people read: a user's key as written, `group Sales`, `the account`. */
  user: string;
  status: UserStatus;
  /** The variants this user's desired state manages (read before planning, re-read by apply). */
  variants: Variant[];
  changes: PlannedChange[];
  requests: PlannedRequest[];
  /** Present only when a lock holds some desired change; older readers ignore it (format_version stays 1). */
  held?: HeldChange[];
  /** Present only when an acknowledgement covers some drift; older readers ignore it (format_version stays 1). */
  acknowledged?: AcknowledgedChange[];
  error?: string;
  /** For pending users: why Zoom does not manage them yet (code 1000: not accepted; 1120: expired). */
  reason?: string;
  /**
   * Authentication profile settings that can only be planned once the toggle is on (Zoom lists no profiles while it
   * is off, zoom-api-facts.md §9.2): apply sends the toggle, re-reads, then plans and sends these.
   */
  followUps?: FollowUp[];
  /** Said in every rendering: follow-ups, settings not applicable while a toggle is off. */
  notes?: string[];
  /** Passcode settings left out of the comparison (plan --without-secrets): "path (VARIABLE)". */
  not_compared?: string[];
  /** Account and group entries with changes: the users the change reaches. */
  affects?: Affects;
}

/** The name most of the pipeline grew up with: every entry was a user's. */
export type UserPlan = TargetPlan;

/** A desired authentication profile setting planned after its toggle is turned on. */
export interface FollowUp {
  variant: Extract<Variant, 'meeting_authentication' | 'recording_authentication'>;
  /** profiles, <id or name>, visible | default | domains */
  path: string[];
  value: unknown;
  source: SourcePosition;
}

export interface PlanSummary {
  users: number;
  byStatus: Record<UserStatus, number>;
  changes: number;
  requests: number;
  introduced: number;
  drift: number;
  /** Changes held by a lock (absent when none, so plans without locks read as before). */
  held?: number;
  /**
   * Account and group entries (absent when the desired state manages neither): counted here, not in `users` and
   * `byStatus`, which stay about users. `affected` sums the users their changes reach; `account` is true when the
   * account itself changes (the guard refuses that unless allowed).
   */
  levels?: { byStatus: Record<UserStatus, number>; affected: number; account: boolean };
  /** Drift an unexpired acknowledgement covers (absent when none). */
  acknowledged?: number;
}

export interface PlanCost {
  /** MEDIUM requests to apply: a re-read and a verifying read per touched variant, plus the PATCHes. */
  mediumRequests: number;
  ratePerSecond: number;
  seconds: number;
  /** Share of a free account's 2,000 MEDIUM requests a day (zoom-api-facts.md §5.1). */
  freeDailyCapShare: number;
  /** MEDIUM requests the plan itself spent reading the account and group settings and locks (absent when not read). */
  hierarchyReads?: number;
  /**
   * MEDIUM requests planning spent listing the account's users (GET /users), when the desired state names users
   * by both id and email and they had to be resolved to one identity (commands/shared/user-directory.ts).
   */
  listRequests?: number;
}

export interface PlanHeader {
  format_version: number;
  kind: typeof PLAN_KIND;
  created_at: string;
  account: string;
  desired_state_hash: string;
  dir: string;
  /** Users the desired state manages (the guards' --max-changed-percent is a share of these). */
  managed_users: number;
  /** Salt of the secret fingerprints in this plan. */
  salt: string;
  options: {
    users?: string[];
    changed_since?: string;
    /** With changed_since: users the base's desired state managed and this one no longer does (left as they are). */
    no_longer_managed?: string[];
    /** plan --without-secrets: passcode settings were not compared; apply refuses such a plan file. */
    secrets_not_compared?: boolean;
  };
}

export interface Plan extends PlanHeader {
  users: UserPlan[];
  summary: PlanSummary;
  cost: PlanCost;
}
