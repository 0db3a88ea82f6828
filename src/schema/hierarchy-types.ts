/**
 * The account and group levels of Zoom's settings hierarchy (zoom-api-facts.md §9.8, §9.10): their settings trees
 * per `option` variant and their lock-settings trees, plus how each lock path maps to a user settings path.
 */
import type { Variant, VariantSchema } from './types.js';

/** The `option` values of GET /accounts/{accountId}/lock_settings and /groups/{groupId}/lock_settings. */
export type LockVariant = 'default' | 'meeting_security';
export const LOCK_VARIANTS: readonly LockVariant[] = ['default', 'meeting_security'];

export interface LevelSchema {
  /** GET/PATCH …/settings per option (only the variants a user also has). */
  settings: Partial<Record<Variant, VariantSchema>>;
  /** GET/PATCH …/lock_settings per option: booleans, true = locked for the level's members. */
  locks: Record<LockVariant, VariantSchema>;
}

/**
 * How a lock path names the user setting it holds:
 * - `same`: the same path in the same variant (in_meeting.chat);
 * - `nested`: the lock names a leaf the user schema keeps one level deeper in the same section
 *   (lock in_meeting.save_caption → setting in_meeting.closed_captioning.save_caption);
 * - `renamed`: listed in RENAMED_LOCKS (build-hierarchy.ts) with the Zoom text behind it;
 * - `none`: no user setting; the lock governs an account- or webinar-only feature.
 */
export type LockMappingKind = 'same' | 'nested' | 'renamed' | 'none';

export interface LockMapping {
  lockVariant: LockVariant;
  lock: string[];
  setting: { variant: Variant; path: string[] } | null;
  how: LockMappingKind;
}

export interface HierarchySchema {
  sources: Array<{ title: string; sha256: string }>;
  account: LevelSchema;
  group: LevelSchema;
  lockMap: { account: LockMapping[]; group: LockMapping[] };
}
