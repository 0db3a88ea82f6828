/**
 * Writing an imported desired-state directory: the YAML files and the editor schemas the
 * `# yaml-language-server: $schema=` lines point at (copied from the package's desired-state/.schema).
 */
import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../core/errors.js';
import { editorSchemaFiles } from '../schema/editor-schema.js';
import { SETTINGS_SCHEMA } from '../schema/index.js';
import { fsErrorWords } from './fs-errors.js';

export interface OutputFile {
  /** Relative to the output directory, with forward slashes. */
  relPath: string;
  text: string;
}

/** The package's desired-state/.schema: two levels up from this module, in src/ (tsx, jest) as in dist/. */
export const PACKAGE_SCHEMA_DIR = fileURLToPath(new URL('../../desired-state/.schema/', import.meta.url));

/**
 * The editor schemas as shipped. A package installed without them (an old "files" list) gets them generated from
 * the same schema module instead: the content is identical (src/schema/generate.ts writes them that way).
 */
export async function editorSchemaOutputs(sourceDir = PACKAGE_SCHEMA_DIR): Promise<OutputFile[]> {
  if (existsSync(sourceDir)) {
    const names = (await readdir(sourceDir)).filter((name) => name.endsWith('.schema.json')).sort();
    if (names.length > 0) {
      return Promise.all(names.map(async (name) => ({ relPath: `.schema/${name}`, text: await readFile(join(sourceDir, name), 'utf8') })));
    }
  }
  return editorSchemaFiles(SETTINGS_SCHEMA).map((file) => ({ relPath: `.schema/${file.name}`, text: `${JSON.stringify(file.schema, null, 2)}\n` }));
}

/**
 * Files that exist with other content: writing would overwrite them. Only regular files are read to compare (a FIFO
 * would block the read, /dev/zero would never end it); anything else in the way is a conflict.
 */
export async function conflictingFiles(dir: string, files: readonly OutputFile[]): Promise<string[]> {
  const conflicts: string[] = [];
  for (const file of files) {
    const path = join(dir, file.relPath);
    const info = await lstat(path).catch(() => undefined);
    if (!info) continue;
    const current = info.isFile() ? await readFile(path, 'utf8').catch(() => undefined) : undefined;
    if (current !== file.text) conflicts.push(path);
  }
  return conflicts;
}

/** Something at `path` that is not a regular file (a FIFO would block the write; a link would write elsewhere). */
async function notARegularFile(path: string): Promise<string | undefined> {
  const info = await lstat(path).catch(() => undefined);
  if (!info || info.isFile()) return undefined;
  if (info.isDirectory()) return 'is a directory, where the import writes a file: move it away, or use --out-dir';
  if (info.isSymbolicLink()) return 'is a symbolic link: the import does not write through links; remove it, or use --out-dir';
  return 'is not a regular file (a FIFO, socket or device): remove it, or use --out-dir';
}

/** Runs one write step, turning a file-system error into an InputError that names the path and what to do. */
async function writing<T>(path: string, written: readonly string[], step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const done = written.length > 0 ? ` (${written.length} file${written.length === 1 ? ' was' : 's were'} written before it)` : ' (nothing was written)';
    throw new InputError(`${path} ${fsErrorWords(error, 'write')}${done}`, [...written]);
  }
}

/**
 * Files of an earlier import this one does not write (users/imported-3.yaml after a smaller account): left in
 * place they would define users twice.
 */
export async function staleImportFiles(dir: string, files: readonly OutputFile[], pattern: RegExp, subdir = 'users'): Promise<string[]> {
  const inside = join(dir, subdir);
  if (!existsSync(inside)) return [];
  const written = new Set(files.map((f) => f.relPath));
  return (await readdir(inside)).filter((name) => pattern.test(name) && !written.has(`${subdir}/${name}`)).map((name) => join(inside, name));
}

/**
 * Writes every file, refusing (before writing any) to overwrite a different existing file unless `force`; with
 * `force`, the stale files of an earlier import are removed.
 */
export async function writeOutputFiles(dir: string, files: readonly OutputFile[], force: boolean, stale: readonly string[] = []): Promise<void> {
  if (!force) {
    const conflicts = [...(await conflictingFiles(dir, files)), ...stale];
    if (conflicts.length > 0) {
      throw new InputError(`refusing to overwrite ${conflicts.length} existing file${conflicts.length === 1 ? '' : 's'} in ${dir} (use --force to replace them, or --out-dir to write elsewhere); nothing was written`, conflicts);
    }
  }
  for (const file of files) {
    const path = join(dir, file.relPath);
    const refused = await notARegularFile(path);
    if (refused) throw new InputError(`${path} ${refused}; nothing was written`);
  }
  const written: string[] = [];
  for (const path of stale) await writing(path, written, () => rm(path, { force: true }));
  for (const file of files) {
    const path = join(dir, file.relPath);
    await writing(path, written, () => mkdir(dirname(path), { recursive: true }));
    await writing(path, written, () => writeFile(path, file.text, 'utf8'));
    written.push(path);
  }
}
