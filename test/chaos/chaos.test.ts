/**
 * Reliability under faults, end to end: the BUILT CLI (a child process) against a simulator in this process that
 * answers 5xx, drops sockets, hangs, storms 429s, hits the daily limit, expires tokens, locks settings, or sees
 * the CLI killed mid-apply. Each scenario runs 500 users (`npm run chaos` runs more rounds and more users).
 * The checks themselves are tested first, on made-up evidence, so a check that cannot fail is caught.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import type { JournalEntry } from '../../src/core/apply/journal-entries.js';
import type { Ledger } from '../../src/core/apply/ledger.js';
import type { RequestLogEntry } from '../../src/simulator/index.js';
import { accountFor, bodyLeaves, journalAgrees, repeatedPatches, unmanagedLeaves } from './checks.js';
import { renderTable, runScenario, SCENARIOS, type ScenarioResult } from './scenarios.js';

const USERS = 500;
const results: ScenarioResult[] = [];

afterAll(() => {
  if (results.length === 0) return;
  const lost = results.reduce((n, r) => n + r.usersLost, 0);
  console.log(
    `chaos: ${results.length} scenarios, ${results.reduce((n, r) => n + r.users, 0)} users, ${results.reduce((n, r) => n + r.requests, 0)} requests, ` +
      `${results.reduce((n, r) => n + r.faultsInjected, 0)} faults injected, ${lost} users lost\n\n${renderTable(results)}`,
  );
});

function patch(seq: number, user: string, option: string | null, body: unknown, status = 204): RequestLogEntry {
  return { seq, time: seq, method: 'PATCH', path: `/v2/users/${user}/settings`, option, user, status, body };
}

function ledger(run: string, counts: Partial<Ledger['counts']>, users: Ledger['users'] = {}): Ledger {
  return { run, counts: { applied: 0, unchanged: 0, stale: 0, 'not-applied': 0, 'not-found': 0, pending: 0, failed: 0, deferred: 0, ...counts }, users, patchesSent: 0 };
}

const RUN = { type: 'run', time: 't', command: 'apply', plan_file: 'p', plan_checksum: 'sha256:x', account: 'a', desired_state_hash: 'h', dir: 'd' } as const;
const userEntry = (run: string, user: string, result: 'applied' | 'failed'): JournalEntry => ({ type: 'user', run, time: 't', user, result, changes: [], requests_sent: 1 });

describe('the chaos checks catch what they claim to', () => {
  it('a PATCH answered 204 twice is a repeat, unless Zoom kept the value (not-applied)', () => {
    const log = [patch(1, 'a@x.com', null, { in_meeting: { chat: true } }), patch(2, 'a@x.com', null, { in_meeting: { chat: true } }), patch(3, 'b@x.com', null, { in_meeting: { chat: true } }, 500)];
    expect(repeatedPatches(log, new Set())).toHaveLength(1);
    expect(repeatedPatches(log, new Set(['a@x.com']))).toEqual([]);
  });

  it('an unmanaged leaf in a body is caught; managed leaves, auth profiles by id or name, pass', () => {
    const managed = new Map([['a@x.com', new Set(['default in_meeting.chat', 'meeting_authentication meeting_authentication.enabled', 'meeting_authentication meeting_authentication.profiles.Signed-in users.visible'])]]);
    expect(unmanagedLeaves([patch(1, 'a@x.com', null, { in_meeting: { chat: true } })], managed)).toEqual([]);
    expect(unmanagedLeaves([patch(1, 'a@x.com', 'meeting_authentication', { meeting_authentication: true, authentication_option: { action: 'show', id: 'ma-signed-in' } })], managed)).toEqual([]);
    expect(unmanagedLeaves([patch(1, 'a@x.com', null, { in_meeting: { chat: true, file_transfer: false } })], managed)).toEqual([
      'PATCH for a@x.com sent default in_meeting.file_transfer, which the desired state does not manage',
    ]);
    expect(unmanagedLeaves([patch(1, 'z@x.com', null, {})], managed)).toHaveLength(1);
    expect(bodyLeaves('meeting_security', { meeting_security: { block_user_domain_list: ['a.example'] } })).toEqual(['meeting_security meeting_security.block_user_domain_list']);
  });

  it('a user neither the ledger nor an earlier run of the plan accounts for is lost; the journal must agree', () => {
    const journal: JournalEntry[] = [{ ...RUN, run: 'r1' }, userEntry('r1', 'a@x.com', 'applied'), { ...RUN, run: 'r2', resumes: 'r1' }, userEntry('r2', 'b@x.com', 'applied')];
    const users = ['a@x.com', 'b@x.com', 'c@x.com'];
    expect(accountFor(users, journal, ledger('r2', { applied: 1, unchanged: 1 }))).toMatchObject({ accounted: 3, lost: 0, problems: [] });
    expect(accountFor(users, journal, ledger('r2', { applied: 1 }))).toMatchObject({ accounted: 2, lost: 1 });
    expect(journalAgrees([...journal, { type: 'end', run: 'r2', time: 't', ledger: ledger('r2', {}) }], ledger('r2', { applied: 1, unchanged: 1 }))).toEqual([]);
    expect(journalAgrees(journal, ledger('r2', { applied: 2 }))).toEqual([
      'run r2: the ledger counts 2 applied, the journal has 1',
      'run r2 has no end record in the journal',
    ]);
  });
});

describe(`chaos: ${USERS} users per scenario, every user accounted for`, () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const result = await runScenario(scenario, { users: USERS, seed: 11 });
    results.push(result);
    expect({ scenario: scenario.name, problems: result.problems, usersLost: result.usersLost }).toEqual({ scenario: scenario.name, problems: [], usersLost: 0 });
    // The fault really happened (a kill, a lock or a second run at once is the CLI's fault, not the simulator's).
    if (!scenario.noSimulatorFaults) expect(result.faultsInjected).toBeGreaterThan(0);
    expect(result.ledger).not.toBeNull();
  }, 180_000);
});
