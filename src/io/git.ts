/** Reads the desired-state files as they were at a git ref (for `plan --changed-since REF`), with real git. */
import { execFile, spawn } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { relative } from 'node:path';
import { promisify } from 'node:util';
import { fileKind } from '../core/desired/documents.js';
import type { DesiredFile } from '../core/desired/model.js';
import { InputError } from '../core/errors.js';

const run = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? '';
    throw new InputError(`git ${args[0]} failed in ${cwd}: ${stderr.split('\n')[0] || (error as Error).message}`);
  }
}

/** The files of `dir` (a desired-state directory inside a git work tree) at `ref`; empty if it did not exist then. */
export async function desiredFilesAtRef(dir: string, ref: string): Promise<DesiredFile[]> {
  const absolute = await realpath(dir);
  const top = (await git(absolute, ['rev-parse', '--show-toplevel'])).trim();
  try {
    await git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new InputError(`--changed-since: "${ref}" is not a commit in this repository (fetch it first, e.g. git fetch origin ${ref})`);
  }
  const prefix = relative(await realpath(top), absolute).split('\\').join('/');
  const listing = await git(top, ['ls-tree', '-r', '-z', '--name-only', ref, '--', prefix || '.']);
  const paths = listing.split('\0').filter((p) => p.length > 0);
  const wanted = paths
    .map((path) => ({ path, relPath: prefix ? path.slice(prefix.length + 1) : path }))
    .filter((p) => fileKind(p.relPath) !== undefined);
  const contents = await catFiles(top, wanted.map((p) => `${ref}:${p.path}`));
  return wanted.map((p, i) => ({ path: `${ref}:${p.path}`, relPath: p.relPath, text: contents[i]! }));
}

/** `git cat-file --batch`: many blobs through one process. */
function catFiles(cwd: string, objects: string[]): Promise<string[]> {
  if (objects.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new InputError(`git cat-file exited with ${code}`));
      const all = Buffer.concat(chunks);
      const out: string[] = [];
      let offset = 0;
      for (let i = 0; i < objects.length; i++) {
        const newline = all.indexOf(10, offset);
        const headerText = all.subarray(offset, newline).toString('utf8');
        const size = Number(headerText.split(' ')[2]);
        if (!Number.isFinite(size)) return reject(new InputError(`git cat-file: unexpected answer "${headerText}"`));
        out.push(all.subarray(newline + 1, newline + 1 + size).toString('utf8'));
        offset = newline + 1 + size + 1;
      }
      resolve(out);
    });
    child.stdin.end(objects.map((o) => `${o}\n`).join(''));
  });
}

/** The root of the git work tree holding `dir`, or undefined when it is in none (or git is missing). */
export async function repositoryRoot(dir: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', ['rev-parse', '--show-toplevel'], { cwd: await realpath(dir) });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}
