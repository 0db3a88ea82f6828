/**
 * The bad-input corpus: every way a desired-state tree can be broken, one defect per tree. Each case must exit 1 (0
 * only for the deprecated-setting warning), name the file, file:line:column, the settings path and the message, in
 * text and in `--format json`, with no stack trace.
 *
 * Validation is pure, so the cases run in-process through `main(argv, io)`, the function the binary calls, with its
 * output captured (120 child processes took 44 s). A few cases also run through the BUILT CLI as a child process
 * (`npm run build` first), for the exit code and stderr as a user sees them: CLI_CASES.
 *
 * Stored cases live in test/fixtures/bad-input/<case>/ with an expected.json beside the tree (the validator ignores
 * it: it is neither defaults.yaml, profiles/*.yaml nor users/*.yaml). Cases git cannot hold as plain files (a 10 MB
 * file, binary, UTF-16 and non-UTF-8 bytes, CR-only line endings, symlinks, a FIFO, an empty directory, huge
 * generated lists, an alias bomb, deep nesting) are built by GENERATED below into a temp dir.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { MAX_ALIAS_VALUES, MAX_NESTING, MAX_NODES_PER_FILE } from '../../src/core/desired/parse-yaml.js';
import { MAX_PROBLEMS_PER_FILE } from '../../src/core/desired/problems.js';
import { MAX_FILE_BYTES } from '../../src/io/desired-state-files.js';
import { createLogger } from '../../src/io/logger.js';
import { main } from '../../src/main.js';
import { hasStackTrace, runCli, type CliResult } from '../helpers/cli.js';

/** expected.json: what the one defect must produce. `file` is relative to the case directory ("." is the directory). */
interface Expected {
  defect: string;
  /** 1 unless stated (the deprecated-setting warning exits 0). */
  exitCode?: 0 | 1;
  severity?: 'error' | 'warning';
  file: string;
  line?: number;
  column?: number;
  path?: string;
  /** A substring of the problem's message. */
  message: string;
  /** Text that must appear nowhere in stdout or stderr (passcodes). */
  mustNotContain?: string[];
  /** Problems counted by the report; 1 unless stated (each tree holds exactly one defect). */
  errors?: number;
  /** Problems listed in the report, when the list is shortened. */
  listed?: number;
  /** Further substrings the text output must contain. */
  alsoMessages?: string[];
  /** Users the report counts: proves a refused file was not read. */
  users?: number;
}

interface JsonProblem {
  severity: string;
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}

interface JsonReport {
  valid: boolean;
  users: number;
  errors: number;
  warnings: number;
  problems: JsonProblem[];
}

const FIXTURES = resolve('test/fixtures/bad-input');
const TEMP = mkdtempSync(join(tmpdir(), 'zoom-settings-bad-input-'));

afterAll(() => rmSync(TEMP, { recursive: true, force: true }));

const storedCases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function readExpected(name: string): Expected {
  return JSON.parse(readFileSync(join(FIXTURES, name, 'expected.json'), 'utf8')) as Expected;
}

async function put(dir: string, relPath: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(join(dir, relPath)), { recursive: true });
  await writeFile(join(dir, relPath), content);
}

const VALID_USER = 'frank@example.com:\n  profiles: []\n';

/** Builds a tree of one valid user, then adds the defect: it is the only thing wrong. */
function withValidUser(addDefect: (dir: string) => unknown): (dir: string) => Promise<string> {
  return async (dir) => {
    await put(dir, 'users/sales.yaml', VALID_USER);
    await addDefect(dir);
    return dir;
  };
}

/** A list of `count` YAML lines `        - <item>` (under a key at column 7). */
function blockList(count: number, item: (i: number) => string): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(`        - ${item(i)}\n`);
  return lines.join('');
}

/** Ten anchors, each a list of ten aliases to the one before: 10^10 values once expanded (billion laughs). */
function aliasBomb(): string {
  let list = '&a0 [US, US, US, US, US, US, US, US, US, US]';
  for (let level = 1; level < 10; level++) list = `&a${level} [${list}${`, *a${level - 1}`.repeat(9)}]`;
  return `frank@example.com:\n  settings:\n    in_meeting:\n      data_center_regions: ${list}\n`;
}

interface GeneratedCase {
  name: string;
  /** Fills `dir` (which does not exist yet); returns the --dir argument. */
  build(dir: string): Promise<string>;
  expected: Expected;
}

const GENERATED: GeneratedCase[] = [
  {
    name: 'empty-directory',
    build: async (dir) => (await mkdir(dir, { recursive: true }), dir),
    expected: { defect: 'an empty directory', file: '.', message: 'holds no desired-state files (defaults.yaml, account.yaml, groups/<name>.yaml, profiles/<name>.yaml, users/*.yaml): is --dir right?' },
  },
  {
    name: 'missing-directory',
    build: async (dir) => dir,
    expected: { defect: 'a directory that does not exist', file: '.', message: 'desired-state directory does not exist (use --dir to name it)' },
  },
  {
    name: 'directory-is-a-file',
    build: async (dir) => (await put(dir, 'defaults.yaml', 'settings: {}\n'), join(dir, 'defaults.yaml')),
    expected: { defect: '--dir names a file', file: '.', message: 'is not a directory: --dir must name the desired-state directory' },
  },
  {
    name: 'not-utf8',
    build: async (dir) => {
      // "café" in Latin-1: 0xE9 is not UTF-8.
      await put(dir, 'users/sales.yaml', Buffer.from('frank@example.com:\n  settings:\n    in_meeting:\n      chat: true # caf\xe9\n', 'latin1'));
      return dir;
    },
    expected: { defect: 'a Latin-1 file', file: 'users/sales.yaml', line: 4, column: 23, message: 'is not UTF-8 text: byte 0xE9 here is not UTF-8' },
  },
  {
    name: 'binary-file',
    build: async (dir) => (await put(dir, 'users/sales.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d])), dir),
    expected: { defect: 'a PNG header saved as a users file', file: 'users/sales.yaml', message: 'is a binary file, not YAML text' },
  },
  {
    name: 'ten-megabyte-file',
    build: async (dir) => {
      // Valid YAML of about 200,000 users: refused by size before it is read, so its users never count.
      const entry = (i: number): string => `user${String(i).padStart(7, '0')}@example.com:\n  profiles: []\n`;
      const count = Math.ceil((10 * 1024 * 1024) / entry(0).length);
      await put(dir, 'users/big.yaml', Array.from({ length: count }, (_, i) => entry(i)).join(''));
      await put(dir, 'users/sales.yaml', VALID_USER);
      return dir;
    },
    expected: {
      defect: 'a 10 MB users file',
      file: 'users/big.yaml',
      message: `MiB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MiB per file: split the users across several files`,
      users: 1,
    },
  },
  {
    name: 'symlink-outside',
    build: async (dir) => {
      const outside = join(TEMP, 'outside-the-tree');
      await put(outside, 'mallory.yaml', 'mallory@example.com:\n  profiles: []\n');
      await put(dir, 'users/sales.yaml', VALID_USER);
      await symlink(join(outside, 'mallory.yaml'), join(dir, 'users/mallory.yaml'));
      return dir;
    },
    expected: {
      defect: 'a users file that is a symlink to a file outside the tree',
      file: 'users/mallory.yaml',
      message: 'is a symbolic link to a place outside the desired-state directory; refusing to read it',
      mustNotContain: ['mallory@example.com'],
      users: 1,
    },
  },
  {
    name: 'enormous-array',
    build: async (dir) => {
      const head = 'frank@example.com:\n  settings:\n    meeting_security:\n      block_user_domain: true\n      block_user_domain_list:\n';
      await put(dir, 'users/sales.yaml', head + blockList(100_000, (i) => `blocked${i}.example.net`));
      return dir;
    },
    expected: {
      defect: 'block_user_domain_list with 100,000 items',
      file: 'users/sales.yaml',
      line: 6,
      column: 9,
      path: 'meeting_security.block_user_domain_list',
      message: 'expected at most 20 items, found 100000',
    },
  },
  {
    name: 'many-bad-list-items',
    build: async (dir) => {
      const items = Array.from({ length: 20_000 }, () => 'XX').join(', ');
      await put(dir, 'users/sales.yaml', `frank@example.com:\n  settings:\n    in_meeting:\n      data_center_regions: [${items}]\n`);
      return dir;
    },
    expected: {
      defect: '20,000 list items outside the enum: the report lists the first ones and counts the rest',
      file: 'users/sales.yaml',
      line: 4,
      column: 29,
      path: 'in_meeting.data_center_regions[0]',
      message: 'found string "XX"',
      errors: 20_000,
      listed: MAX_PROBLEMS_PER_FILE + 1,
      alsoMessages: [`${(20_000 - MAX_PROBLEMS_PER_FILE).toLocaleString('en')} more problems in this file are not listed`],
    },
  },
  {
    name: 'too-many-values',
    build: async (dir) => {
      const numbers = '0,'.repeat(MAX_NODES_PER_FILE) + '0';
      await put(dir, 'users/sales.yaml', `frank@example.com:\n  settings:\n    in_meeting:\n      data_center_regions: [${numbers}]\n`);
      return dir;
    },
    expected: {
      defect: `a list of more values than a file may hold (${MAX_NODES_PER_FILE.toLocaleString('en')}), refused before the YAML tree is built`,
      file: 'users/sales.yaml',
      message: `holds more than ${MAX_NODES_PER_FILE.toLocaleString('en')} keys and values: split it into several files`,
    },
  },
  {
    name: 'alias-bomb',
    build: async (dir) => (await put(dir, 'users/sales.yaml', aliasBomb()), dir),
    expected: {
      defect: 'nested aliases that expand to 10^10 values',
      file: 'users/sales.yaml',
      line: 4,
      message: `aliases copy more than ${MAX_ALIAS_VALUES.toLocaleString('en')} values (an alias bomb?)`,
    },
  },
  {
    name: 'fifo-in-users',
    // A FIFO with no writer: opening it to read would block validate forever.
    build: withValidUser((dir) => execFileSync('mkfifo', [join(dir, 'users/team.yaml')])),
    expected: { defect: 'a FIFO (named pipe) where a users file would be', file: 'users/team.yaml', message: 'is a FIFO (named pipe), not a regular file: only regular files are read; remove it', users: 1 },
  },
  {
    name: 'symlink-loop-file',
    build: withValidUser((dir) => symlink('loop.yaml', join(dir, 'users/loop.yaml'))),
    expected: { defect: 'a users file that is a symbolic link to itself', file: 'users/loop.yaml', message: 'is a symbolic link loop: it never reaches a file; remove it', users: 1 },
  },
  {
    name: 'symlink-loop-directory',
    // users/again → users: walked naively, users/again/again/... reads sales.yaml 40 times (40 "same user" errors).
    build: withValidUser((dir) => symlink('.', join(dir, 'users/again'))),
    expected: { defect: 'a directory link back to its own directory', file: 'users/again', message: 'which is read already: remove the link', users: 1 },
  },
  {
    name: 'symlink-to-a-file-read-already',
    // Before, the one user was read twice and reported as "a user in two files".
    build: withValidUser((dir) => symlink('sales.yaml', join(dir, 'users/sales-copy.yaml'))),
    expected: { defect: 'a users file that is a link to another users file', file: 'users/sales-copy.yaml', message: 'users/sales.yaml, which is read already: remove the link (its users would be defined twice)', users: 1 },
  },
  {
    name: 'hidden-users-directory',
    build: withValidUser((dir) => put(dir, 'users/.archive/team.yaml', 'grace@example.com:\n  profiles: []\n')),
    expected: {
      defect: 'a hidden directory under users/: not read, and said so',
      exitCode: 0,
      severity: 'warning',
      file: 'users/.archive',
      message: 'ignored: a hidden directory (its name starts with "."): its files are not read',
      users: 1,
    },
  },
  {
    name: 'deep-nesting',
    build: async (dir) => {
      const levels = Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i + 2)}level${i}:`).join('\n');
      await put(dir, 'users/sales.yaml', `frank@example.com:\n  settings:\n${levels}\n`);
      return dir;
    },
    expected: {
      defect: 'mappings nested 200 deep (a stack overflow before)',
      file: 'users/sales.yaml',
      line: MAX_NESTING,
      column: 1,
      message: `nested more than ${MAX_NESTING} levels deep`,
    },
  },
  {
    name: 'utf16-file',
    build: async (dir) => {
      await put(dir, 'users/sales.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(VALID_USER, 'utf16le')]));
      return dir;
    },
    expected: { defect: 'a users file saved as UTF-16 (with its byte order mark)', file: 'users/sales.yaml', message: 'is UTF-16LE text: UTF-16 is not supported; save the file as UTF-8' },
  },
  {
    name: 'cr-only-line-endings',
    build: async (dir) => {
      await put(dir, 'users/sales.yaml', 'frank@example.com:\r  settings:\r    in_meeting:\r      waiting_room: yes\r');
      return dir;
    },
    expected: {
      defect: 'old Mac line endings (CR only): the problem is reported at the line an editor shows',
      file: 'users/sales.yaml',
      line: 4,
      column: 21,
      path: 'in_meeting.waiting_room',
      message: 'expected true or false (YAML 1.2 reads yes/no/on/off as text), found string "yes"',
    },
  },
];

/** The text line that reports the problem: `file:line:column path: message`. */
function findTextLine(stdout: string, file: string, expected: Expected): string | undefined {
  let where = `${file}:`;
  if (expected.line !== undefined) where += `${expected.line}:`;
  if (expected.column !== undefined) where = `${file}:${expected.line}:${expected.column} `;
  const pathPart = expected.path ? ` ${expected.path}: ` : '';
  return stdout.split('\n').find((line) => line.startsWith(where) && line.includes(pathPart) && line.includes(expected.message));
}

function expectNoLeak(result: CliResult, expected: Expected): void {
  expect(hasStackTrace(result.stdout)).toBe(false);
  // Compared whole first, so a failure shows what was printed.
  expect(result.stderr).toBe('');
  expect(hasStackTrace(result.stderr)).toBe(false);
  for (const secret of expected.mustNotContain ?? []) {
    expect(result.stdout).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
  }
}

/** Runs the CLI's `main` in this process, as the binary does, with stdout and stderr (logs included) captured. */
async function runInProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const capture = (append: (text: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        append(chunk.toString());
        done();
      },
    });
  const stderrStream = capture((text) => (stderr += text));
  const code = await main(args, {
    stdout: capture((text) => (stdout += text)),
    stderr: stderrStream,
    stdin: new PassThrough(),
    env,
    cwd: process.cwd(),
    logger: createLogger('warn', stderrStream),
  });
  return { code, signal: null, stdout, stderr };
}

type Runner = (args: string[]) => Promise<CliResult>;

async function checkCase(dir: string, expected: Expected, run: Runner = runInProcess): Promise<void> {
  const exitCode = expected.exitCode ?? 1;
  const severity = expected.severity ?? 'error';
  const file = join(dir, expected.file);
  const errors = expected.errors ?? (severity === 'error' ? 1 : 0);
  const warnings = severity === 'warning' ? 1 : 0;

  const text = await run(['validate', '--dir', dir]);
  expectNoLeak(text, expected);
  expect({ code: text.code, line: findTextLine(text.stdout, file, expected) }).toEqual({ code: exitCode, line: expect.any(String) });
  if (severity === 'warning') expect(findTextLine(text.stdout, file, expected)).toContain('warning: ');
  for (const message of expected.alsoMessages ?? []) expect(text.stdout).toContain(message);

  const json = await run(['validate', '--dir', dir, '--format', 'json']);
  expectNoLeak(json, expected);
  expect(json.code).toBe(exitCode);
  const report = JSON.parse(json.stdout) as JsonReport;
  expect({ valid: report.valid, errors: report.errors, warnings: report.warnings, listed: report.problems.length }).toEqual({
    valid: exitCode === 0,
    errors,
    warnings,
    listed: expected.listed ?? errors + warnings,
  });
  const wanted: Record<string, unknown> = { severity, file, message: expect.stringContaining(expected.message) };
  if (expected.line !== undefined) wanted.line = expected.line;
  if (expected.column !== undefined) wanted.column = expected.column;
  if (expected.path !== undefined) wanted.path = expected.path;
  expect(report.problems).toContainEqual(expect.objectContaining(wanted));
  if (expected.users !== undefined) expect(report.users).toBe(expected.users);
}

describe('bad-input corpus: validate reports one clear problem per broken tree', () => {
  it('has at least 40 stored cases, each with an expected.json', () => {
    expect(storedCases.length).toBeGreaterThanOrEqual(40);
    for (const name of storedCases) expect(readExpected(name).message.length).toBeGreaterThan(0);
  });

  it('accepts the example desired state (exit 0, no problems)', async () => {
    // With its passcode variable set: an unset one is a warning (test/integration/secret-variables.test.ts).
    const result = await runInProcess(['validate', '--dir', 'desired-state', '--format', 'json'], { ZOOM_EXEC_PMI_PASSCODE: '55501234' });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ valid: true, errors: 0, warnings: 0, problems: [] });
  });

  it.each(storedCases)('%s', async (name) => {
    await checkCase(join(FIXTURES, name), readExpected(name));
  });

  it.each(GENERATED.map((c) => [c.name, c] as const))('%s (generated)', async (name, generated) => {
    const dir = await generated.build(join(TEMP, name));
    await checkCase(dir, generated.expected);
  });
});

/** Cases that also run through the built binary: a syntax error, a warning (exit 0), a refused file, a FIFO. */
const CLI_CASES = ['malformed-yaml', 'deprecated-warning', 'wrong-type-bool-yes'];
const CLI_GENERATED = ['binary-file', 'fifo-in-users'];

describe('bad-input corpus through the built CLI (exit codes, stderr, no stack trace)', () => {
  it.concurrent.each(CLI_CASES)('%s (child process)', async (name) => {
    await checkCase(join(FIXTURES, name), readExpected(name), runCli);
  });

  it.concurrent.each(CLI_GENERATED)('%s (generated, child process)', async (name) => {
    const generated = GENERATED.find((c) => c.name === name)!;
    const dir = await generated.build(join(TEMP, `cli-${name}`));
    await checkCase(dir, generated.expected, runCli);
  });
});
