/**
 * One user, one identity. Zoom's {userId} is "the user ID or email address" (zoom-api-facts.md §2), so the same
 * person can be written as `KdYKjnimT4KPd8FFgQt9FQ:` in one file and `alice@example.com:` in another; planned twice,
 * the two entries would fight on every run (flip-flop). When the desired state mixes the two kinds of key, the
 * account's users are listed once (GET /users, MEDIUM, paged: active and pending) and every key is resolved to
 * the user's id; two entries for one id are refused with both file:line positions, before anything is read or sent.
 * The directory also says each user's status (pending users have no settings to read).
 */
import type { UserEntry } from '../../core/desired/model.js';
import { InputError } from '../../core/errors.js';
import { escapeControl } from '../../core/safe-text.js';
import type { ZoomClient } from '../../zoom/index.js';

export interface DirectoryUser {
  id: string;
  email: string;
  status: string;
}

export interface UserDirectory {
  /** The user a desired-state key names: by id, or by email compared case-insensitively. */
  find(key: string): DirectoryUser | undefined;
  readonly users: number;
  /** MEDIUM requests the listing took (pages, retries included). */
  readonly requests: number;
}

export async function loadUserDirectory(client: ZoomClient): Promise<UserDirectory> {
  const before = client.metrics().requests;
  const byId = new Map<string, DirectoryUser>();
  const byEmail = new Map<string, DirectoryUser>();
  for (const status of ['active', 'pending'] as const) {
    for await (const user of client.listUsers({ status })) {
      const entry: DirectoryUser = { id: user.id, email: user.email, status: user.status };
      byId.set(user.id, entry);
      if (user.email) byEmail.set(user.email.toLowerCase(), entry);
    }
  }
  const requests = client.metrics().requests - before;
  return {
    find: (key) => (key.includes('@') ? byEmail.get(key.toLowerCase()) : byId.get(key)),
    users: byId.size,
    requests,
  };
}

/** Refuses two entries that name one Zoom user, naming both positions. */
export function refuseDuplicateIdentities(entries: readonly UserEntry[], directory: UserDirectory): void {
  const first = new Map<string, UserEntry>();
  const problems: string[] = [];
  for (const entry of entries) {
    const user = directory.find(entry.key);
    if (!user) continue; // not in Zoom: planned as not-found
    const earlier = first.get(user.id);
    if (!earlier) {
      first.set(user.id, entry);
      continue;
    }
    const where = (e: UserEntry): string => `${e.pos.file}:${e.pos.line}:${e.pos.column}`;
    problems.push(
      escapeControl(`${where(entry)} ${entry.key}: the same Zoom user (${user.email || user.id}, id ${user.id}) is already defined as ${earlier.key} at ${where(earlier)}; define each user once`),
    );
  }
  if (problems.length > 0) {
    throw new InputError(`the desired state names ${problems.length === 1 ? 'a user' : `${problems.length} users`} twice, once by Zoom id and once by email; nothing was sent to Zoom`, problems);
  }
}
