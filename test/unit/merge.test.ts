/** Merge order and provenance: defaults < profiles (each after its own extends, in listed order) < the user. */
import { describe, expect, it } from '@jest/globals';
import { buildDesiredState } from '../../src/core/desired/documents.js';
import { checkReferences, leafPath, Resolver, type ResolvedUser } from '../../src/core/desired/merge.js';
import type { DesiredFile } from '../../src/core/desired/model.js';

function tree(files: Record<string, string>) {
  const list: DesiredFile[] = Object.entries(files).map(([relPath, text]) => ({ path: `ds/${relPath}`, relPath, text }));
  const built = buildDesiredState(list);
  expect(built.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return built.state;
}

function leaves(resolved: ResolvedUser): Record<string, { value: unknown; at: string }> {
  return Object.fromEntries(resolved.leaves.map((l) => [leafPath(l), { value: l.secret ?? l.value, at: `${l.source.file}:${l.source.line}:${l.source.column}` }]));
}

const FILES = {
  'defaults.yaml': 'settings:\n  in_meeting:\n    chat: true\n    waiting_room: true\n    data_center_regions: [US, DE]\n',
  'profiles/base.yaml': 'settings:\n  in_meeting:\n    chat: false\n  recording:\n    auto_recording: local\n',
  'profiles/eng.yaml': 'extends: [base]\nsettings:\n  in_meeting:\n    data_center_regions: [NL]\n  recording:\n    auto_recording: cloud\n',
  'profiles/quiet.yaml': 'settings:\n  recording:\n    auto_recording: none\n',
  'users/a.yaml': [
    'a@example.com:',
    '  profiles: [eng]',
    'b@example.com:',
    '  profiles: [eng, quiet]',
    '  settings:',
    '    in_meeting:',
    '      waiting_room: false',
    'c@example.com:',
    '  profiles: [quiet, eng]',
    '',
  ].join('\n'),
};

describe('merge with provenance', () => {
  const state = tree(FILES);
  const resolver = new Resolver(state);
  const resolve = (key: string) => resolver.resolve(state.users.find((u) => u.key === key)!);

  it('a profile after its extends; lists replace, mappings merge key by key; each leaf points at the layer that won', () => {
    expect(leaves(resolve('a@example.com'))).toEqual({
      'in_meeting.chat': { value: false, at: 'ds/profiles/base.yaml:3:5' },
      'in_meeting.waiting_room': { value: true, at: 'ds/defaults.yaml:4:5' },
      'in_meeting.data_center_regions': { value: ['NL'], at: 'ds/profiles/eng.yaml:4:5' },
      'recording.auto_recording': { value: 'cloud', at: 'ds/profiles/eng.yaml:6:5' },
    });
  });

  it("profiles apply in listed order and the user's own settings win", () => {
    const b = leaves(resolve('b@example.com'));
    expect(b['recording.auto_recording']).toEqual({ value: 'none', at: 'ds/profiles/quiet.yaml:3:5' });
    expect(b['in_meeting.waiting_room']).toEqual({ value: false, at: 'ds/users/a.yaml:7:7' });
    expect(leaves(resolve('c@example.com'))['recording.auto_recording']).toEqual({ value: 'cloud', at: 'ds/profiles/eng.yaml:6:5' });
  });

  it('records the layers in merge order', () => {
    expect(resolve('b@example.com').layers).toEqual(['defaults', 'base', 'eng', 'quiet', 'b@example.com']);
  });

  it('shares one merge between users with the same profiles', () => {
    const first = resolve('a@example.com');
    const again = resolver.resolve(state.users.find((u) => u.key === 'a@example.com')!);
    expect(again.leaves).toBe(first.leaves);
  });

  it('reports unknown profiles, extends cycles and users defined twice', () => {
    const broken = tree({
      'profiles/x.yaml': 'extends: [y]\n',
      'profiles/y.yaml': 'extends: [x, nope]\n',
      'users/a.yaml': 'a@example.com:\n  profiles: [missing]\n',
      'users/b.yaml': 'A@Example.com: {}\n',
    });
    const messages = checkReferences(broken).map((p) => `${p.file}:${p.line} ${p.message}`);
    expect(messages.filter((m) => m.includes('cycle'))).toHaveLength(1); // one cycle, one problem
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ds\/profiles\/y.yaml:1 unknown profile "nope"/),
        expect.stringMatching(/^ds\/profiles\/x.yaml:1 extends cycle: x → y → x/),
        expect.stringMatching(/^ds\/users\/a.yaml:2 unknown profile "missing"/),
        expect.stringMatching(/^ds\/users\/b.yaml:1 the same user is already defined at ds\/users\/a.yaml:1:1/),
      ]),
    );
  });
});
