/**
 * The invariants every chaos scenario must keep, read from what the run left behind: the ledger (`--format json`),
 * the journal, and the simulator's request log. Each check returns problems as sentences; none means it held.
 */
import { readFileSync } from 'node:fs';
import { APPLY_RESULTS, type ApplyResult, type Ledger } from '../../src/core/apply/ledger.js';
import { FINAL_RESULTS, type JournalEntry, type RunEntry, type UserEntryRecord } from '../../src/core/apply/journal-entries.js';
import { AUTH_PROFILES, type RequestLogEntry } from '../../src/simulator/index.js';

export function readJournalFile(path: string): JournalEntry[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as JournalEntry);
}

export function ledgerTotal(ledger: Ledger): number {
  return APPLY_RESULTS.reduce((n, r) => n + ledger.counts[r], 0);
}

/**
 * Every user accounted for: the users the run's chain finished earlier (skipped by --resume) plus the users the
 * final ledger counts must be exactly the desired users, and the final run must not count a skipped user again.
 */
export function accountFor(users: readonly string[], journal: readonly JournalEntry[], ledger: Ledger): { accounted: number; lost: number; problems: string[] } {
  const problems: string[] = [];
  const runs = journal.filter((e): e is RunEntry => e.type === 'run');
  const target = runs.find((r) => r.run === ledger.run);
  if (!target) return { accounted: 0, lost: users.length, problems: [`the journal has no run record for ledger run ${ledger.run}`] };
  const earlier = new Set(runs.slice(0, runs.indexOf(target)).filter((r) => r.plan_checksum === target.plan_checksum).map((r) => r.run));
  const finishedEarlier = new Set(
    journal.filter((e): e is UserEntryRecord => e.type === 'user' && earlier.has(e.run) && FINAL_RESULTS.includes(e.result)).map((e) => e.user),
  );
  const countedNow = journal.filter((e): e is UserEntryRecord => e.type === 'user' && e.run === ledger.run).map((e) => e.user);
  const twice = countedNow.filter((u) => finishedEarlier.has(u));
  if (twice.length > 0) problems.push(`run ${ledger.run} re-processed users an earlier run of the same plan had finished: ${twice.slice(0, 5).join(', ')}`);
  const accounted = ledgerTotal(ledger) + finishedEarlier.size;
  const known = new Set(users);
  const strangers = [...finishedEarlier].filter((u) => !known.has(u));
  if (strangers.length > 0) problems.push(`the journal names users outside the desired state: ${strangers.slice(0, 5).join(', ')}`);
  if (accounted !== users.length) problems.push(`${users.length} users, but the ledger counts ${ledgerTotal(ledger)} and earlier runs finished ${finishedEarlier.size}`);
  return { accounted, lost: Math.max(0, users.length - accounted), problems };
}

/** Results every user gets a journal entry for; unchanged, not-found and pending users may have none. */
const ALWAYS_JOURNALED: readonly ApplyResult[] = ['applied', 'stale', 'not-applied', 'failed', 'deferred'];

/** The journal's `user` entries of a run agree with its ledger: same counts per result, same listed users. */
export function journalAgrees(journal: readonly JournalEntry[], ledger: Ledger): string[] {
  const problems: string[] = [];
  const entries = journal.filter((e): e is UserEntryRecord => e.type === 'user' && e.run === ledger.run);
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.user)) problems.push(`run ${ledger.run} journals ${entry.user} twice`);
    seen.add(entry.user);
  }
  for (const result of APPLY_RESULTS) {
    const journaled = entries.filter((e) => e.result === result);
    const counted = ledger.counts[result];
    const agree = ALWAYS_JOURNALED.includes(result) ? journaled.length === counted : journaled.length <= counted;
    if (!agree) problems.push(`run ${ledger.run}: the ledger counts ${counted} ${result}, the journal has ${journaled.length}`);
    const byUser = new Set(journaled.map((e) => e.user));
    const listedElsewhere = (ledger.users[result] ?? []).filter((u) => ALWAYS_JOURNALED.includes(result) && !byUser.has(u.user));
    if (listedElsewhere.length > 0) problems.push(`run ${ledger.run}: the ledger lists ${listedElsewhere[0]!.user} as ${result}, the journal does not`);
  }
  const end = journal.find((e) => e.type === 'end' && e.run === ledger.run);
  if (!end) problems.push(`run ${ledger.run} has no end record in the journal`);
  return problems;
}

function patchKey(entry: RequestLogEntry): string {
  return `${entry.user} ${entry.option ?? 'default'} ${JSON.stringify(entry.body)}`;
}

/**
 * No PATCH repeated after a verified success: the same (user, option, body) answered 204 twice is allowed only
 * for users Zoom kept from changing (locked: `not-applied`), whose second run sends the same body again.
 */
export function repeatedPatches(log: readonly RequestLogEntry[], notApplied: ReadonlySet<string>): string[] {
  const counts = new Map<string, number>();
  for (const entry of log) if (entry.method === 'PATCH' && entry.status === 204) counts.set(patchKey(entry), (counts.get(patchKey(entry)) ?? 0) + 1);
  return [...counts]
    .filter(([key, n]) => n > 1 && !notApplied.has(key.slice(0, key.indexOf(' '))))
    .map(([key, n]) => `PATCH answered 204 ${n} times: ${key.slice(0, 160)}`);
}

/** The leaves of a PATCH body as managed-leaf names (`variant path`, as leafPath writes them). */
export function bodyLeaves(option: string | null, body: unknown): string[] {
  const variant = option ?? 'default';
  const leaves: string[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [`${variant} <not an object: ${JSON.stringify(body)}>`];
  if (variant === 'meeting_authentication' || variant === 'recording_authentication') {
    for (const [key, value] of Object.entries(body)) {
      if (key === variant) leaves.push(`${variant} ${variant}.enabled`);
      else if (key === 'authentication_option' && typeof value === 'object' && value !== null) {
        const { action, id, ...fields } = value as Record<string, unknown>;
        const profile = AUTH_PROFILES[variant].find((p) => p.id === id);
        const names = [String(id), ...(profile ? [profile.name] : [])];
        const options = [...(action === 'show' || action === 'hide' ? ['visible'] : []), ...Object.keys(fields).map((f) => (f === 'default_option' ? 'default' : f))];
        for (const option of options) leaves.push(`${variant} ${variant}.profiles.{${names.join('|')}}.${option}`);
      } else leaves.push(`${variant} ${key}`);
    }
    return leaves;
  }
  const walk = (node: unknown, path: string[]): void => {
    if (typeof node === 'object' && node !== null && !Array.isArray(node) && Object.keys(node).length > 0) {
      for (const [key, value] of Object.entries(node)) walk(value, [...path, key]);
    } else leaves.push(`${variant} ${path.join('.')}`);
  };
  walk(body, []);
  return leaves;
}

function isManaged(leaf: string, managed: ReadonlySet<string>): boolean {
  const alternatives = /\{([^}]*)\}/.exec(leaf);
  if (!alternatives) return managed.has(leaf);
  return alternatives[1]!.split('|').some((name) => managed.has(leaf.replace(alternatives[0], name)));
}

/** Nothing outside the desired state is ever sent: every leaf of every PATCH body is a managed leaf of that user. */
export function unmanagedLeaves(log: readonly RequestLogEntry[], managed: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const problems: string[] = [];
  for (const entry of log) {
    if (entry.method !== 'PATCH') continue;
    const mine = entry.user === null ? undefined : managed.get(entry.user);
    if (!mine) {
      problems.push(`PATCH for ${entry.user}, who is not a desired user`);
      continue;
    }
    for (const leaf of bodyLeaves(entry.option, entry.body)) if (!isManaged(leaf, mine)) problems.push(`PATCH for ${entry.user} sent ${leaf}, which the desired state does not manage`);
  }
  return problems;
}
