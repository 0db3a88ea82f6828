/** The desired state as loaded from a directory: documents with positions, before any merge. */
import type { DriftAck } from './drift-acks.js';
import type { PNode, SourcePosition } from './source.js';

export interface DesiredFile {
  /** Path shown to people (the --dir argument joined with the relative path). */
  path: string;
  /** Path relative to the desired-state directory, with forward slashes (users/sales.yaml). */
  relPath: string;
  text: string;
}

export interface NameRef {
  name: string;
  pos: SourcePosition;
}

export interface DefaultsDoc {
  file: string;
  settings?: PNode;
}

export interface ProfileDoc {
  name: string;
  file: string;
  pos: SourcePosition;
  extends: NameRef[];
  settings?: PNode;
}

export interface UserEntry {
  /** The key as written: an email address or a Zoom user id. */
  key: string;
  /** Identity for duplicate detection: emails compare case-insensitively. */
  identity: string;
  file: string;
  pos: SourcePosition;
  profiles: NameRef[];
  settings?: PNode;
}

/** account.yaml, or one groups/<name>.yaml: the level's settings and its locks (issue 16; FORMATS.md). */
export interface LevelDoc {
  file: string;
  pos: SourcePosition;
  /** Same section → field shape as a user's `settings:` (checked against the level's schema). */
  settings?: PNode;
  /** Zoom's lock_settings shape: section → field → true (locked) | false; `meeting_security:` is its variant. */
  locks?: PNode;
}

export interface GroupDoc extends LevelDoc {
  /** `group:` as written: the group's name or its id (resolved against GET /groups when a plan is made). */
  group: NameRef;
}

export interface DesiredState {
  defaults?: DefaultsDoc;
  profiles: Map<string, ProfileDoc>;
  users: UserEntry[];
  /** account.yaml; absent: the account's settings and locks are not managed. */
  account?: LevelDoc;
  /** groups/*.yaml; a group without a file is not managed. */
  groups?: GroupDoc[];
  /** drift-acks/*.yaml: drift acknowledged until a date (issue 19); absent when the directory has none. */
  driftAcks?: DriftAck[];
}
