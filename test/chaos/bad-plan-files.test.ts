/**
 * The bad-input corpus, continued past desired-state trees (test/integration/bad-input.test.ts): plan files and
 * journals broken in every way we could think of, fed to `apply PLAN_FILE`, `apply --resume JOURNAL` and
 * `rollback JOURNAL` (the BUILT CLI). Each must exit 1 with a message that names the file, never a stack trace, and
 * send nothing to Zoom: a refused plan file or journal costs no request at all, not even a token. Two controls (an
 * intact plan, an intact journal) prove the setup itself is accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hasStackTrace, runCli, type CliResult } from '../helpers/cli.js';
import { createWorld, userKey, type World } from './world.js';

const GUARDS_OFF = ['--max-changed-percent', '100', '--max-changed-users', '100000'];
let world: World;
let work: string;
/** An intact plan file (made before the world was converged) and its text. */
let planPath: string;
let planText: string;
/** An intact journal of one applied run, its lines, and the run's spill plan. */
let journalPath: string;
let journalLines: string[];
let spillPath: string;

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** A plan edited and then given a checksum that matches again (what a careless tool, not a person, would do). */
function rechecksummed(text: string): string {
  const body = text.slice(0, text.lastIndexOf(',"checksum"'));
  return `${body},"checksum":"${sha256(body)}"}\n`;
}

function lines(text: string): string[] {
  return text.split('\n');
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(args, { cwd: work, env: { ...world.env, ...env }, timeoutMs: 60_000 });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'bad-plan-files-'));
  world = await createWorld({ dir: join(work, 'desired-state'), users: 40, seed: 21 });
  planPath = join(work, 'plan.json');
  const planned = await cli(['plan', '--dir', world.dir, '--out', planPath]);
  if (planned.code !== 0) throw new Error(`setup: plan exited ${planned.code}: ${planned.stderr}`);
  planText = readFileSync(planPath, 'utf8');
  journalPath = join(work, 'journal.jsonl');
  const applied = await cli(['apply', '--auto-approve', '--dir', world.dir, '--journal', journalPath, ...GUARDS_OFF]);
  if (applied.code !== 0) throw new Error(`setup: apply exited ${applied.code}: ${applied.stderr}`);
  journalLines = readFileSync(journalPath, 'utf8').trim().split('\n');
  spillPath = JSON.parse(journalLines[0]!).plan_file as string;
}, 60_000);

/** Broken inputs refused as they should be, for the figures printed at the end. */
let refused = 0;

afterAll(async () => {
  console.log(`bad plan files and journals: ${refused} broken inputs refused (exit 1, the file named, no stack trace, no request sent)`);
  await world?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Case {
  name: string;
  /** Writes the broken input under `dir`; returns the command line and the file the message must name. */
  build(dir: string): { args: string[]; file: string; env?: NodeJS.ProcessEnv };
  /** A substring of the error message. */
  message: string;
}

/** A plan-file case: `apply FILE` with the file's content made by `content` from the intact plan. */
function planCase(name: string, message: string, content: (text: string) => string | Buffer): Case {
  return {
    name,
    message,
    build(dir) {
      const file = join(dir, 'plan.json');
      writeFileSync(file, content(planText));
      return { args: ['apply', file, '--journal', join(dir, 'journal.jsonl'), ...GUARDS_OFF], file };
    },
  };
}

const EDITED = 'its checksum does not match its content: it was edited after `zoom-settings plan` wrote it';
const NO_CHECKSUM = 'it has no checksum at its end: it is truncated, or was not written by `zoom-settings plan --out`';

const PLAN_CASES: Case[] = [
  planCase('a value edited', EDITED, (t) => t.replace('"after":true', '"after":false')),
  planCase('a user renamed', EDITED, (t) => t.replace(userKey(1), 'mallory@chaos.example.com')),
  planCase('a user line deleted', EDITED, (t) => lines(t).filter((_, i) => i !== 2).join('\n')),
  planCase('a user line duplicated', EDITED, (t) => lines(t).flatMap((l, i) => (i === 2 ? [l, l] : [l])).join('\n')),
  planCase('two user lines swapped', EDITED, (t) => {
    const l = lines(t);
    [l[1], l[2]] = [l[2]!.replace(/,$/, ''), `${l[1]!},`];
    return l.join('\n');
  }),
  planCase('a space added to the header', EDITED, (t) => t.replace('{"format_version"', '{ "format_version"')),
  planCase('a digit of the checksum changed', EDITED, (t) => t.replace(/("checksum":"sha256:)(.)/, (_, head: string, c: string) => head + (c === '0' ? '1' : '0'))),
  planCase('format_version 3, checksum left as it was', EDITED, (t) => t.replace('"format_version":2', '"format_version":3')),
  planCase('format_version 3, checksum recomputed', 'it has format_version 3; this zoom-settings reads format_version 2: re-run plan', (t) =>
    rechecksummed(t.replace('"format_version":2', '"format_version":3')),
  ),
  // Format 1 entries were keyed by a user string, not a target (issue 15): refused with what to do.
  planCase('a format 1 plan (an older zoom-settings), checksum recomputed', 'this plan was made by an older zoom-settings (format 1); run plan again', (t) =>
    rechecksummed(t.replace('"format_version":2', '"format_version":1')),
  ),
  planCase('format_version removed, checksum recomputed', 'it has format_version undefined', (t) => rechecksummed(t.replace('"format_version":2,', ''))),
  planCase('another kind of document, checksum recomputed', 'it is not a zoom-settings plan (kind "terraform-plan")', (t) => rechecksummed(t.replace('"kind":"zoom-settings-plan"', '"kind":"terraform-plan"'))),
  planCase('the header is not JSON, checksum recomputed', 'its header is not valid JSON', (t) => rechecksummed(t.replace('"kind":', '"kind"::'))),
  planCase('checksummed, but not a plan', 'its first line is not a plan header', () => rechecksummed('{"not":"a plan"}\n,"checksum":"x"}')),
  planCase('the checksum removed', NO_CHECKSUM, (t) => t.replace(/,"checksum":"[^"]+"\}\n$/, '}\n')),
  planCase('truncated at half', NO_CHECKSUM, (t) => t.slice(0, Math.floor(t.length / 2))),
  planCase('the last line cut off', NO_CHECKSUM, (t) => lines(t).slice(0, -2).join('\n')),
  planCase('two bytes short', NO_CHECKSUM, (t) => t.slice(0, -3)),
  planCase('an empty file', 'it is empty', () => ''),
  planCase('a single newline', NO_CHECKSUM, () => '\n'),
  planCase('plain text', NO_CHECKSUM, () => 'apply everything please\n'),
  planCase('a YAML file', NO_CHECKSUM, () => 'format_version: 1\nusers: []\n'),
  planCase('JSON, but not a plan', NO_CHECKSUM, () => '{"hello":"world"}\n'),
  planCase('a JSON array', NO_CHECKSUM, () => '[]\n'),
  planCase('binary bytes', NO_CHECKSUM, () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff, 0xfe])),
  planCase('6 MB on one line', NO_CHECKSUM, () => 'x'.repeat(6 * 1024 * 1024)),
  planCase('two plans concatenated', EDITED, (t) => t + t),
  planCase('a UTF-8 byte order mark added', EDITED, (t) => `\ufeff${t}`),
  planCase('the text rendering saved as the plan file', NO_CHECKSUM, () => `~ ${userKey(1)}  (1 change, 1 request)\n    in_meeting.waiting_room: false → true\n`),
  {
    name: 'the Markdown rendering saved as the plan file',
    message: NO_CHECKSUM,
    build(dir) {
      const file = join(dir, 'plan.md');
      writeFileSync(file, '<!-- zoom-settings-plan -->\n## zoom-settings plan\n\n| users | change |\n|---|---|\n| 40 | 9 |\n');
      return { args: ['apply', file, ...GUARDS_OFF], file };
    },
  },
  {
    name: 'a directory',
    message: 'it could not be read',
    build(dir) {
      const file = join(dir, 'plan.json');
      mkdirSync(file);
      return { args: ['apply', file, ...GUARDS_OFF], file };
    },
  },
  {
    name: 'a file that does not exist',
    message: 'it does not exist',
    build: (dir) => ({ args: ['apply', join(dir, 'missing.json'), ...GUARDS_OFF], file: join(dir, 'missing.json') }),
  },
  {
    name: 'made for another account',
    message: 'it was made for account sim-account, but the credentials are for other-account',
    build: () => ({ args: ['apply', planPath, ...GUARDS_OFF], file: planPath, env: { ZOOM_ACCOUNT_ID: 'other-account' } }),
  },
  {
    name: 'the desired state changed since the plan',
    message: 'has changed since the plan was made',
    build(dir) {
      // A plan made from its own copy of the desired state, which someone edits afterwards.
      const copy = join(dir, 'desired-state');
      cpSync(world.dir, copy, { recursive: true });
      const file = join(dir, 'plan.json');
      const text = planText.replace(JSON.stringify(world.dir), JSON.stringify(copy));
      writeFileSync(file, rechecksummed(text));
      writeFileSync(join(copy, 'defaults.yaml'), readFileSync(join(copy, 'defaults.yaml'), 'utf8').replace('chat: true', 'chat: false'));
      return { args: ['apply', file, ...GUARDS_OFF], file };
    },
  },
  {
    name: 'applied with --dir naming another desired state',
    message: 'has changed since the plan was made (or is another directory)',
    build: () => ({ args: ['apply', planPath, '--dir', resolve('desired-state'), ...GUARDS_OFF], file: planPath }),
  },
];

/** Journal cases run twice: `apply --resume` and `rollback` must both refuse them. */
interface JournalCase {
  name: string;
  message: string;
  /** The journal's content, from the intact journal's lines (`dir` holds the case's files); or the path to pass. */
  content?: (lines: string[], dir: string) => string | Buffer;
  path?: (dir: string) => string;
  /** Commands that read this damage (default both). */
  commands?: Array<'resume' | 'rollback'>;
  /** Done before the run, for damage outside the journal (its plan file). */
  prepare?: (dir: string) => void;
  extraArgs?: string[];
  /** The file the message names, when it is not the journal. */
  names?: () => string;
}

const edit = (mutate: (entry: Record<string, unknown>, dir: string) => void, type?: string) => (ls: string[], dir: string) =>
  `${ls
    .map((l) => {
      const entry = JSON.parse(l) as Record<string, unknown>;
      if (type === undefined || entry.type === type) mutate(entry, dir);
      return JSON.stringify(entry);
    })
    .join('\n')}\n`;

const JOURNAL_CASES: JournalCase[] = [
  { name: 'does not exist', message: 'does not exist', path: (dir) => join(dir, 'missing.jsonl') },
  { name: 'is a directory', message: 'could not be read', path: (dir) => (mkdirSync(join(dir, 'j.jsonl')), join(dir, 'j.jsonl')) },
  { name: 'is empty', message: 'is not a zoom-settings journal (no entries)', content: () => '' },
  { name: 'is plain text', message: 'is not a zoom-settings journal (no entries)', content: () => 'resume from here\n' },
  { name: 'is binary', message: 'is damaged at line 1; it is not JSON', content: () => Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0a, 0xfe]) },
  { name: 'has a line that is not JSON in the middle', message: 'is damaged at line 2; it is not JSON', content: (ls) => `${[ls[0], '{"type":"user",', ...ls.slice(1)].join('\n')}\n` },
  { name: 'has a null line', message: 'is damaged at line 2', content: (ls) => `${[ls[0], 'null', ...ls.slice(1)].join('\n')}\n` },
  { name: 'has an array line', message: 'is damaged at line 2', content: (ls) => `${[ls[0], '[]', ...ls.slice(1)].join('\n')}\n` },
  { name: 'has an entry of an unknown type', message: 'is damaged at line 2', content: (ls) => `${[ls[0], '{"type":"checkpoint","run":"x"}', ...ls.slice(1)].join('\n')}\n` },
  { name: 'has a run entry without its plan file', message: 'is damaged at line 1', content: edit((e) => delete e.plan_file, 'run') },
  { name: 'has a run entry whose id is a number', message: 'is damaged at line 1', content: edit((e) => (e.run = 5), 'run') },
  { name: 'has a user entry without the user', message: 'is damaged at line', content: edit((e) => delete e.user, 'user') },
  { name: 'has a user entry whose changes are not a list', message: 'is damaged at line', content: edit((e) => (e.changes = 'all of them'), 'user') },
  { name: 'has a user entry with an unknown result', message: 'is damaged at line', content: edit((e) => (e.result = 'done'), 'user') },
  { name: 'has a change without its before and after', message: 'is damaged at line', content: edit((e) => (e.changes = (e.changes as Array<Record<string, unknown>>).map(() => ({}))), 'user') },
  { name: 'records no run', message: 'records no run', content: (ls) => `${ls.filter((l) => !l.includes('"type":"run"')).join('\n')}\n` },
  { name: 'does not have the run asked for', message: 'run 20990101T000000Z-abcdef is not in', content: (ls) => `${ls.join('\n')}\n`, extraArgs: ['--run', '20990101T000000Z-abcdef'] },
  {
    name: "lost its run's plan file",
    message: 'it does not exist',
    commands: ['resume'],
    content: edit((e) => (e.plan_file = join(work, 'gone.plan.json')), 'run'),
    names: () => join(work, 'gone.plan.json'),
  },
  {
    name: "points at a plan file edited since",
    message: EDITED,
    commands: ['resume'],
    prepare: (dir) => writeFileSync(join(dir, 'edited.plan.json'), readFileSync(spillPath, 'utf8').replace('"after":true', '"after":false')),
    content: edit((e, dir) => (e.plan_file = join(dir, 'edited.plan.json')), 'run'),
    names: () => 'edited.plan.json',
  },
  {
    name: 'points at another valid plan',
    message: 'is not the plan run',
    commands: ['resume'],
    content: edit((e) => (e.plan_file = planPath), 'run'),
    names: () => planPath,
  },
  {
    name: 'records a run for another account',
    message: 'but the credentials are for sim-account',
    commands: ['rollback'],
    content: edit((e) => (e.account = 'other-account'), 'run'),
  },
];

function expectRefused(result: CliResult, file: string, message: string): void {
  const summary = { code: result.code, stackTrace: hasStackTrace(result.stderr) || hasStackTrace(result.stdout), names: result.stderr.includes(file), message: result.stderr.includes(message) };
  expect({ ...summary, stderr: summary.names && summary.message ? '' : result.stderr }).toEqual({ code: 1, stackTrace: false, names: true, message: true, stderr: '' });
}

function expectNothingSent(): void {
  expect(world.sim.requestLog).toEqual([]);
  refused += 1;
}

describe('bad plan files: apply refuses each, names the file, sends nothing', () => {
  it('control: an intact plan file is accepted', async () => {
    world.sim.setSetting(userKey(2), 'default', ['in_meeting', 'waiting_room'], false);
    const fresh = join(work, 'control.plan.json');
    expect((await cli(['plan', '--dir', world.dir, '--out', fresh])).code).toBe(0);
    world.sim.clearLog();
    const result = await cli(['apply', fresh, '--journal', join(work, 'control.jsonl'), ...GUARDS_OFF]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(world.sim.requestLog.filter((e) => e.method === 'PATCH').map((e) => e.user)).toEqual([userKey(2)]);
  });

  it.each(PLAN_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const dir = mkdtempSync(join(work, 'case-'));
    const { args, file, env } = c.build(dir);
    world.sim.clearLog();
    const result = await cli(args, env);
    expectRefused(result, file, c.message);
    expect(existsSync(join(dir, 'journal.jsonl'))).toBe(false);
    expectNothingSent();
  });
});

describe('damaged journals: apply --resume and rollback refuse each, name the file, send nothing', () => {
  it('control: an intact journal resumes (nothing left to do)', async () => {
    const copy = join(mkdtempSync(join(work, 'case-')), 'journal.jsonl');
    writeFileSync(copy, `${journalLines.join('\n')}\n`);
    world.sim.clearLog();
    const result = await cli(['apply', '--resume', copy]);
    expect(result.code).toBe(0);
    expect(world.sim.requestLog.filter((e) => e.method === 'PATCH')).toEqual([]);
  });

  const runs = JOURNAL_CASES.flatMap((c) => (c.commands ?? ['resume', 'rollback']).map((command) => [`${command}: the journal ${c.name}`, c, command] as const));
  it.each(runs)('%s', async (_name, c, command) => {
    const dir = mkdtempSync(join(work, 'case-'));
    c.prepare?.(dir);
    let path = join(dir, 'journal.jsonl');
    if (c.path) path = c.path(dir);
    else writeFileSync(path, c.content!(journalLines, dir));
    world.sim.clearLog();
    const args = command === 'resume' ? ['apply', '--resume', path] : ['rollback', path, '--auto-approve', ...GUARDS_OFF];
    const result = await cli([...args, ...(c.extraArgs ?? [])]);
    expectRefused(result, c.names ? c.names() : path, c.message);
    expectNothingSent();
  });
});

describe('a journal whose last line a crash cut off', () => {
  it('is tolerated, and stays readable after a resume appends to it: a later rollback reads it whole', async () => {
    const path = join(mkdtempSync(join(work, 'case-')), 'journal.jsonl');
    writeFileSync(path, `${journalLines.join('\n')}\n{"type":"user","run":"${JSON.parse(journalLines[0]!).run as string}","us`);
    const resumed = await cli(['apply', '--resume', path]);
    expect({ code: resumed.code, stderr: resumed.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('resuming run') });
    // The fragment is gone; every line is a whole entry again.
    expect(() => readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown)).not.toThrow();
    world.sim.clearLog();
    const rolled = await cli(['rollback', path, '--auto-approve', ...GUARDS_OFF]);
    expect({ code: rolled.code, damaged: rolled.stderr.includes('damaged') }).toEqual({ code: 0, damaged: false });
    expect(world.sim.requestLog.filter((e) => e.method === 'PATCH').length).toBeGreaterThan(0);
  });
});
