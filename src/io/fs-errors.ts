/**
 * Node's file-system errors (`EACCES: permission denied, open '…'`) in words: what happened to which path, and what
 * to do. Every place that reads or writes the user's files turns a caught error into one of these sentences instead
 * of letting the raw error (or its stack) reach the terminal.
 */

/** What was being done when the error came: it picks the advice (`use`: not known, read or write). */
export type FsAction = 'read' | 'write' | 'list' | 'use';

/** The error's code (`EACCES`), or undefined when it is not a Node system error. */
export function fsErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

const ACCESS: Record<FsAction, string> = { read: 'read', list: 'read', write: 'write', use: 'read and write' };

/** Node's system errors name the path they failed on; the rest (ours, a server's) do not. */
export function fsErrorPath(error: unknown): string | undefined {
  const path = (error as { path?: unknown } | null)?.path;
  return typeof path === 'string' && fsErrorCode(error) !== undefined ? path : undefined;
}

/** The action a failed system call was doing, as far as its name tells. */
export function fsActionOf(error: unknown): FsAction {
  const syscall = (error as { syscall?: unknown } | null)?.syscall;
  if (syscall === 'scandir' || syscall === 'opendir') return 'list';
  if (syscall === 'write' || syscall === 'mkdir' || syscall === 'rename' || syscall === 'unlink' || syscall === 'fsync' || syscall === 'link') return 'write';
  if (syscall === 'read' || syscall === 'stat' || syscall === 'lstat') return 'read';
  return 'use';
}

/** A sentence that follows the path: `cannot be read: permission denied (EACCES): …`. */
export function fsErrorWords(error: unknown, action: FsAction): string {
  const code = fsErrorCode(error);
  const verb = { read: 'cannot be read', write: 'cannot be written', list: 'cannot be listed', use: 'cannot be used' }[action];
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `${verb}: permission denied (${code}): give the user running zoom-settings ${ACCESS[action]} access to it (chmod/chown), or run from a copy it can ${ACCESS[action]}`;
    case 'EISDIR':
      return `${verb}: it is a directory, where a file was expected (EISDIR): remove or rename the directory`;
    case 'EEXIST':
      return `${verb}: a file is in the way where a directory is needed (EEXIST): move it away, or use another directory`;
    case 'ENOTDIR':
      return `${verb}: a part of the path is a file, where a directory was expected (ENOTDIR)`;
    case 'ENOENT':
      return `${verb}: it does not exist (ENOENT)${action === 'read' ? ': was it removed or renamed while zoom-settings ran?' : ': create the directory first'}`;
    case 'ENOSPC':
      return `${verb}: no space left on the device (ENOSPC): free some space, or write to another disk`;
    case 'EDQUOT':
      return `${verb}: the disk quota is used up (EDQUOT): free some space, or write to another disk`;
    case 'EROFS':
      return `${verb}: the file system is read-only (EROFS): write to another directory`;
    case 'ELOOP':
      return `${verb}: it is a symbolic link loop (ELOOP): it never reaches a file; remove the link`;
    case 'ENAMETOOLONG':
      return `${verb}: the path is too long (ENAMETOOLONG)`;
    case 'EMFILE':
    case 'ENFILE':
      return `${verb}: too many open files (${code}): raise the limit (ulimit -n) or close other programs`;
    case 'EIO':
      return `${verb}: the device reported an input/output error (EIO): check the disk`;
    case 'EBUSY':
    case 'ETXTBSY':
      return `${verb}: it is busy (${code}): try again once the other program lets go of it`;
    default:
      return `${verb}: ${code ? `${code}: ` : ''}${firstLine(error)}`;
  }
}

function firstLine(error: unknown): string {
  // Not `instanceof Error`: errors from another realm (a test's VM context) are Errors all the same.
  const message = typeof (error as { message?: unknown } | null)?.message === 'string' ? (error as { message: string }).message : String(error);
  return message.split('\n')[0]!;
}
