/**
 * Reads a desired-state directory safely: only files inside it (a symlink leading outside is refused), at most
 * MAX_FILE_BYTES each (a 10 MB file is an error, not a hang), UTF-8 text only (binary and other encodings are
 * refused with the file named). Returns the files and a hash of their content for plans.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { fileKind } from '../core/desired/documents.js';
import type { DesiredFile } from '../core/desired/model.js';
import { fileProblem, problemAt, type Problem } from '../core/desired/problems.js';

export const MAX_FILE_BYTES = 4 * 1024 * 1024;

export interface DesiredFiles {
  files: DesiredFile[];
  problems: Problem[];
  /** sha256 over every loaded file's relative path and content. */
  hash: string;
}

export async function readDesiredStateFiles(dir: string): Promise<DesiredFiles> {
  const problems: Problem[] = [];
  let root: string;
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) return { files: [], problems: [fileProblem(dir, 'is not a directory: --dir must name the desired-state directory')], hash: '' };
    root = await realpath(dir);
  } catch {
    return { files: [], problems: [fileProblem(dir, 'desired-state directory does not exist (use --dir to name it)')], hash: '' };
  }
  const files: DesiredFile[] = [];
  const visit = async (relDir: string): Promise<void> => {
    const entries = await readdir(join(dir, relDir), { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const item of entries) {
      if (item.name.startsWith('.')) continue; // .schema/, .git/, editor files
      const relPath = relDir ? `${relDir}/${item.name}` : item.name;
      const shown = join(dir, relPath);
      let isDir = item.isDirectory();
      if (item.isSymbolicLink()) {
        const target = await realpath(join(dir, relPath)).catch(() => undefined);
        if (!target || (target !== root && !target.startsWith(root + sep))) {
          problems.push(fileProblem(shown, 'is a symbolic link to a place outside the desired-state directory; refusing to read it'));
          continue;
        }
        isDir = (await stat(target)).isDirectory();
      }
      if (isDir) {
        await visit(relPath);
        continue;
      }
      const kind = fileKind(relPath);
      if (!kind) {
        if (/\.ya?ml$/.test(relPath) || relPath.startsWith('users/') || relPath.startsWith('profiles/')) {
          problems.push(fileProblem(shown, 'ignored: not defaults.yaml, profiles/<name>.yaml or users/*.yaml', 'warning'));
        }
        continue;
      }
      const file = await readTextFile(shown, relPath, problems);
      if (file) files.push(file);
    }
  };
  await visit('');
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.relPath).update('\0').update(file.text).update('\0');
  return { files, problems, hash: `sha256:${hash.digest('hex')}` };
}

export async function readTextFile(path: string, relPath: string, problems: Problem[]): Promise<DesiredFile | undefined> {
  const info = await lstat(path).then((l) => (l.isSymbolicLink() ? stat(path) : l));
  if (info.size > MAX_FILE_BYTES) {
    const mb = (info.size / 1024 / 1024).toFixed(1);
    problems.push(fileProblem(path, `is ${mb} MiB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MiB per file: split the users across several files`));
    return undefined;
  }
  const bytes = await readFile(path);
  if (bytes.subarray(0, 8192).includes(0)) {
    problems.push(fileProblem(path, 'is a binary file, not YAML text'));
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    problems.push(notUtf8(path, bytes));
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { path, relPath, text };
}

/** Points at the first byte that is not UTF-8, so the admin can find the stray character in a long file. */
function notUtf8(path: string, bytes: Uint8Array): Problem {
  const offset = firstInvalidUtf8(bytes);
  if (offset < 0) return fileProblem(path, 'is not UTF-8 text: save it as UTF-8');
  const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
  const line = 1 + bytes.subarray(0, lineStart).filter((b) => b === 0x0a).length;
  const column = 1 + new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset)).length;
  const hex = bytes[offset]!.toString(16).toUpperCase().padStart(2, '0');
  return problemAt(
    { file: path, line, column },
    '',
    `is not UTF-8 text: byte 0x${hex} here is not UTF-8 (saved as Latin-1 or Windows-1252?); save the file as UTF-8`,
  );
}

/**
 * Offset of the first byte that does not start or continue a well-formed UTF-8 sequence, or -1. It only locates
 * the problem; the fatal TextDecoder decides (it also refuses overlong forms and surrogates, which this skips).
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const continuation = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (continuation < 0) return i;
    for (let k = 1; k <= continuation; k++) {
      if (i + k >= bytes.length || (bytes[i + k]! & 0xc0) !== 0x80) return i;
    }
    i += continuation + 1;
  }
  return -1;
}
