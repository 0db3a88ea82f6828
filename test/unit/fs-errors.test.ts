/**
 * File-system errors reach the user as words with the path and what to do, never as `Error: EACCES ...`.
 * Tests run as root, for whom chmod does not take read or write access away, and a full disk cannot be made here:
 * EACCES and ENOSPC are checked on the error objects Node throws (same code, same shape), the rest on real files.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/core/errors.js';
import { fsErrorWords } from '../../src/io/fs-errors.js';
import { writeOutputFiles } from '../../src/io/import-files.js';

const TEMP = mkdtempSync(join(tmpdir(), 'zoom-settings-fs-errors-'));
afterAll(() => rmSync(TEMP, { recursive: true, force: true }));

/** An error as node:fs throws it. */
function nodeError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: something, ${syscall} '${path}'`), { code, syscall, path, errno: -1 });
}

describe('fsErrorWords', () => {
  it.each([
    ['EACCES', 'read', 'cannot be read: permission denied (EACCES): give the user running zoom-settings read access to it'],
    ['EACCES', 'write', 'cannot be written: permission denied (EACCES): give the user running zoom-settings write access to it'],
    ['ENOSPC', 'write', 'cannot be written: no space left on the device (ENOSPC): free some space, or write to another disk'],
    ['EISDIR', 'read', 'cannot be read: it is a directory, where a file was expected (EISDIR)'],
    ['ELOOP', 'read', 'cannot be read: it is a symbolic link loop (ELOOP)'],
  ] as const)('%s (%s) says so in words', (code, action, words) => {
    const sentence = fsErrorWords(nodeError(code, 'open', '/x/users/a.yaml'), action);
    expect(sentence).toContain(words);
    expect(sentence).not.toMatch(/Error:|something/);
  });

  it('keeps the code and first line of an error it has no words for', () => {
    expect(fsErrorWords(nodeError('EXDEV', 'rename', '/x'), 'write')).toBe("cannot be written: EXDEV: EXDEV: something, rename '/x'");
  });
});

describe('writeOutputFiles refuses what it cannot write, in words', () => {
  const file = { relPath: 'users/imported.yaml', text: 'a@example.com: {}\n' };

  it('does not block on a FIFO in the way, even with --force', async () => {
    const dir = join(TEMP, 'fifo');
    mkdirSync(join(dir, 'users'), { recursive: true });
    execFileSync('mkfifo', [join(dir, 'users/imported.yaml')]);
    await expect(writeOutputFiles(dir, [file], true)).rejects.toThrow(`${join(dir, 'users/imported.yaml')} is not a regular file (a FIFO, socket or device): remove it, or use --out-dir; nothing was written`);
    await expect(writeOutputFiles(dir, [file], false)).rejects.toThrow(/refusing to overwrite 1 existing file/);
  });

  it('names a directory in the way', async () => {
    const dir = join(TEMP, 'directory');
    mkdirSync(join(dir, 'users/imported.yaml'), { recursive: true });
    await expect(writeOutputFiles(dir, [file], true)).rejects.toThrow('is a directory, where the import writes a file');
  });

  it('turns a failed write into an InputError naming the path and what was written before it', async () => {
    const dir = join(TEMP, 'not-a-directory');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'users'), 'a file where the users directory goes\n');
    const first = { relPath: 'defaults.yaml', text: 'settings: {}\n' };
    const error = await writeOutputFiles(dir, [first, file], true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(
      `${join(dir, 'users/imported.yaml')} cannot be written: a file is in the way where a directory is needed (EEXIST): move it away, or use another directory (1 file was written before it)`,
    );
    expect(readFileSync(join(dir, 'defaults.yaml'), 'utf8')).toBe(first.text);
  });
});
