/** What the journal records. */
import type { Variant } from '../../schema/index.js';
import type { PlannedChange } from '../plan/types.js';
import type { ApplyResult, Ledger } from './ledger.js';
import { userTarget, type Target } from '../targets/registry.js';

export interface RunEntry {
  type: 'run';
  run: string;
  time: string;
  command: 'apply' | 'drift' | 'rollback';
  plan_file: string;
  plan_checksum: string;
  account: string;
  desired_state_hash: string;
  dir: string;
  /** Set when this run resumes another. */
  resumes?: string;
}

export interface SendingEntry {
  type: 'sending';
  run: string;
  time: string;
  /** The target's name as plans show it; `target` is the key (absent in journals written before targets: a user). */
  user: string;
  target?: Target;
  option: Variant | null;
  /** Sent to the target's lock settings. */
  lock?: true;
  body: Record<string, unknown>;
}

/** One target's outcome (the type keeps its first name, `user`, so older journals read the same). */
export interface UserEntryRecord {
  type: 'user';
  run: string;
  time: string;
  user: string;
  target?: Target;
  result: ApplyResult;
  detail?: string;
  /** Per change: before (as planned), after (as verified), and whether it took effect. */
  changes: Array<Pick<PlannedChange, 'variant' | 'path' | 'locator' | 'before' | 'after' | 'sensitive' | 'lock'> & { observed?: unknown; applied: boolean }>;
  requests_sent: number;
}

export interface EndEntry {
  type: 'end';
  run: string;
  time: string;
  ledger: Ledger;
}

export type JournalEntry = RunEntry | SendingEntry | UserEntryRecord | EndEntry;

/** Results after which a resumed run leaves the user alone. */
export const FINAL_RESULTS: readonly ApplyResult[] = ['applied', 'unchanged', 'not-applied', 'not-found', 'pending', 'stale'];

/** The target a journal entry is about: its `target`, or for entries written before targets existed, its user. */
export function entryTarget(entry: Pick<UserEntryRecord, 'user' | 'target'>): Target {
  return entry.target ?? userTarget(entry.user);
}
