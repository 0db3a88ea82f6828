/**
 * The apply journal: JSON lines, appended and flushed to disk (fsync) before the run moves on, so a run cut off by
 * a crash, a CI timeout or Zoom's daily limit can be resumed without re-sending what was applied and verified.
 * Secrets appear only as fingerprints (bodies keep the plan's placeholders).
 */
import { closeSync, createReadStream, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { InputError } from '../core/errors.js';
import type { JournalEntry } from '../core/apply/journal-entries.js';

export interface JournalWriter {
  path: string;
  append(entry: JournalEntry): void;
  close(): void;
}

export function openJournal(path: string): JournalWriter {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a');
  return {
    path,
    append(entry) {
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      fsyncSync(fd);
    },
    close: () => closeSync(fd),
  };
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
  for await (const line of input) {
    lineNumber += 1;
    if (line.trim().length === 0) continue;
    // Only a torn final line (a crash mid-write) is tolerated; a bad line followed by good ones means damage.
    if (torn !== undefined) throw new InputError(`the journal ${path} is damaged at line ${torn}; it is not JSON`);
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch {
      torn = lineNumber;
    }
  }
  if (entries.length === 0) throw new InputError(`${path} is not a zoom-settings journal (no entries)`);
  return entries;
}
