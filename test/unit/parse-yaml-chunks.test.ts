/**
 * A large users file is parsed a few hundred top-level entries at a time (memory stays flat); the result must be the
 * tree and the problems that parsing it in one piece gives. An `&` anywhere sends a text down the one-piece path, so
 * a comment holding one is the reference.
 */
import { describe, expect, it } from '@jest/globals';
import { parseYaml, topLevelChunks } from '../../src/core/desired/parse-yaml.js';

const ONE_PIECE = '\n# & (an anchor sign: parse this text in one piece)\n';

function usersFile(count: number, eol = '\n'): string {
  const lines: string[] = ['# users of the benchmark', ''];
  for (let i = 0; i < count; i++) {
    const email = `user${String(i).padStart(5, '0')}@example.com`;
    switch (i % 6) {
      case 0:
        lines.push(`${email}:`);
        break;
      case 1:
        lines.push(`${email}: { profiles: [presenters, sales] }`);
        break;
      case 2:
        lines.push(`"${email}":`, '  profiles:', '  - presenters', '  settings:', '    in_meeting:', '      chat: false   # no chat', '      allow_participants_chat_with: 2');
        break;
      case 3:
        lines.push(`# a comment before ${email}`, `${email}:`, '- not a mapping, but YAML all the same', '');
        break;
      case 4:
        lines.push(`'${email}':`, '  settings:', '    meeting_security:', '      block_user_domain_list: [a.example.com, b.example.com]');
        break;
      default:
        lines.push(`${email}: {}`, '', '');
    }
  }
  return lines.join(eol) + eol;
}

describe('parseYaml in chunks', () => {
  it('chunks a large top-level mapping, and leaves small files, anchors and other roots in one piece', () => {
    const text = usersFile(3000);
    expect(topLevelChunks(text)!.length).toBeGreaterThan(4);
    expect(topLevelChunks(text + ONE_PIECE)).toBeUndefined();
    expect(topLevelChunks(`- a\n${text}`)).toBeUndefined();
    expect(topLevelChunks(`%YAML 1.2\n---\n${text}`)).toBeUndefined();
    expect(topLevelChunks(`? complex\n: key\n${text}`)).toBeUndefined();
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('gives the same tree as one piece, positions included (%s)', (_name, eol) => {
    const text = usersFile(3000, eol);
    const chunked = parseYaml(text, 'users/big.yaml');
    const whole = parseYaml(text + ONE_PIECE, 'users/big.yaml');
    expect(chunked.problems).toEqual([]);
    expect(chunked.root).toEqual(whole.root);
    const entries = chunked.root?.kind === 'map' ? chunked.root.entries : [];
    expect(entries).toHaveLength(3000);
    expect(entries[2999]!.keyPos).toEqual(whole.root?.kind === 'map' ? whole.root.entries[2999]!.keyPos : undefined);
  });

  it('finds a duplicate user across chunks, at the same line as one piece', () => {
    const text = `${usersFile(3000)}user00007@example.com:\n`;
    const chunked = parseYaml(text, 'users/big.yaml');
    expect(chunked.root).toBeUndefined();
    expect(chunked.problems).toHaveLength(1);
    expect(chunked.problems).toEqual(parseYaml(text + ONE_PIECE, 'users/big.yaml').problems);
    expect(chunked.problems[0]!.message).toMatch(/^duplicate key "user00007@example.com" \(first written at line \d+\)/);
  });

  it('reports a syntax error in the middle of a large file exactly as one piece does', () => {
    const lines = usersFile(3000).split('\n');
    lines.splice(7000, 0, 'broken@example.com: { profiles: [presenters }');
    const text = lines.join('\n');
    const chunked = parseYaml(text, 'users/big.yaml');
    expect(chunked.problems.length).toBeGreaterThan(0);
    expect(chunked.problems).toEqual(parseYaml(text + ONE_PIECE, 'users/big.yaml').problems);
    expect(chunked.problems[0]!.line).toBe(7001);
  });
});
