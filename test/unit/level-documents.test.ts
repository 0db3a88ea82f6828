/**
 * account.yaml and groups/*.yaml (issue 16 item 1; /work/FORMATS.md): checked against the account and group
 * schemas and their lock schemas, with the same file:line:col messages as a user's settings.
 */
import { describe, expect, it } from '@jest/globals';
import { buildDesiredState, checkGroupFiles } from '../../src/core/desired/documents.js';
import { flattenSettings, leafPath } from '../../src/core/desired/merge.js';
import type { DesiredFile } from '../../src/core/desired/model.js';
import { LEVEL_LOOKUPS } from '../../src/core/desired/settings-lookup.js';
import { secretReferences } from '../../src/core/desired/secret-references.js';

function build(files: Record<string, string>) {
  const list: DesiredFile[] = Object.entries(files).map(([relPath, text]) => ({ path: `ds/${relPath}`, relPath, text }));
  const built = buildDesiredState(list);
  const problems = [...built.problems, ...checkGroupFiles(built.state)].map((p) => `${p.file}:${p.line}:${p.column} ${p.path}: ${p.message}`);
  return { state: built.state, problems };
}

describe('account.yaml', () => {
  it('reads settings and locks into leaves of their variants, with positions', () => {
    const { state, problems } = build({
      'account.yaml': 'settings:\n  in_meeting:\n    chat: true\n  meeting_security:\n    waiting_room: true\nlocks:\n  in_meeting:\n    chat: true\n',
    });
    expect(problems).toEqual([]);
    const settings = flattenSettings(state.account!.settings, LEVEL_LOOKUPS.account.settings);
    expect(settings.map((l) => [l.variant, leafPath(l), l.value, `${l.source.line}:${l.source.column}`])).toEqual([
      ['default', 'in_meeting.chat', true, '3:5'],
      ['meeting_security', 'meeting_security.waiting_room', true, '5:5'],
    ]);
    const locks = flattenSettings(state.account!.locks, LEVEL_LOOKUPS.account.locks);
    expect(locks.map((l) => [l.variant, leafPath(l), l.value])).toEqual([['default', 'in_meeting.chat', true]]);
  });

  it('names file, line and column of an unknown setting, a wrong type, a lock that is not a boolean and a stray key', () => {
    const { problems } = build({
      'account.yaml': 'settings:\n  in_meeting:\n    chatt: true\n    auto_answer: "yes"\nlocks:\n  in_meeting:\n    chat: 3\nmembers: [a]\n',
    });
    expect(problems).toEqual([
      'ds/account.yaml:8:1 members: unknown key; expected settings, locks',
      'ds/account.yaml:3:5 in_meeting.chatt: unknown setting (did you mean "chat"?)',
      'ds/account.yaml:4:18 in_meeting.auto_answer: expected true or false (YAML 1.2 reads yes/no/on/off as text), found string "yes"',
      'ds/account.yaml:7:11 in_meeting.chat: expected true or false, found integer 3',
    ]);
  });

  it('refuses a passcode in plain text and takes one by reference; high-impact settings need the opt-in', () => {
    const secret = 'settings:\n  chat:\n    send_data_to_third_party_archiving_service:\n      passcode: ';
    const plain = build({ 'account.yaml': `${secret}hunter2\n` });
    expect(plain.problems).toEqual([expect.stringMatching(/^ds\/account\.yaml:4:7 chat\.send_data_to_third_party_archiving_service\.passcode: is a secret and cannot be written/)]);
    expect(plain.problems.join('')).not.toContain('hunter2');
    const byReference = build({ 'account.yaml': `${secret}{ env: ARCHIVE_PASSCODE }\n` });
    expect(byReference.problems).toEqual([]);
    expect(secretReferences(byReference.state).map((r) => `${r.env} ${r.path} ${r.pos.file}:${r.pos.line}`)).toEqual([
      'ARCHIVE_PASSCODE chat.send_data_to_third_party_archiving_service.passcode ds/account.yaml:4',
    ]);
    const highImpact = build({ 'account.yaml': 'settings:\n  schedule_meeting:\n    personal_meeting: false\n' });
    expect(highImpact.problems).toEqual([expect.stringMatching(/^ds\/account\.yaml:3:5 schedule_meeting\.personal_meeting: high-impact setting .*allow_high_impact: true/)]);
    const optedIn = build({ 'account.yaml': 'settings:\n  schedule_meeting:\n    allow_high_impact: true\n    personal_meeting: false\n' });
    expect(optedIn.problems).toEqual([]);
    const auth = build({ 'account.yaml': 'settings:\n  meeting_authentication:\n    enabled: true\n' });
    expect(auth.problems).toEqual([expect.stringContaining('ds/account.yaml:2:3 meeting_authentication: authentication profiles are managed per user here')]);
  });
});

describe('groups/*.yaml', () => {
  it('names the group and holds settings and locks', () => {
    const { state, problems } = build({ 'groups/sales.yaml': 'group: Sales\nsettings:\n  in_meeting:\n    chat: false\nlocks:\n  in_meeting:\n    chat: true\n' });
    expect(problems).toEqual([]);
    expect(state.groups!.map((g) => [g.group.name, g.file, g.group.pos.line])).toEqual([['Sales', 'ds/groups/sales.yaml', 1]]);
  });

  it('refuses a group file without group:, and two files for one group', () => {
    const { problems } = build({
      'groups/a.yaml': 'settings:\n  in_meeting:\n    chat: false\n',
      'groups/b.yaml': 'group: Sales\n',
      'groups/c.yaml': 'group: sales\n',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^ds\/groups\/a\.yaml:1:1 group: missing "group:"/),
      expect.stringMatching(/^ds\/groups\/c\.yaml:1:8 group: group "sales" is already managed by ds\/groups\/b\.yaml:1:8/),
    ]);
  });

  it('refuses what the group schema cannot PATCH, by file:line:col', () => {
    const { problems } = build({ 'groups/s.yaml': 'group: S\nsettings:\n  schedule_meeting:\n    personal_meeting: true\n' });
    expect(problems).toEqual(['ds/groups/s.yaml:4:5 schedule_meeting.personal_meeting: not settable: Zoom returns it from GET but PATCH does not accept it']);
  });
});
