/**
 * The apply journal: JSON lines, appended and flushed to disk (fsync) before the run moves on, so a run cut off by
 * a crash, a CI timeout or Zoom's daily limit can be resumed without re-sending what was applied and verified.
 * Secrets appear only as fingerprints (bodies keep the plan's placeholders).
 */
import { closeSync, createReadStream, fstatSync, fsyncSync, ftruncateSync, lstatSync, mkdirSync, openSync, readSync, realpathSync, statSync, writeSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, relative, resolve, sep, isAbsolute } from 'node:path';
import { createInterface } from 'node:readline';
import { InputError } from '../core/errors.js';
import { journalEntryProblem } from '../core/apply/journal-check.js';
import type { JournalEntry } from '../core/apply/journal-entries.js';

export interface JournalWriter {
  path: string;
  append(entry: JournalEntry): void;
  close(): void;
}

/** What a journal path must not be: the plan being applied, or a place inside the desired state. */
export interface JournalPlace {
  planFile?: string;
  desiredDir?: string;
  /** The journal is read first (resume, rollback), which checks every line itself with a precise message. */
  readFirst?: boolean;
}

/** The path with symlinks resolved as far as it exists (a journal not yet created resolves through its parent). */
export function canonical(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : `${canonical(parent)}${sep}${absolute.slice(parent.length).replace(/^[\\/]+/, '')}`;
  }
}

export function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The first line of a file, up to 64 KiB. */
function firstLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, read).toString('utf8');
    const newline = text.indexOf('\n');
    return newline >= 0 ? text.slice(0, newline) : text;
  } finally {
    closeSync(fd);
  }
}

/** Whether the file's first line is a journal's first record (a `run` entry), so appending to it is safe. */
function startsLikeJournal(path: string): boolean {
  const line = firstLine(path);
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    // A journal whose very first write was cut off by a crash: openJournal drops that fragment.
    return line.startsWith('{"type":"run",');
  }
  return journalEntryProblem(entry) === undefined && (entry as JournalEntry).type === 'run';
}

/**
 * The journal is appended to, so a wrong --journal would corrupt whatever it names. Refuses, before anything is
 * sent: something that is not a regular file; an existing non-empty file whose first line is not a journal run
 * record (a users YAML, a README); the plan file being applied; any path inside the desired-state directory.
 */
export function checkJournalPath(path: string, place: JournalPlace = {}): void {
  const target = canonical(path);
  const refuse = (why: string): never => {
    throw new InputError(`refusing the journal ${path}: ${why}; choose another --journal path`);
  };
  if (place.planFile !== undefined && canonical(place.planFile) === target) refuse('it is the plan file being applied');
  if (place.desiredDir !== undefined && isInside(target, canonical(place.desiredDir))) refuse(`it lies inside the desired-state directory ${place.desiredDir}`);
  let exists = true;
  try {
    lstatSync(path);
  } catch {
    exists = false;
  }
  if (!exists || place.readFirst) return;
  const stat = statSync(path);
  if (!stat.isFile()) refuse('it exists and is not a regular file');
  if (stat.size > 0 && !startsLikeJournal(path)) refuse('it exists and is not a zoom-settings journal (its first line is not a run record)');
}

export function openJournal(path: string, place: JournalPlace = {}): JournalWriter {
  checkJournalPath(path, place);
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a+');
  endWithCompleteLine(fd);
  return {
    path,
    append(entry) {
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      fsyncSync(fd);
    },
    close: () => closeSync(fd),
  };
}

/**
 * A crash (power loss, a full disk) can leave the last line cut off. Appending after it would glue the next entry
 * onto the fragment and turn a tolerated torn end into damage in the middle that no later resume or rollback could
 * read past. So the fragment, an entry that was never complete, is dropped first; a last line that is whole JSON
 * but lacks its newline (an edit by hand) only gets the newline.
 */
function endWithCompleteLine(fd: number): void {
  const size = fstatSync(fd).size;
  let start = size;
  const chunk = Buffer.alloc(64 * 1024);
  while (start > 0) {
    const from = Math.max(0, start - chunk.length);
    const read = readSync(fd, chunk, 0, start - from, from);
    const newline = chunk.subarray(0, read).lastIndexOf(0x0a);
    if (newline >= 0) {
      start = from + newline + 1;
      break;
    }
    start = from;
  }
  if (start === size) return;
  const tail = Buffer.alloc(size - start);
  readSync(fd, tail, 0, tail.length, start);
  try {
    JSON.parse(tail.toString('utf8'));
    writeSync(fd, '\n');
  } catch {
    ftruncateSync(fd, start);
  }
}

/** Every complete entry of a journal; a last line cut off by a crash is ignored. */
export async function readJournal(path: string): Promise<JournalEntry[]> {
  await access(path).catch(() => {
    throw new InputError(`the journal ${path} does not exist`);
  });
  const entries: JournalEntry[] = [];
  const input = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  let torn: number | undefined;
  try {
    for await (const line of input) {
      lineNumber += 1;
      if (line.trim().length === 0) continue;
      // Only a torn final line (a crash mid-write) is tolerated; a bad line followed by good ones means damage.
      if (torn !== undefined) throw new InputError(`the journal ${path} is damaged at line ${torn}; it is not JSON`);
      let entry: unknown;
      try {
        entry = JSON.parse(line);
      } catch {
        torn = lineNumber;
        continue;
      }
      const problem = journalEntryProblem(entry);
      if (problem) throw new InputError(`the journal ${path} is damaged at line ${lineNumber}: ${problem}`);
      entries.push(entry as JournalEntry);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`the journal ${path} could not be read (${(error as Error).message})`);
  }
  if (entries.length === 0) throw new InputError(`${path} is not a zoom-settings journal (no entries)`);
  return entries;
}
