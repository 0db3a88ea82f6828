/**
 * Writing an imported desired-state directory: the YAML files and the editor schemas the
 * `# yaml-language-server: $schema=` lines point at (copied from the package's desired-state/.schema).
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../core/errors.js';
import { editorSchemaFiles } from '../schema/editor-schema.js';
import { SETTINGS_SCHEMA } from '../schema/index.js';

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

/** Files that exist with other content: writing would overwrite them. */
export async function conflictingFiles(dir: string, files: readonly OutputFile[]): Promise<string[]> {
  const conflicts: string[] = [];
  for (const file of files) {
    const path = join(dir, file.relPath);
    if (!existsSync(path)) continue;
    const current = await readFile(path, 'utf8').catch(() => undefined);
    if (current !== file.text) conflicts.push(path);
  }
  return conflicts;
}

/**
 * Files of an earlier import this one does not write (users/imported-3.yaml after a smaller account): left in
 * place they would define users twice.
 */
export async function staleImportFiles(dir: string, files: readonly OutputFile[], pattern: RegExp): Promise<string[]> {
  const usersDir = join(dir, 'users');
  if (!existsSync(usersDir)) return [];
  const written = new Set(files.map((f) => f.relPath));
  return (await readdir(usersDir)).filter((name) => pattern.test(name) && !written.has(`users/${name}`)).map((name) => join(usersDir, name));
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
  for (const path of stale) await rm(path, { force: true });
  for (const file of files) {
    const path = join(dir, file.relPath);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.text, 'utf8');
  }
}
