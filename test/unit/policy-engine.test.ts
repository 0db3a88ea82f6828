/**
 * The policy engine (src/core/policy), pure: policy and exception files → a PolicySet with problems at
 * file:line:col, then a verdict per rule and subject and per exception, for an injected "today".
 */
import { describe, expect, it } from '@jest/globals';
import { evaluate, parsePolicies, type PolicySubject, type SettingRef, type SubjectValue } from '../../src/core/policy/index.js';
import { KIOSK, MEETINGS } from '../helpers/policy-fixtures.js';


function parse(files: Record<string, string>, profiles?: string[]) {
  return parsePolicies(
    Object.entries(files).map(([relPath, text]) => ({ path: `ds/${relPath}`, relPath, text })),
    profiles ? { profiles: new Set(profiles) } : {},
  );
}

function user(id: string, values: Record<string, SubjectValue>, extra: Partial<PolicySubject> = {}): PolicySubject {
  return { kind: 'user', id, aliases: [id.toLowerCase()], profiles: [], value: (ref: SettingRef) => values[ref.setting] ?? {}, ...extra };
}

const SOURCE = { file: 'ds/users/kiosk.yaml', line: 4, column: 7 };
const kiosk = user('kiosk@example.com', { 'in_meeting.waiting_room': { value: false, source: SOURCE } });
const alice = user('alice@example.com', { 'in_meeting.waiting_room': { value: true, source: { file: 'ds/defaults.yaml', line: 5, column: 5 } } });

describe('parsing policies and exceptions', () => {
  it('reads the smallest form of issue 17 item 6 as written', () => {
    const parsed = parse({ 'policies/meetings.yaml': MEETINGS, 'exceptions/kiosk.yaml': KIOSK });
    expect(parsed.problems).toEqual([]);
    expect(parsed.policySet.rules).toEqual([
      expect.objectContaining({ id: 'waiting-room-on', severity: 'error', scope: { kind: 'all-users' }, requirements: [expect.objectContaining({ equals: true, setting: expect.objectContaining({ variant: 'default', path: ['in_meeting', 'waiting_room'] }) })] }),
    ]);
    expect(parsed.policySet.exceptions).toEqual([
      expect.objectContaining({ name: 'exceptions/kiosk.yaml:3', rule: 'waiting-room-on', owner: 'secops@example.com', expires: '2027-01-31' }),
    ]);
  });

  it.each([
    ['an unknown setting, with a suggestion', MEETINGS.replace('in_meeting.waiting_room', 'in_meeting.waitng_room'), 8, 7, 'unknown setting "in_meeting.waitng_room": in_meeting has no setting "waitng_room" (did you mean "waiting_room"?)'],
    ['an unknown section', MEETINGS.replace('in_meeting.waiting_room', 'in_meting.waiting_room'), 8, 7, 'unknown settings section "in_meting" (did you mean "in_meeting"?)'],
    ['a value of the wrong type', MEETINGS.replace('waiting_room: true', 'waiting_room: "yes"'), 8, 32, 'in_meeting.waiting_room is true or false, found string "yes"'],
    ['a group of settings', MEETINGS.replace('in_meeting.waiting_room: true', 'in_meeting: true'), 8, 7, '"in_meeting" is a group of settings'],
    ['an unknown check', MEETINGS.replace('in_meeting.waiting_room: true', 'in_meeting.waiting_room: { equal: true }'), 8, 34, 'unknown check (did you mean "equals"?)'],
    ['an unknown scope', MEETINGS.replace('all-users', 'all-user'), 6, 12, 'unknown scope "all-user" (did you mean "all-users"?)'],
    ['a bad severity', MEETINGS.replace('severity: error', 'severity: fatal'), 5, 15, 'expected error or warning, found "fatal"'],
    ['minimum on a boolean', MEETINGS.replace('in_meeting.waiting_room: true', 'in_meeting.waiting_room: { minimum: 1 }'), 8, 34, 'minimum applies to numbers'],
    ['a value outside the enum', MEETINGS.replace('in_meeting.waiting_room: true', 'in_meeting.allow_participants_chat_with: 9'), 8, 48, 'is one of 1, 2, 3, 4'],
    ['a passcode value', MEETINGS.replace('in_meeting.waiting_room: true', 'schedule_meeting.pmi_password: "x"'), 8, 7, 'is a passcode'],
  ])('refuses %s at file:line:col', (_name, text, line, column, message) => {
    const parsed = parse({ 'policies/meetings.yaml': text });
    expect(parsed.problems).toEqual([expect.objectContaining({ severity: 'error', file: 'ds/policies/meetings.yaml', line, column, message: expect.stringContaining(message) })]);
    expect(parsed.policySet.rules).toEqual([]);
  });

  it('refuses an exception to an unknown rule, a missing expires, a bad date, an unknown profile', () => {
    const bad = `exceptions:
  - rule: waiting-room-of
    users: [a@example.com]
    owner: o
    reason: r
    expires: 2027-01-31
  - rule: waiting-room-on
    users: [a@example.com]
    owner: o
    reason: r
  - rule: waiting-room-on
    profiles: [enginering]
    owner: o
    reason: r
    expires: 2027-02-30
`;
    const parsed = parse({ 'policies/meetings.yaml': MEETINGS, 'exceptions/bad.yaml': bad }, ['engineering']);
    expect(parsed.problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      '7:5 missing "expires"',
      '15:14 expected a date written YYYY-MM-DD (2027-01-31), found "2027-02-30"',
      '2:5 no rule "waiting-room-of" (did you mean "waiting-room-on"?) in policies/; an exception names the id of a rule',
    ]);
    expect(parsed.policySet.exceptions).toEqual([]);
  });

  it('refuses a rule id defined twice, naming the first', () => {
    const parsed = parse({ 'policies/a.yaml': MEETINGS, 'policies/b.yaml': MEETINGS });
    expect(parsed.problems).toEqual([expect.objectContaining({ file: 'ds/policies/b.yaml', line: 3, message: expect.stringContaining('already defined at ds/policies/a.yaml:3:5') })]);
  });
});

describe('evaluating', () => {
  const { policySet } = parse({ 'policies/meetings.yaml': MEETINGS, 'exceptions/kiosk.yaml': KIOSK });
  const withoutException = { ...policySet, exceptions: [] };

  it('fails the user whose value is off, naming the value and the file:line that sets it', () => {
    const verdict = evaluate(withoutException, [alice, kiosk], '2026-12-01');
    expect(verdict.errors).toBe(1);
    expect(verdict.rules[0]!.counts).toEqual({ pass: 1, fail: 1, excepted: 0, notApplicable: 0 });
    expect(verdict.rules[0]!.subjects[1]).toEqual({
      subject: { kind: 'user', id: 'kiosk@example.com' },
      status: 'fail',
      failures: [expect.objectContaining({ setting: 'in_meeting.waiting_room', value: false, source: SOURCE, expected: 'equals true', message: 'in_meeting.waiting_room is false, required: equals true' })],
    });
  });

  it('an exception that has not expired excepts it: no error', () => {
    const verdict = evaluate(policySet, [alice, kiosk], '2026-12-01');
    expect(verdict.errors).toBe(0);
    expect(verdict.rules[0]!.subjects[1]).toEqual(expect.objectContaining({ status: 'excepted', exception: expect.objectContaining({ owner: 'secops@example.com' }) }));
    expect(verdict.exceptionFindings).toEqual([]);
  });

  it('on its last day it still excepts, with a warning; the day after it is an error naming it and its owner', () => {
    const last = evaluate(policySet, [kiosk], '2027-01-31');
    expect([last.errors, last.warnings]).toEqual([0, 1]);
    expect(last.exceptionFindings[0]!.message).toContain('expires today');
    const after = evaluate(policySet, [kiosk], '2027-02-01');
    expect(after.errors).toBe(2);
    expect(after.rules[0]!.subjects[0]).toEqual(expect.objectContaining({ status: 'fail', expiredException: expect.objectContaining({ name: 'exceptions/kiosk.yaml:3' }) }));
    expect(after.exceptionFindings).toEqual([
      expect.objectContaining({ kind: 'expired', severity: 'error', message: expect.stringMatching(/^exception exceptions\/kiosk\.yaml:3 to rule waiting-room-on \(owner secops@example\.com\) expired on 2027-01-31/) }),
    ]);
  });

  it('warns within the window (14 days by default, configurable), not before', () => {
    expect(evaluate(policySet, [kiosk], '2027-01-17').exceptionFindings.map((f) => f.kind)).toEqual(['expiring']);
    expect(evaluate(policySet, [kiosk], '2027-01-16').exceptionFindings).toEqual([]);
    expect(evaluate(policySet, [kiosk], '2027-01-01', { warningDays: 30 }).exceptionFindings.map((f) => f.kind)).toEqual(['expiring']);
  });

  it('warns about an exception that matches nothing', () => {
    const verdict = evaluate(policySet, [alice], '2026-12-01');
    expect(verdict.exceptionFindings).toEqual([expect.objectContaining({ kind: 'unmatched', severity: 'warning', message: expect.stringContaining('matches nothing') })]);
    expect(verdict.errors).toBe(0);
  });

  it('refuses an exception longer than the rule allows (max_exception_days)', () => {
    const limited = parse({ 'policies/meetings.yaml': `${MEETINGS}    max_exception_days: 30\n`, 'exceptions/kiosk.yaml': KIOSK }).policySet;
    expect(evaluate(limited, [kiosk], '2027-01-01').exceptionFindings).toEqual([]);
    const tooLong = evaluate(limited, [kiosk], '2026-12-01');
    expect(tooLong.exceptionFindings).toEqual([expect.objectContaining({ kind: 'too-long', severity: 'error', message: expect.stringContaining('61 days from today: rule waiting-room-on allows exceptions of at most 30 days') })]);
    expect(tooLong.errors).toBe(1);
  });

  it.each([
    ['one_of', '{ one_of: [2, 3] }', 'in_meeting.allow_participants_chat_with', 1, 'fail'],
    ['one_of', '{ one_of: [2, 3] }', 'in_meeting.allow_participants_chat_with', 3, 'pass'],
    ['not', '{ not: 1 }', 'in_meeting.allow_participants_chat_with', 1, 'fail'],
    ['minimum', '{ minimum: 8 }', 'meeting_security.meeting_password_requirement.length', 6, 'fail'],
    ['minimum', '{ minimum: 8 }', 'meeting_security.meeting_password_requirement.length', 8, 'pass'],
    ['maximum', '{ maximum: 30 }', 'recording.auto_delete_cmr_days', 90, 'fail'],
    ['present', '{ present: true }', 'recording.auto_delete_cmr_days', undefined, 'fail'],
    ['present: false', '{ present: false }', 'recording.auto_delete_cmr_days', 90, 'fail'],
    ['an unset value', 'true', 'in_meeting.chat', undefined, 'fail'],
  ])('%s: %s on %s = %s → %s', (_check, requirement, setting, value, status) => {
    const text = `rules:\n  - id: r\n    title: t\n    scope: all-users\n    require:\n      ${setting}: ${requirement}\n`;
    const parsed = parse({ 'policies/p.yaml': text });
    expect(parsed.problems).toEqual([]);
    const verdict = evaluate(parsed.policySet, [user('u@example.com', { [setting]: value === undefined ? {} : { value } })], '2026-12-01');
    expect(verdict.rules[0]!.subjects[0]!.status).toBe(status);
  });

  it('locked_at: not applicable without locks, judged with them', () => {
    const text = `rules:\n  - id: locked\n    title: t\n    scope: all-users\n    require:\n      in_meeting.chat: { equals: false, locked_at: account }\n`;
    const parsed = parse({ 'policies/p.yaml': text });
    expect(parsed.problems).toEqual([]);
    const judge = (held: SubjectValue) => evaluate(parsed.policySet, [user('u@example.com', { 'in_meeting.chat': held })], '2026-12-01').rules[0]!.subjects[0];
    expect(judge({ value: false })).toEqual(expect.objectContaining({ status: 'not-applicable', reason: expect.stringContaining('--live') }));
    expect(judge({ value: false, lock: { at: 'account' } })!.status).toBe('pass');
    expect(judge({ value: false, lock: { at: 'group', holder: 'group Sales' } })).toEqual(expect.objectContaining({ status: 'fail', failures: [expect.objectContaining({ message: 'in_meeting.chat is locked only at group Sales, required: equals false and locked at the account' })] }));
  });

  it('scopes by profile and group; groups unknown are said once per rule, not guessed', () => {
    const text = `rules:\n  - id: r\n    title: t\n    scope: { profiles: [engineering], groups: [Sales] }\n    require:\n      in_meeting.chat: true\n`;
    const parsed = parse({ 'policies/p.yaml': text }, ['engineering']);
    const eng = user('e@example.com', {}, { profiles: ['engineering'] });
    const sales = user('s@example.com', {}, { groups: ['Sales'] });
    const other = user('o@example.com', {});
    const verdict = evaluate(parsed.policySet, [eng, sales, other], '2026-12-01', { membershipUnknown: 'membership is read with --live' });
    expect(verdict.rules[0]!.subjects.map((s) => s.subject.id)).toEqual(['e@example.com', 's@example.com']);
    expect(verdict.rules[0]!.notes).toEqual(['1 users could not be placed in or out of scope: membership is read with --live']);
  });

  it('never reads the clock: a bad today is refused', () => {
    expect(() => evaluate(policySet, [], '2026-13-01')).toThrow('YYYY-MM-DD');
  });
});
