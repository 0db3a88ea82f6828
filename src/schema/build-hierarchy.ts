/**
 * Derives the account and group levels of the settings hierarchy from Zoom's Accounts document
 * (GET/PATCH /accounts/{accountId}/settings and …/lock_settings) and Users document (/groups/{groupId}/settings and
 * …/lock_settings), and maps every lock path onto the user settings path it holds. Pure, like build.ts.
 */
import { applyComparisons, findByProperty, settingsOperation, settingsVariants, variantSchema, type OpenApiNode } from './build.js';
import type { FieldSchema, SettingsSchema, Variant, VariantSchema } from './types.js';
import type { HierarchySchema, LevelSchema, LockMapping, LockVariant } from './hierarchy-types.js';

/**
 * Locks whose name differs from the setting they hold. The lock-settings schemas put the authentication toggles in
 * sections (Users document, GET /groups/{groupId}/lock_settings: `schedule_meeting.meeting_authentication` "Only
 * authenticated users can join meetings"; `recording.recording_authentication` "Only authenticated users can view
 * cloud recordings"), while the user settings keep them as the toggles of their own `option` variants. The lock
 * `schedule_meeting.participant_video` ("Start meetings with participant video on.") is the user setting
 * `schedule_meeting.participants_video` ("This setting starts meetings with participants video on.").
 */
const RENAMED_LOCKS: Record<string, { variant: Variant; path: string[] }> = {
  'schedule_meeting.participant_video': { variant: 'default', path: ['schedule_meeting', 'participants_video'] },
  'schedule_meeting.meeting_authentication': { variant: 'meeting_authentication', path: ['meeting_authentication'] },
  'recording.recording_authentication': { variant: 'recording_authentication', path: ['recording_authentication'] },
};

function levelLocks(patch: OpenApiNode[], get: OpenApiNode[]): Record<LockVariant, VariantSchema> {
  return {
    default: variantSchema('default', findByProperty(patch, 'in_meeting'), findByProperty(get, 'in_meeting')),
    meeting_security: variantSchema('meeting_security', findByProperty(patch, 'meeting_security'), findByProperty(get, 'meeting_security')),
  };
}

function level(doc: unknown, settingsPath: string, lockPath: string): LevelSchema {
  const settings = settingsOperation(doc, settingsPath);
  const locks = settingsOperation(doc, lockPath);
  const variants = settingsVariants(settings.patch, settings.get);
  applyComparisons(variants);
  return { settings: variants, locks: levelLocks(locks.patch, locks.get) };
}

function leafPaths(field: FieldSchema, path: string[] = []): string[][] {
  if (field.type === 'object' && field.properties) {
    return Object.entries(field.properties).flatMap(([name, child]) => leafPaths(child, [...path, name]));
  }
  return path.length > 0 ? [path] : [];
}

function nodeAt(root: FieldSchema, path: readonly string[]): FieldSchema | undefined {
  let node: FieldSchema | undefined = root;
  for (const step of path) node = node?.properties?.[step];
  return node;
}

/** Paths under `section` of `root` whose last step is `name`, below the section's first level. */
function deeperNamed(root: FieldSchema, section: string, name: string): string[][] {
  const found: string[][] = [];
  const walk = (field: FieldSchema, path: string[]): void => {
    for (const [child, node] of Object.entries(field.properties ?? {})) {
      const next = [...path, child];
      if (child === name && next.length > 2) found.push(next);
      if (node.type === 'object') walk(node, next);
    }
  };
  const start = root.properties?.[section];
  if (start) walk(start, [section]);
  return found;
}

export function mapLock(lockVariant: LockVariant, lock: string[], user: SettingsSchema): LockMapping {
  const variant: Variant = lockVariant;
  const userRoot = user.variants[variant].root;
  if (nodeAt(userRoot, lock)) return { lockVariant, lock, setting: { variant, path: lock }, how: 'same' };
  const renamed = lockVariant === 'default' ? RENAMED_LOCKS[lock.join('.')] : undefined;
  if (renamed) return { lockVariant, lock, setting: { variant: renamed.variant, path: renamed.path }, how: 'renamed' };
  const deeper = deeperNamed(userRoot, lock[0]!, lock[lock.length - 1]!);
  if (deeper.length === 1) return { lockVariant, lock, setting: { variant, path: deeper[0]! }, how: 'nested' };
  return { lockVariant, lock, setting: null, how: 'none' };
}

function lockMap(levelSchema: LevelSchema, user: SettingsSchema): LockMapping[] {
  return (['default', 'meeting_security'] as const).flatMap((lockVariant) =>
    leafPaths(levelSchema.locks[lockVariant].root).map((lock) => mapLock(lockVariant, lock, user)),
  );
}

export function buildHierarchySchema(
  accounts: { doc: unknown; sha256: string },
  users: { doc: unknown; sha256: string },
  userSchema: SettingsSchema,
): HierarchySchema {
  const title = (doc: unknown): string => (doc as { info?: { title?: string } }).info?.title ?? 'unknown';
  const account = level(accounts.doc, '/accounts/{accountId}/settings', '/accounts/{accountId}/lock_settings');
  const group = level(users.doc, '/groups/{groupId}/settings', '/groups/{groupId}/lock_settings');
  return {
    sources: [
      { title: title(accounts.doc), sha256: accounts.sha256 },
      { title: title(users.doc), sha256: users.sha256 },
    ],
    account,
    group,
    lockMap: { account: lockMap(account, userSchema), group: lockMap(group, userSchema) },
  };
}
