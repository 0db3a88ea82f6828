/**
 * A realistic hierarchy over the generated users (`startSimulator({generateHierarchy: true})`, CLI
 * `simulator --generate-hierarchy`), for the import of the hierarchy and the benchmark: users inherit, six groups
 * each change two or three settings and lock one, Executives (priority 1) overlaps Engineering and disagrees with it
 * on one setting, and about 5 % of the users have overrides: three recurring patterns and some one-off changes.
 * Deterministic: the same seed and user count give the same hierarchy (no randomness beyond the seeded streams).
 *
 * Every setting it touches is a boolean that users, the account and groups all have and that an import can write
 * (settable, readable, not deprecated, not a secret, not high impact), so a desired state imported from it is valid.
 */
import { HIERARCHY_SCHEMA, levelSchema, type Level } from '../schema/hierarchy.js';
import { childField, fieldAt, type FieldSchema, type Variant } from '../schema/index.js';
import { generatedEmail } from './account.js';
import { generateSettings } from './generate-settings.js';
import type { GroupSeed, HierarchySeed } from './hierarchy.js';
import { getAt, setAt } from './settings-paths.js';
import { seededRandom } from './seeded-random.js';

/** Settings people change in real accounts; those a schema level lacks are dropped by `usable` below. */
const CANDIDATES: readonly string[] = [
  'in_meeting.chat', 'in_meeting.private_chat', 'in_meeting.file_transfer', 'in_meeting.polling', 'in_meeting.breakout_room',
  'in_meeting.remote_control', 'in_meeting.co_host', 'in_meeting.annotation', 'in_meeting.non_verbal_feedback',
  'in_meeting.virtual_background', 'in_meeting.auto_saving_chat', 'in_meeting.feedback', 'in_meeting.far_end_camera_control',
  'in_meeting.group_hd', 'in_meeting.remote_support', 'recording.local_recording', 'recording.cloud_recording',
  'recording.record_speaker_view', 'recording.save_chat_text', 'recording.show_timestamp', 'schedule_meeting.host_video',
  'schedule_meeting.join_before_host', 'schedule_meeting.mute_upon_entry', 'email_notification.jbh_reminder',
  'email_notification.cancel_meeting_reminder', 'meeting_security.waiting_room',
];

interface Setting {
  variant: Variant;
  path: string[];
  /** The account's generated value, so a group or an override can differ from it. */
  accountValue: boolean;
}

const variantOf = (path: readonly string[]): Variant => (path[0] === 'meeting_security' ? 'meeting_security' : 'default');

function levelField(level: Level, variant: Variant, path: readonly string[]): FieldSchema | undefined {
  let field: FieldSchema | undefined = levelSchema(level).settings[variant]?.root;
  for (const step of path) field = childField(field, step);
  return field;
}

function lockable(level: Level, variant: Variant, path: readonly string[]): boolean {
  return HIERARCHY_SCHEMA.lockMap[level].some((m) => m.how === 'same' && m.setting?.variant === variant && m.setting.path.join('.') === path.join('.'));
}

function usable(path: string[]): boolean {
  const variant = variantOf(path);
  const user = fieldAt(variant, path);
  if (!user || user.type !== 'boolean' || !user.settable || !user.readable || user.deprecated || user.secret || user.highImpact) return false;
  return (['account', 'group'] as const).every((level) => {
    const field = levelField(level, variant, path);
    return field?.type === 'boolean' && field.settable && lockable(level, variant, path);
  });
}

/** A flat (GET-shaped, variant keys on top) body setting each path to the opposite of the account's value. */
function flipped(settings: readonly Setting[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of settings) setAt(out, s.path, !s.accountValue);
  return out;
}

function locking(setting: Setting): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  setAt(out, setting.path, true);
  return out;
}

/** Which group a user belongs to, by position: shares of a typical company; 15 % are in no group. */
const GROUPS: ReadonlyArray<{ name: string; from: number; to: number }> = [
  { name: 'Engineering', from: 0, to: 35 },
  { name: 'Sales', from: 35, to: 55 },
  { name: 'Support', from: 55, to: 70 },
  { name: 'Marketing', from: 70, to: 80 },
  { name: 'Finance', from: 80, to: 85 },
];

export function realisticHierarchy(seed: string, users: number): HierarchySeed {
  const generated = generateSettings(seed, 'account-level');
  const settings: Setting[] = CANDIDATES.map((text) => text.split('.'))
    .filter(usable)
    .map((path) => ({ variant: variantOf(path), path, accountValue: getAt(generated[variantOf(path)], path) === true }));
  if (settings.length < 20) throw new RangeError(`realisticHierarchy: only ${settings.length} usable settings in the schema`);
  // Disjoint slices: what groups change, what the account locks, what users override.
  const groupSettings = settings.slice(0, 12);
  const accountLock = settings[12]!;
  const patterns = [settings.slice(13, 16), settings.slice(16, 18), [settings[18]!]];
  const oneOff = settings.slice(19);

  const emails = Array.from({ length: users }, (_, i) => generatedEmail(i));
  let next = 0;
  const groups: GroupSeed[] = GROUPS.map((group, g) => {
    const own = groupSettings.slice(next, (next += 2 + (g % 2)));
    return {
      name: group.name,
      priority: g + 2,
      members: emails.filter((_, i) => i % 100 >= group.from && i % 100 < group.to),
      settings: flipped(own),
      locks: locking(own[0]!),
    };
  });
  // One user in a hundred is also an executive: Executives decides for them (priority 1) and disagrees with
  // Engineering on two settings, which an importer cannot settle (the API does not expose priority, §9.8).
  const executives = flipped([groupSettings[11]!]);
  const engineeringOwn = groupSettings[1]!;
  setAt(executives, engineeringOwn.path, engineeringOwn.accountValue);
  groups.push({ name: 'Executives', priority: 1, members: emails.filter((_, i) => i % 100 === 7), settings: executives });

  const overrides: Record<string, Record<string, unknown>> = {};
  const patternOf = (i: number): number | undefined => (i % 100 === 90 || i % 100 === 91 ? 0 : i % 100 === 60 ? 1 : i % 100 === 20 ? 2 : undefined);
  const rng = seededRandom(seed, 'realistic-hierarchy');
  emails.forEach((email, i) => {
    const pattern = patternOf(i);
    const own = pattern === undefined ? [] : [...patterns[pattern]!];
    if (i % 97 === 3) own.push(oneOff[rng.int(0, oneOff.length - 1)]!);
    if (own.length > 0) overrides[email] = flipped(own);
  });
  return { inherit: true, account: { locks: locking(accountLock) }, groups, overrides };
}
