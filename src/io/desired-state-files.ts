/**
 * Reads a desired-state directory safely:
 * - only regular files, and symbolic links to regular files or directories inside the directory, are read: a FIFO,
 *   socket or device is reported, never opened (a FIFO would block the read forever), and the type is checked again
 *   on the open file (opened non-blocking) so a file swapped between the check and the open cannot hang the run;
 * - a symbolic link out of the directory, a link loop, a dangling link, or a link to a file or directory that is read
 *   anyway is reported once, by name;
 * - `profiles/eng.yaml` beside `profiles/eng.yml` (or `defaults.yaml` beside `defaults.yml`) is refused as ambiguous;
 * - hidden YAML files under users/ and profiles/ (`.team.yaml`) are not read, and each is reported (a warning);
 * - at most MAX_FILE_BYTES each (a 10 MB file is an error, not a hang), UTF-8 text only: UTF-16, binary and other
 *   encodings are refused with the file named and what to do;
 * - file-system errors (EACCES, EIO, ...) become a problem naming the path, never a stack trace.
 * Returns the files and a hash of their content for plans.
 */
import { createHash } from 'node:crypto';
import { constants, type Dirent, type Stats } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { fileKind } from '../core/desired/documents.js';
import { policyFileKind } from '../core/policy/policy-set.js';
import type { DesiredFile } from '../core/desired/model.js';
import { fileProblem, problemAt, type Problem } from '../core/desired/problems.js';
import { fsErrorCode, fsErrorWords } from './fs-errors.js';

export const MAX_FILE_BYTES = 4 * 1024 * 1024;

export interface DesiredFiles {
  files: DesiredFile[];
  problems: Problem[];
  /** sha256 over every loaded file's relative path and content. */
  hash: string;
}

const YAML_NAME = /\.ya?ml$/;

export async function readDesiredStateFiles(dir: string): Promise<DesiredFiles> {
  let root: string;
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) return { files: [], problems: [fileProblem(dir, 'is not a directory: --dir must name the desired-state directory')], hash: '' };
    root = await realpath(dir);
  } catch (error) {
    const message = fsErrorCode(error) === 'ENOENT' ? 'desired-state directory does not exist (use --dir to name it)' : `desired-state directory ${fsErrorWords(error, 'read')}`;
    return { files: [], problems: [fileProblem(dir, message)], hash: '' };
  }
  const reader = new DirectoryReader(dir, root);
  await reader.visit('');
  const files = reader.files;
  const hash = createHash('sha256');
  // Policies and exceptions judge the desired state; they change nothing a plan sends, so a plan stays applicable.
  for (const file of files) if (!policyFileKind(file.relPath)) hash.update(file.relPath).update('\0').update(file.text).update('\0');
  return { files, problems: reader.problems, hash: `sha256:${hash.digest('hex')}` };
}

/** One walk of the directory: what was read, what was refused, and which real paths were seen (links). */
class DirectoryReader {
  readonly files: DesiredFile[] = [];
  readonly problems: Problem[] = [];
  /** Real paths of the directories and files read so far, with the path they were read by. */
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly dir: string,
    private readonly root: string,
  ) {
    this.seen.set(root, dir);
  }

  async visit(relDir: string): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(join(this.dir, relDir), { withFileTypes: true });
    } catch (error) {
      this.problems.push(fileProblem(join(this.dir, relDir), fsErrorWords(error, 'list')));
      return;
    }
    // Links last: when a link and the file it leads to are both here, the link is the one reported.
    entries.sort((a, b) => Number(a.isSymbolicLink()) - Number(b.isSymbolicLink()) || a.name.localeCompare(b.name));
    const names = new Set(entries.map((e) => e.name));
    for (const item of entries) {
      const relPath = relDir ? `${relDir}/${item.name}` : item.name;
      if (item.name.startsWith('.')) {
        this.hidden(item, relPath);
        continue;
      }
      const twin = yamlTwin(item.name);
      const kind = fileKind(relPath);
      if (twin && names.has(twin) && item.name.endsWith('.yml') && (kind === 'defaults' || kind === 'profile' || kind === 'account')) {
        const what = kind === 'account' ? 'account' : relDir ? 'profile' : 'defaults';
        this.problems.push(fileProblem(join(this.dir, relPath), `is ambiguous beside ${join(this.dir, relDir, twin)}: both name the same ${what}; keep one of the two files`));
        continue;
      }
      await this.entry(item, relPath);
    }
  }

  /**
   * Hidden entries are not read. A hidden YAML file or directory where desired state lives (users/, profiles/) is
   * reported: its users would vanish unseen. Elsewhere (.git/, .schema/) and other names (.gitkeep) stay quiet.
   */
  private hidden(item: Dirent, relPath: string): void {
    if (!/^(users|profiles|groups|policies|exceptions|drift-acks)\//.test(relPath)) return;
    const plain = relPath.replace(/\/\.+([^/]+)$/, '/$1');
    const shown = join(this.dir, relPath);
    if (item.isDirectory()) {
      this.problems.push(fileProblem(shown, `ignored: a hidden directory (its name starts with "."): its files are not read; rename it to ${plain} to have them read`, 'warning'));
    } else if (YAML_NAME.test(item.name)) {
      this.problems.push(fileProblem(shown, `ignored: a hidden file (its name starts with "."): rename it to ${plain} to have it read`, 'warning'));
    }
  }

  private async entry(item: Dirent, relPath: string): Promise<void> {
    const shown = join(this.dir, relPath);
    let real = join(this.root, relPath);
    let info: Stats | Dirent = item;
    if (item.isSymbolicLink()) {
      const target = await this.linkTarget(shown);
      if (!target) return;
      real = target.real;
      info = target.info;
    }
    if (info.isDirectory()) {
      const first = this.seen.get(real);
      if (first !== undefined) {
        this.problems.push(fileProblem(shown, `is a symbolic link to ${first}, which is read already: remove the link (it would read the same files twice, or forever)`));
        return;
      }
      this.seen.set(real, shown);
      await this.visit(relPath);
      return;
    }
    const kind = fileKind(relPath);
    const looksLikeDesiredState = kind !== undefined || YAML_NAME.test(relPath) || /^(users|profiles|groups|policies|exceptions|drift-acks)\//.test(relPath);
    if (!info.isFile()) {
      if (looksLikeDesiredState) this.problems.push(fileProblem(shown, `${specialKind(info)}, not a regular file: only regular files are read; remove it`));
      return;
    }
    if (!kind) {
      if (looksLikeDesiredState) this.problems.push(fileProblem(shown, 'ignored: not defaults.yaml, account.yaml, groups/<name>.yaml, profiles/<name>.yaml, users/*.yaml, policies/*.yaml, exceptions/*.yaml or drift-acks/*.yaml', 'warning'));
      return;
    }
    const first = this.seen.get(real);
    if (first !== undefined) {
      this.problems.push(fileProblem(shown, `is a symbolic link to ${first}, which is read already: remove the link (its users would be defined twice)`));
      return;
    }
    this.seen.set(real, shown);
    const file = await readTextFile(shown, relPath, this.problems);
    if (file) this.files.push(file);
  }

  /** Where a symbolic link leads, if it is inside the directory and leads somewhere; else one problem and undefined. */
  private async linkTarget(shown: string): Promise<{ real: string; info: Stats } | undefined> {
    let real: string;
    try {
      real = await realpath(shown);
    } catch (error) {
      const code = fsErrorCode(error);
      const message =
        code === 'ELOOP'
          ? 'is a symbolic link loop: it never reaches a file; remove it'
          : code === 'ENOENT'
            ? 'is a symbolic link to a file that does not exist; remove it or restore its target'
            : fsErrorWords(error, 'read');
      this.problems.push(fileProblem(shown, message));
      return undefined;
    }
    if (real !== this.root && !real.startsWith(this.root + sep)) {
      this.problems.push(fileProblem(shown, 'is a symbolic link to a place outside the desired-state directory; refusing to read it'));
      return undefined;
    }
    try {
      return { real, info: await stat(real) };
    } catch (error) {
      this.problems.push(fileProblem(shown, fsErrorWords(error, 'read')));
      return undefined;
    }
  }
}

/** `eng.yml` for `eng.yaml` and back; undefined for other names. */
function yamlTwin(name: string): string | undefined {
  if (name.endsWith('.yaml')) return `${name.slice(0, -5)}.yml`;
  if (name.endsWith('.yml')) return `${name.slice(0, -4)}.yaml`;
  return undefined;
}

function specialKind(info: Stats | Dirent): string {
  if (info.isFIFO()) return 'is a FIFO (named pipe)';
  if (info.isSocket()) return 'is a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'is a device';
  return 'is not a regular file';
}

/**
 * Opened non-blocking and checked on the open descriptor: a FIFO put in place after the directory was listed is
 * refused, not waited on.
 */
export async function readTextFile(path: string, relPath: string, problems: Problem[]): Promise<DesiredFile | undefined> {
  let bytes: Uint8Array;
  try {
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = await handle.stat();
      if (!info.isFile()) {
        problems.push(fileProblem(path, `${specialKind(info)}, not a regular file: only regular files are read; remove it`));
        return undefined;
      }
      if (info.size > MAX_FILE_BYTES) {
        const mb = (info.size / 1024 / 1024).toFixed(1);
        problems.push(fileProblem(path, `is ${mb} MiB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MiB per file: split the users across several files`));
        return undefined;
      }
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    problems.push(fileProblem(path, fsErrorWords(error, 'read')));
    return undefined;
  }
  const text = decodeText(path, bytes, problems);
  return text === undefined ? undefined : { path, relPath, text };
}

/** UTF-8 text without its byte order mark, or undefined with the problem said. */
function decodeText(path: string, bytes: Uint8Array, problems: Problem[]): string | undefined {
  const utf16 = utf16Kind(bytes);
  if (utf16) {
    problems.push(fileProblem(path, `is ${utf16} text: UTF-16 is not supported; save the file as UTF-8`));
    return undefined;
  }
  if (bytes.subarray(0, 8192).includes(0)) {
    problems.push(fileProblem(path, 'is a binary file, not YAML text'));
    return undefined;
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    problems.push(notUtf8(path, bytes));
    return undefined;
  }
}

/**
 * "UTF-16LE" or "UTF-16BE" when the bytes are UTF-16: a byte order mark, or (without one) ASCII text whose every
 * other byte is zero, as an editor saving "Unicode" writes it.
 */
function utf16Kind(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'UTF-16LE';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16BE';
  const sample = bytes.subarray(0, Math.min(bytes.length, 64) & ~1);
  if (sample.length < 4) return undefined;
  let evenZero = true;
  let oddZero = true;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] !== 0 || sample[i + 1] === 0) evenZero = false;
    if (sample[i + 1] !== 0 || sample[i] === 0) oddZero = false;
  }
  return oddZero ? 'UTF-16LE' : evenZero ? 'UTF-16BE' : undefined;
}

/** Points at the first byte that is not UTF-8, so the admin can find the stray character in a long file. */
function notUtf8(path: string, bytes: Uint8Array): Problem {
  const offset = firstInvalidUtf8(bytes);
  if (offset < 0) return fileProblem(path, 'is not UTF-8 text: save it as UTF-8');
  // A line ends at LF, CRLF or a lone CR, as the YAML parser counts them.
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i]!;
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) {
      line += 1;
      lineStart = i + 1;
    }
  }
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
