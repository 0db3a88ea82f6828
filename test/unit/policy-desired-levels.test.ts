/**
 * check without --live judges "locked at the account" from the desired locks of account.yaml (FORMATS.md: the
 * effective desired state), and a user's value falls back to the account's desired value where no user layer
 * sets it; the account itself is a subject for rules scoped to it.
 */
import { describe, expect, it } from '@jest/globals';
import { buildDesiredState } from '../../src/core/desired/documents.js';
import { Resolver } from '../../src/core/desired/merge.js';
import { desiredLevels } from '../../src/core/policy/desired-levels.js';
import { desiredSubjects } from '../../src/core/policy/desired-subjects.js';
import { evaluate, parsePolicies } from '../../src/core/policy/index.js';

const RULES = `rules:
  - id: file-transfer-locked
    title: t
    scope: all-users
    require:
      in_meeting.file_transfer: { equals: false, locked_at: account }
  - id: account-chat-off
    title: t
    scope: account
    require:
      in_meeting.chat: false
`;

function verdictFor(account: string) {
  const files = [
    { path: 'ds/users/u.yaml', relPath: 'users/u.yaml', text: 'a@example.com: {}\nb@example.com:\n  settings:\n    in_meeting:\n      file_transfer: true\n' },
    ...(account ? [{ path: 'ds/account.yaml', relPath: 'account.yaml', text: account }] : []),
  ];
  const built = buildDesiredState(files);
  expect(built.problems).toEqual([]);
  const resolver = new Resolver(built.state);
  const policies = parsePolicies([{ path: 'ds/policies/p.yaml', relPath: 'policies/p.yaml', text: RULES }]);
  expect(policies.problems).toEqual([]);
  const subjects = desiredSubjects(built.state, built.state.users.map((u) => resolver.resolve(u)), desiredLevels(built.state));
  return evaluate(policies.policySet, subjects, '2026-12-01');
}

const statuses = (verdict: ReturnType<typeof verdictFor>, rule: number) => verdict.rules[rule]!.subjects.map((s) => `${s.subject.id} ${s.status}${s.status === 'fail' ? `: ${s.failures.map((f) => `${f.message}${f.source ? ` @${f.source.file}:${f.source.line}` : ''}`).join('; ')}` : ''}`);

describe('the desired account level in check without --live', () => {
  it('locks and values from account.yaml: the account value fills in, the user value wins, the lock is judged', () => {
    const verdict = verdictFor('settings:\n  in_meeting:\n    file_transfer: false\n    chat: false\nlocks:\n  in_meeting:\n    file_transfer: true\n');
    expect(statuses(verdict, 0)).toEqual(['a@example.com pass', 'b@example.com fail: in_meeting.file_transfer is true, required: equals false and locked at the account @ds/users/u.yaml:5']);
    expect(statuses(verdict, 1)).toEqual(['account pass']);
  });

  it('an account that does not lock it: a failure naming where the lock says false', () => {
    const verdict = verdictFor('settings:\n  in_meeting:\n    file_transfer: false\nlocks:\n  in_meeting:\n    file_transfer: false\n');
    expect(statuses(verdict, 0)[0]).toBe('a@example.com fail: in_meeting.file_transfer is not locked at the account, required: equals false and locked at the account @ds/account.yaml:3');
    expect(statuses(verdict, 1)).toEqual(['account fail: in_meeting.chat is not set, required: equals false']);
  });

  it('no account.yaml: a value no file sets fails as not set, and there is no account subject', () => {
    const verdict = verdictFor('');
    expect(statuses(verdict, 0)[0]).toBe('a@example.com fail: in_meeting.file_transfer is not set, required: equals false and locked at the account');
    expect(verdict.rules[1]!.subjects).toEqual([]);
  });
});
