/**
 * One run at a time per journal (and per saved plan): apply, apply --resume, rollback and drift --fix take an
 * exclusive lock file beside what they write, created atomically (link(2), exclusive like O_EXCL), holding who holds it (pid, host, start time,
 * command). Two runs that interleave on one journal, or apply one plan twice at once, would PATCH users twice.
 * A lock left by a run that died (same host, pid gone) is taken over with a warning; a lock from another host
 * cannot be checked from here and is refused with how to remove it.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { InputError } from '../core/errors.js';
import { escapeControl } from '../core/safe-text.js';

export interface LockHolder {
  pid: number;
  host: string;
  started: string;
  command: string;
}

export interface RunLock {
  path: string;
  release(): void;
}

export interface RunLockDeps {
  pid: number;
  host: string;
  now(): Date;
  /** Whether a process of this host is alive (signal 0: EPERM means it exists under another user). */
  isAlive(pid: number): boolean;
  warn(message: string): void;
}

export class RunLockedError extends InputError {
  override name = 'RunLockedError';
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function defaultLockDeps(warn: (message: string) => void): RunLockDeps {
  return { pid: process.pid, host: hostname(), now: () => new Date(), isAlive: isProcessAlive, warn };
}

function readHolder(path: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.started === 'string') {
      return { pid: parsed.pid, host: parsed.host, started: parsed.started, command: typeof parsed.command === 'string' ? parsed.command : 'a run' };
    }
  } catch {
    // unreadable or half-written: described as unknown below
  }
  return null;
}

function describe(holder: LockHolder): string {
  return escapeControl(`${holder.command} (pid ${holder.pid} on ${holder.host}, started ${holder.started})`);
}

class LockNotWritable extends InputError {}

/**
 * Creates the lock with its content in one step: the holder is written to a file of our own, which is then hard-
 * linked to the lock's name (link fails if the name exists, like O_EXCL). A second run never reads a lock that
 * exists but is still empty.
 */
function tryCreate(path: string, holder: LockHolder): boolean {
  const own = `${path}.${holder.pid}.${process.hrtime.bigint()}`;
  try {
    const fd = openSync(own, 'wx');
    try {
      writeSync(fd, `${JSON.stringify(holder)}\n`);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(own, path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A file system without hard links: O_EXCL on the name itself (a reader may then briefly see it empty).
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${JSON.stringify(holder)}\n`);
      } finally {
        closeSync(fd);
      }
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new LockNotWritable(`cannot create the lock file ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): check that its directory is writable`);
  } finally {
    rmSync(own, { force: true });
  }
}

/**
 * Moves a dead holder's lock aside and removes it. Renaming is atomic: of two runs taking over at once, one
 * renames the lock and the other finds nothing to rename and tries again (and meets the winner's new lock).
 */
function takeOver(path: string, stale: LockHolder, deps: RunLockDeps): void {
  const aside = `${path}.stale-${deps.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  const moved = readHolder(aside);
  if (moved && (moved.pid !== stale.pid || moved.host !== stale.host || moved.started !== stale.started)) {
    // A live run took the lock between our look and the rename: give it back.
    renameSync(aside, path);
    return;
  }
  unlinkSync(aside);
  deps.warn(`warning: took over the lock ${path} left by ${describe(stale)}, which is no longer running\n`);
}

/**
 * Locks this process holds now, by path. A lock file with our own pid is either one we hold (a long-running `watch`
 * reconciling two targets at once must not take over its own lock) or one left by an earlier process that had the
 * same pid (a restarted container, where every run is pid 1): only this set tells the two apart.
 */
const heldHere = new Map<string, LockHolder>();

function sameHolder(a: LockHolder, b: LockHolder): boolean {
  return a.pid === b.pid && a.host === b.host && a.started === b.started;
}

export function acquireRunLock(path: string, command: string, deps: RunLockDeps): RunLock {
  const mine: LockHolder = { pid: deps.pid, host: deps.host, started: deps.now().toISOString(), command };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, mine)) {
      heldHere.set(path, mine);
      return {
        path,
        release() {
          const holder = readHolder(path);
          if (holder && sameHolder(holder, mine)) unlinkSync(path);
          if (heldHere.get(path) === mine) heldHere.delete(path);
        },
      };
    }
    const holder = readHolder(path);
    if (!holder) {
      throw new RunLockedError(`another zoom-settings run may be using ${path.replace(/\.lock$/, '')}: the lock file ${path} exists but does not say who holds it; if no run is active, remove ${path}`);
    }
    if (holder.host !== deps.host) {
      throw new RunLockedError(
        `another zoom-settings run holds the lock ${path}: ${describe(holder)}; wait for it to finish, or if no run is active on ${escapeControl(holder.host)}, remove ${path}`,
      );
    }
    const ownLive = heldHere.get(path);
    if (holder.pid === deps.pid && ownLive && sameHolder(ownLive, holder)) {
      throw new RunLockedError(`this zoom-settings process already holds the lock ${path} (${describe(holder)}); one run at a time per journal`);
    }
    if (deps.isAlive(holder.pid) && holder.pid !== deps.pid) {
      throw new RunLockedError(`another zoom-settings run holds the lock ${path}: ${describe(holder)}; wait for it to finish`);
    }
    takeOver(path, holder, deps);
  }
  throw new RunLockedError(`could not take the lock ${path}: other runs keep taking it; try again when they have finished`);
}

export interface LockRequest {
  path: string;
  /** Beside a file that may sit on a read-only mount (a reviewed plan): a lock that cannot be created is skipped. */
  optional?: boolean;
}

/** Takes every lock in order (released in reverse), runs `fn`, then releases them, whatever happens. */
export async function withRunLocks<T>(requests: readonly LockRequest[], command: string, deps: RunLockDeps, fn: () => Promise<T>): Promise<T> {
  const held: RunLock[] = [];
  const seen = new Set<string>();
  try {
    for (const request of requests) {
      if (seen.has(request.path)) continue;
      seen.add(request.path);
      try {
        held.push(acquireRunLock(request.path, command, deps));
      } catch (error) {
        if (!(request.optional && error instanceof LockNotWritable)) throw error;
        deps.warn(`warning: ${error.message}; going on without it\n`);
      }
    }
    return await fn();
  } finally {
    for (const lock of held.reverse()) lock.release();
  }
}
