/**
 * core/import end to end without a network: live settings → files → the desired-state loader. The files must load
 * with no problem, and every user must resolve to exactly the values read from Zoom (so a plan shows no change).
 */
import { describe, expect, it } from '@jest/globals';
import { buildDesiredState } from '../../src/core/desired/documents.js';
import { checkReferences, checkResolved, Resolver, type DesiredLeaf } from '../../src/core/desired/merge.js';
import type { DesiredFile } from '../../src/core/desired/model.js';
import { buildImport, MAX_LISTED_SKIPPED, type ImportUserRead } from '../../src/core/import/build-import.js';
import { createLeafChecker } from '../../src/core/import/leaf-check.js';
import { importLeaves, type LiveSettings } from '../../src/core/import/live-leaves.js';
import { commentLines, renderUsers, settingsTree } from '../../src/core/import/render-yaml.js';
import { importScope, type ImportScope } from '../../src/core/import/scope.js';
import { generateSettings } from '../../src/simulator/generate-settings.js';

const check = createLeafChecker();

function readUsers(lives: Array<[string, LiveSettings]>, scope: ImportScope): ImportUserRead[] {
  return lives.map(([key, live]) => ({ key, ...importLeaves(live, scope, check) }));
}

function load(files: Array<{ relPath: string; text: string }>) {
  const desired: DesiredFile[] = files.map((f) => ({ path: `out/${f.relPath}`, relPath: f.relPath, text: f.text }));
  const built = buildDesiredState(desired);
  const resolver = new Resolver(built.state);
  const problems = [...built.problems, ...checkReferences(built.state), ...built.state.users.flatMap((u) => checkResolved(resolver.resolve(u)))];
  return { state: built.state, resolver, problems };
}

/** A resolved leaf as the desired-state path an import wrote it under. */
function desiredPath(leaf: DesiredLeaf): string {
  const auth = leaf.variant === 'meeting_authentication' || leaf.variant === 'recording_authentication';
  return (auth ? [leaf.variant, ...leaf.path] : leaf.path).join('\u0000');
}

function expectRoundTrip(users: ImportUserRead[], share: number, scope: ImportScope) {
  const output = buildImport({ users, scope, share, importedAt: '2026-01-01T00:00:00.000Z' });
  const { state, resolver, problems } = load(output.files);
  expect(problems).toEqual([]);
  expect(state.users.map((u) => u.key)).toEqual(users.map((u) => u.key));
  for (const [i, entry] of state.users.entries()) {
    const resolved = new Map(resolver.resolve(entry).leaves.map((l) => [desiredPath(l), l.value]));
    const read = new Map(users[i]!.leaves.map((l) => [l.key, l.value]));
    expect(resolved).toEqual(read);
  }
  return output;
}

/** Generated accounts with Zoom's quirks mixed in: loose types, invalid enums, over-long lists, two defaults. */
function account(seed: string, count: number): Array<[string, LiveSettings]> {
  return Array.from({ length: count }, (_, i) => {
    const live = generateSettings(seed, `user-${i}`) as LiveSettings;
    const inMeeting = live.default!.in_meeting as Record<string, unknown>;
    if (i % 3 === 0) inMeeting.chat = String(inMeeting.chat);
    if (i % 4 === 1) inMeeting.entry_exit_chime = '';
    if (i % 5 === 2) (live.meeting_security!.meeting_security as Record<string, unknown>).block_user_domain_list = Array.from({ length: 21 }, (_, n) => `b${n}.example.com`);
    if (i % 6 === 3) {
      const options = live.meeting_authentication!.authentication_options as Array<Record<string, unknown>>;
      for (const option of options) option.default_option = true;
    }
    return [`user${i}@example.com`, live];
  });
}

describe('import round trip through the desired-state loader', () => {
  it.each([
    ['default scope, share 0.9', undefined, 0.9],
    ['default scope, share 0.5', undefined, 0.5],
    ['all sections with feature, share 0.6', ['all'], 0.6],
    ['one section, share 1', ['in_meeting'], 1],
  ])('%s: loads with no problem and resolves to what was read', (_, include, share) => {
    const scope = importScope(include);
    for (const seed of ['a', 'b', 'c']) expectRoundTrip(readUsers(account(seed, 13), scope), share, scope);
  });

  it('a single user gets everything in defaults and an empty entry', () => {
    const scope = importScope();
    const output = expectRoundTrip(readUsers(account('solo', 1), scope), 0.9, scope);
    expect(output.userSettings).toBe(0);
    expect(output.files.find((f) => f.relPath === 'users/imported.yaml')!.text).toContain('user0@example.com: {}');
  });

  it('lists skipped settings, names secret references and points at the editor schemas', () => {
    const scope = importScope();
    const output = buildImport({ users: readUsers(account('d', 8), scope), scope, share: 0.9, importedAt: '2026-01-01T00:00:00.000Z' });
    const defaults = output.files[0]!.text;
    expect(defaults.split('\n')[0]).toBe('# yaml-language-server: $schema=./.schema/defaults.schema.json');
    expect(output.files[1]!.text.split('\n')[0]).toBe('# yaml-language-server: $schema=../.schema/users.schema.json');
    expect(defaults).toContain('#   schedule_meeting.pmi_password: { env: ZOOM_PMI_PASSWORD }  # set a reference to manage it');
    expect(defaults).toMatch(/#   in_meeting\.entry_exit_chime \(2 users\): in_meeting\.entry_exit_chime: expected one of/);
    expect(defaults).toMatch(/#   meeting_security\.block_user_domain_list \(2 users\): .*at most 20 items, found 21/);
    expect(defaults).toMatch(/#   meeting_authentication\.profiles\.\*\.default \(1 user\)/);
    expect(output.skipped.map((s) => s.path).sort()).toEqual(['in_meeting.entry_exit_chime', 'meeting_authentication.profiles.*.default', 'meeting_security.block_user_domain_list']);
  });

  it('lists at most MAX_LISTED_SKIPPED skipped settings, then counts the rest', () => {
    const scope = importScope();
    const users: ImportUserRead[] = [{ key: 'a@example.com', leaves: [], skipped: Array.from({ length: MAX_LISTED_SKIPPED + 3 }, (_, i) => ({ path: `x.y${i}`, reason: 'bad' })) }];
    const defaults = buildImport({ users, scope, share: 0.9, importedAt: 'now' }).files[0]!.text;
    expect(defaults).toContain('#   ... and 3 more settings');
    expect(defaults).not.toContain(`x.y${MAX_LISTED_SKIPPED}`);
  });

  it('never writes a secret the live settings hold', () => {
    const scope = importScope(['all']);
    const lives = account('s', 5);
    const secrets = lives.map(([, live]) => (live.default!.schedule_meeting as Record<string, unknown>).pmi_password as string);
    const text = buildImport({ users: readUsers(lives, scope), scope, share: 0.5, importedAt: 'now' }).files.map((f) => f.text).join('\n');
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});

describe('render-yaml', () => {
  it('puts allow_high_impact just before the first high-impact setting of its mapping', () => {
    const tree = settingsTree([
      { key: 'a', path: ['schedule_meeting', 'host_video'], value: true, highImpact: false, rank: 1 },
      { key: 'b', path: ['schedule_meeting', 'personal_meeting'], value: true, highImpact: true, rank: 2 },
      { key: 'c', path: ['feature', 'webinar'], value: false, highImpact: true, rank: 0 },
    ]);
    expect([...tree.keys()]).toEqual(['feature', 'schedule_meeting']);
    expect([...(tree.get('schedule_meeting') as Map<string, unknown>).keys()]).toEqual(['host_video', 'allow_high_impact', 'personal_meeting']);
    expect([...(tree.get('feature') as Map<string, unknown>).entries()]).toEqual([['allow_high_impact', true], ['webinar', false]]);
  });

  it('keeps a comment on one line whatever the text holds', () => {
    expect(commentLines(['a\nb: c', ''])).toBe('# a b: c\n#\n');
  });

  it('splits users over several files before a file reaches the limits, every user once', () => {
    const scope = importScope();
    const users = readUsers(account('big', 12), scope).map((u) => ({ key: u.key, leaves: u.leaves }));
    const files = renderUsers(users, ['header'], { bytes: 20_000, nodes: 1_000_000 });
    expect(files.length).toBeGreaterThan(2);
    expect(files.map((f) => f.relPath).slice(0, 3)).toEqual(['users/imported.yaml', 'users/imported-2.yaml', 'users/imported-3.yaml']);
    expect(files.reduce((n, f) => n + f.users, 0)).toBe(12);
    const { state, problems } = load(files);
    expect(problems).toEqual([]);
    expect(state.users.map((u) => u.key)).toEqual(users.map((u) => u.key));
    const byNodes = renderUsers(users, [], { bytes: Number.MAX_SAFE_INTEGER, nodes: 1 });
    expect(byNodes).toHaveLength(12);
  });

  it('quotes keys and values that YAML would read as another type', () => {
    const files = renderUsers([{ key: '1234567890', leaves: [{ key: 'k', path: ['in_meeting', 'custom_data_center_regions'], value: true, highImpact: false, rank: 0 }] }], []);
    expect(files[0]!.text).toContain('"1234567890":');
    expect(load(files).state.users[0]!.key).toBe('1234567890');
  });
});
