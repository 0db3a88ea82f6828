/**
 * parseYaml on js-yaml's events: every key and leaf has its file:line:column, every problem of a file is reported in
 * one run, keys are the text as written, tags and numbers mean exactly what was written, and budgets hold.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { buildDesiredState } from '../../src/core/desired/documents.js';
import { MAX_ALIAS_VALUES, MAX_NESTING, MAX_NODES_PER_FILE, parseYaml } from '../../src/core/desired/parse-yaml.js';
import { toPlain, type MapEntry, type PNode } from '../../src/core/desired/source.js';

const FILE = 'users/sales.yaml';

function parsed(text: string): PNode {
  const result = parseYaml(text, FILE);
  expect(result.problems).toEqual([]);
  return result.root!;
}

function entries(node: PNode): MapEntry[] {
  if (node.kind !== 'map') throw new Error(`expected a mapping, found ${node.kind}`);
  return node.entries;
}

/** `line:column message` of each problem, in the order found. */
function problems(text: string): string[] {
  return parseYaml(text, FILE).problems.map((p) => `${p.line}:${p.column} ${p.path ? `${p.path}: ` : ''}${p.message}`);
}

describe('parseYaml', () => {
  it('gives every key and leaf its line and column, in block, flow and quoted forms', () => {
    const root = parsed('frank@example.com:\n  settings:\n    in_meeting: { chat: false, "polling": true }\n    x: [1, \'two\']\n');
    const settings = entries(entries(root)[0]!.value)[0]!;
    expect(settings.keyPos).toEqual({ file: FILE, line: 2, column: 3 });
    const [inMeeting, x] = entries(settings.value);
    const [chat, polling] = entries(inMeeting!.value);
    expect([chat!.keyPos.column, chat!.value.pos.column, polling!.keyPos.column, polling!.value.pos.column]).toEqual([19, 25, 32, 43]);
    expect(x!.value.kind === 'seq' && x!.value.items.map((i) => [i.pos.line, i.pos.column])).toEqual([
      [4, 9],
      [4, 12],
    ]);
    expect(toPlain(root)).toEqual({ 'frank@example.com': { settings: { in_meeting: { chat: false, polling: true }, x: [1, 'two'] } } });
  });

  it('positions a block scalar at its | or >, and an empty value just after its key', () => {
    const root = parsed('a: |\n  x\nb: >-  # c|d\n\n  y\nc:\nd: [x,\n  ]\n');
    expect(entries(root).map((e) => [e.value.pos.line, e.value.pos.column])).toEqual([
      [1, 4],
      [3, 4],
      [6, 3],
      [7, 4],
    ]);
  });

  it('reads user keys as the text written: 0x1234567890ab and 00012345678901 do not become numbers', () => {
    const root = parsed('0x1234567890ab:\n  profiles: []\n00012345678901:\n1e3:\ntrue:\n');
    expect(entries(root).map((e) => e.key)).toEqual(['0x1234567890ab', '00012345678901', '1e3', 'true']);
  });

  it('takes profile names YAML would read as numbers literally', () => {
    const built = buildDesiredState([{ path: FILE, relPath: 'users/sales.yaml', text: 'frank@example.com:\n  profiles: [2024, 0x1f, 007]\n' }]);
    expect(built.problems).toEqual([]);
    expect(built.state.users[0]!.profiles.map((p) => p.name)).toEqual(['2024', '0x1f', '007']);
  });

  it('reports every problem of a file in one run, each where it is written', () => {
    const text = [
      'frank@example.com:',
      '  settings:',
      '    in_meeting:',
      '      chat: true',
      '      chat: false',
      '      polling: !vault secret/path',
      '    schedule_meeting:',
      '      host_video: !!js/function "function () {}"',
      '      n: 9007199254740993',
      '      m: 1e+23',
      '1: a',
      '"1": b',
      '',
    ].join('\n');
    expect(problems(text)).toEqual([
      '5:7 frank@example.com.settings.in_meeting.chat: duplicate key "chat" (first written at line 4): each key may appear once in a mapping',
      expect.stringMatching(/^6:16 frank@example.com.settings.in_meeting.polling: the tag !vault on a value is not read: only YAML's core tags/),
      expect.stringMatching(/^8:19 frank@example.com.settings.schedule_meeting.host_video: the tag !!js\/function on a value is not read/),
      expect.stringMatching(/^9:10 frank@example.com.settings.schedule_meeting.n: the integer 9007199254740993 is beyond 2\^53/),
      expect.stringMatching(/^10:10 frank@example.com.settings.schedule_meeting.m: 1e\+23 is a whole number written as a floating-point number/),
      '12:1 1: duplicate key "1" (first written at line 11): each key may appear once in a mapping',
    ]);
  });

  it('refuses every tag but the core schema\'s, on values, lists, mappings and keys', () => {
    expect(problems('a: !!binary aGVsbG8=\n')).toEqual([expect.stringContaining('1:4 a: the tag !!binary on a value is not read')]);
    expect(problems('a: !custom [1]\n')).toEqual([expect.stringContaining('1:4 a: the tag !custom on a list is not read')]);
    expect(problems('a: !!set {x: 1}\n')).toEqual([expect.stringContaining('1:4 a: the tag !!set on a mapping is not read')]);
    expect(problems('!!int 12: a\n')).toEqual(['1:1 12: the tag !!int on a key: keys are read as the text written, so remove the tag']);
    expect(problems('a: !!int yes\n')).toEqual(['1:10 a: "yes" is tagged !!int but is not an integer']);
    expect(toPlain(parsed('a: !!str 123\nb: !!int "12"\nc: ! 5\nd: !<tag:yaml.org,2002:bool> true\ne: !!seq [1]\n'))).toEqual({ a: '123', b: 12, c: '5', d: true, e: [1] });
  });

  it('reads numbers exactly: core forms in range are numbers, fractions stay for validation to judge', () => {
    expect(toPlain(parsed('a: 0x1f\nb: 0o17\nc: -42\nd: 2.5\ne: 9007199254740991\nf: .inf\ng: yes\nh: ~\n'))).toEqual({
      a: 31,
      b: 15,
      c: -42,
      d: 2.5,
      e: 9007199254740991,
      f: Infinity,
      g: 'yes',
      h: null,
    });
    expect(problems('a: 3.0\nb: -0x1\nc: 123456789012345678901234567890\n')).toEqual([
      expect.stringMatching(/^1:4 a: 3\.0 is a whole number written as a floating-point number/),
      expect.stringMatching(/^3:4 c: the integer 123456789012345678901234567890 is beyond 2\^53/),
    ]);
  });

  it('shares an anchored value at each alias, positioned at the alias, and refuses unknown and self-containing aliases', () => {
    const root = parsed('a: &list [x, y]\nb: *list\n');
    const b = entries(root)[1]!.value;
    expect([b.kind, b.pos.line, b.pos.column]).toEqual(['seq', 2, 4]);
    expect(toPlain(root)).toEqual({ a: ['x', 'y'], b: ['x', 'y'] });
    expect(toPlain(parsed('&k 0x10: 1\nb: *k\n'))).toEqual({ '0x10': 1, b: '0x10' });
    expect(problems('a: *nowhere\nb: *again\n')).toEqual([
      '1:4 a: unknown alias *nowhere: define the anchor &nowhere before using it',
      '2:4 b: unknown alias *again: define the anchor &again before using it',
    ]);
    expect(problems('a: &me [1, *me]\n')).toEqual(['1:12 a[1]: the alias *me is inside the node it names (&me): a value cannot contain itself']);
  });

  it('stops an alias bomb at its budget, at the alias that crosses it', () => {
    let list = '&a0 [US, US, US, US, US, US, US, US, US, US]';
    for (let level = 1; level < 10; level++) list = `&a${level} [${list}${`, *a${level - 1}`.repeat(9)}]`;
    const result = parseYaml(`x:\n  y: ${list}\n`, FILE);
    expect(result.root).toBeUndefined();
    expect(result.problems).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining(`aliases copy more than ${MAX_ALIAS_VALUES.toLocaleString('en')} values`) })]);
  });

  it('refuses a file of more keys and values than its budget', () => {
    const result = parseYaml(`a: [${'0,'.repeat(MAX_NODES_PER_FILE)}0]\n`, FILE);
    expect(result.problems).toEqual([expect.objectContaining({ message: expect.stringContaining(`holds more than ${MAX_NODES_PER_FILE.toLocaleString('en')} keys and values`) })]);
  });

  it(`refuses nesting deeper than ${MAX_NESTING} levels with its line, not a stack overflow`, () => {
    const deep = Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    const [problem, ...rest] = parseYaml(`${deep}\n`, FILE).problems;
    expect(rest).toEqual([]);
    expect(problem!.message).toBe(`nested more than ${MAX_NESTING} levels deep: the desired state needs at most a handful; flatten it (is the indentation right?)`);
    expect(problem!.line).toBeGreaterThan(50);
    expect(problem!.line).toBeLessThanOrEqual(MAX_NESTING + 1);
    expect(parseYaml(`a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, FILE).problems[0]!.message).toMatch(/^nested more than/);
  });

  it('counts lines the same with LF, CRLF and CR-only line endings', () => {
    const lines = ['frank@example.com:', '  settings:', '    in_meeting:', '      chat: true', '      chat: false', ''];
    for (const eol of ['\n', '\r\n', '\r']) {
      expect(problems(lines.join(eol))).toEqual([expect.stringMatching(/^5:7 .*duplicate key "chat" \(first written at line 4\)/)]);
    }
    const broken = 'a: 1\r b: 2\r';
    expect(problems(broken)).toEqual([expect.stringMatching(/^2:1 malformed YAML/)]);
  });

  it('reports one syntax error with its position, and a second document at its "---"', () => {
    expect(problems('a:\n  b: 1\n c: 2\n')).toEqual(['3:1 malformed YAML: All mapping items must start at the same column']);
    expect(problems('a: 1\n---\nb: 2\n')).toEqual(['2:1 malformed YAML: a second document starts here ("---"); keep one document per file']);
  });

  it('never throws on YAML-like text: every problem has a line and column inside the text', () => {
    const pieces = ['a', 'b', ':', ': ', '- ', '\n', '\r', '\r\n', '  ', '\t', '[', ']', '{', '}', ',', '"', "'", '&x ', '*x', '!!str ', '!foo ', '? ', '#', '|', '>', '---\n', '%TAG ! tag:x,2000:\n', '0x1f', '1e3', '9999999999999999999', '@'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const lines = text.split(/\r\n|\r|\n/);
        for (const p of parseYaml(text, FILE).problems) {
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.line).toBeLessThanOrEqual(lines.length);
          expect(p.column).toBeGreaterThanOrEqual(1);
          expect(p.column).toBeLessThanOrEqual(lines[p.line - 1]!.length + 1);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps a key named __proto__ a plain key', () => {
    const plain = toPlain(parsed('__proto__: { polluted: true }\n')) as Record<string, unknown>;
    expect(Object.keys(plain)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
