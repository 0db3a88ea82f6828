/**
 * Writes one starter file (`init`) inside a directory: never over an existing file unless forced, never through a
 * symbolic link (a link could lead the write outside the directory), never into something that is not a file.
 */
import { lstat, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError } from '../core/errors.js';
import { fsErrorWords } from './fs-errors.js';

/** Each step below `dir` (`policies`, then `policies/cis-zoom.yaml`) must be a real directory or file, not a link. */
async function refuseLinks(dir: string, relPath: string): Promise<void> {
  const steps = relPath.split('/');
  for (let i = 1; i <= steps.length; i++) {
    const path = join(dir, ...steps.slice(0, i));
    const info = await lstat(path).catch(() => undefined);
    if (!info) return;
    if (info.isSymbolicLink()) throw new InputError(`${path} is a symbolic link: init writes only inside ${dir}, never through links; nothing was written`);
    const last = i === steps.length;
    if (!last && !info.isDirectory()) throw new InputError(`${path} is not a directory; nothing was written`);
    if (last && !info.isFile()) throw new InputError(`${path} is not a regular file; nothing was written`);
  }
}

export async function writeStarterFile(dir: string, relPath: string, text: string, force: boolean): Promise<string> {
  const path = join(dir, relPath);
  await refuseLinks(dir, relPath);
  const exists = await lstat(path).then(() => true, () => false);
  if (exists && !force) throw new InputError(`${path} exists: refusing to overwrite it (use --force to replace it); nothing was written`);
  try {
    await mkdir(dirname(path), { recursive: true });
    // wx: a file created between the check and the write is still not overwritten.
    await writeFile(path, text, { encoding: 'utf8', flag: force ? 'w' : 'wx' });
  } catch (error) {
    throw new InputError(`${path} ${fsErrorWords(error, 'write')} (nothing was written)`);
  }
  return path;
}
