/**
 * The realistic account shape (`--shape realistic`): what a real desired state looks like, not the flat minimum.
 * - users spread over several files (at least MIN_USER_FILES, at most USERS_PER_FILE users each), block YAML;
 * - every user lists 1–3 profiles (in turn from PROFILES) and has a few nested settings of its own (one of
 *   USER_TEMPLATES in turn);
 * - every SECRET_EVERY-th user sets its PMI passcode by reference (`pmi_password: { env: BENCH_PMI_PASSCODE_k }`),
 *   and the CLI child gets those variables (secretEnv).
 * No layer touches a leaf of PERTURBATIONS, so a changed user still differs on exactly one planned value.
 * Everything is in the default variant: one GET per user, as in the simple shape, so the two compare request for
 * request.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { DESIRED_DEFAULTS, emailOf } from './scenario.js';

type Settings = Record<string, unknown>;

export const USERS_PER_FILE = 10_000;
export const MIN_USER_FILES = 4;
export const SECRET_EVERY = 10;
const SECRET_VARIABLES = 5;

/** Profiles (default variant). Listed 1–3 at a time, in turn, so users share a handful of chains. */
export const PROFILES: Record<string, Settings> = {
  presenters: { in_meeting: { screen_sharing: true, who_can_share_screen: 'all', allow_users_save_chats: 3 } },
  trainers: { in_meeting: { breakout_room: true, polling: true, non_verbal_feedback: true } },
  recorders: { recording: { record_speaker_view: true, record_gallery_view: true, save_chat_text: true } },
  support: { in_meeting: { remote_control: true, annotation: true, whiteboard: true }, schedule_meeting: { use_pmi_for_instant_meetings: true } },
};
const PROFILE_NAMES = Object.keys(PROFILES);

/** A user's own settings: nested a section deep, a few leaves each, overriding a profile now and then. */
export const USER_TEMPLATES: readonly Settings[] = [
  { in_meeting: { closed_caption: true, co_host: true } },
  { in_meeting: { breakout_room: false }, recording: { show_timestamp: true } },
  { recording: { record_audio_file: true, save_chat_text: false } },
  { in_meeting: { polling: false, virtual_background: true }, schedule_meeting: { use_pmi_for_instant_meetings: false } },
  { in_meeting: { annotation: false, whiteboard: false, co_host: true } },
  { schedule_meeting: { use_pmi_for_scheduled_meetings: false }, recording: { record_gallery_view: false } },
];

export function profilesOf(index: number): string[] {
  const count = 1 + (index % 3);
  return Array.from({ length: count }, (_, k) => PROFILE_NAMES[(Math.floor(index / 3) + k) % PROFILE_NAMES.length]!);
}

export function templateOf(index: number): number {
  return index % USER_TEMPLATES.length;
}

/** The secret variable a user's PMI passcode comes from, or null. */
export function secretOf(index: number): number | null {
  return index % SECRET_EVERY === 0 ? (index / SECRET_EVERY) % SECRET_VARIABLES : null;
}

const secretName = (k: number): string => `BENCH_PMI_PASSCODE_${k}`;
const secretValue = (k: number): string => `Bench${k}pmi42`;

/** The variables the CLI child needs for the references. */
export function secretEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (let k = 0; k < SECRET_VARIABLES; k++) env[secretName(k)] = secretValue(k);
  return env;
}

/** A deep copy made in this realm (js-yaml's dump refuses objects whose prototype is another realm's, as jest's). */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function isPlainObject(value: unknown): value is Settings {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Zoom-settings' merge: objects key by key, anything else replaced by the later layer. */
function mergeInto(base: Settings, over: Settings): Settings {
  for (const [key, value] of Object.entries(over)) {
    base[key] = isPlainObject(value) && isPlainObject(base[key]) ? mergeInto(base[key] as Settings, value) : copy(value);
  }
  return base;
}

function ownSettings(index: number, secretAs: (k: number) => unknown): Settings {
  const own = copy(USER_TEMPLATES[templateOf(index)]!) as Settings;
  const secret = secretOf(index);
  if (secret !== null) mergeInto(own, { schedule_meeting: { pmi_password: secretAs(secret) } });
  return own;
}

/** A user's resolved desired settings in API shape, the secret as its value: what Zoom holds for a matching user. */
export function realisticDesired(index: number): Settings {
  const out = copy(DESIRED_DEFAULTS) as unknown as Settings;
  for (const name of profilesOf(index)) mergeInto(out, PROFILES[name]!);
  return mergeInto(out, ownSettings(index, secretValue));
}

/** What makes two users' desired settings equal (the simulator shares one object per key). */
export function realisticKey(index: number): string {
  return `${profilesOf(index).join('+')}/${templateOf(index)}/${secretOf(index)}`;
}

export function writeRealisticState(dir: string, users: number): { files: number } {
  mkdirSync(join(dir, 'profiles'), { recursive: true });
  mkdirSync(join(dir, 'users'), { recursive: true });
  writeFileSync(join(dir, 'defaults.yaml'), dump({ settings: DESIRED_DEFAULTS }));
  for (const [name, settings] of Object.entries(PROFILES)) {
    writeFileSync(join(dir, 'profiles', `${name}.yaml`), dump({ description: `The ${name} of the account.`, settings }));
  }
  const files = Math.max(Math.min(MIN_USER_FILES, users), Math.ceil(users / USERS_PER_FILE));
  const perFile = Math.ceil(users / files);
  // Block YAML, as people write it; a user's own settings depend only on its template and secret, so render each once.
  const rendered = new Map<string, string>();
  const settingsText = (index: number): string => {
    const key = `${templateOf(index)}/${secretOf(index)}`;
    let text = rendered.get(key);
    if (text === undefined) {
      text = dump(ownSettings(index, (k) => ({ env: secretName(k) })), { flowLevel: 2 }).replace(/^/gm, '    ').trimEnd();
      rendered.set(key, text);
    }
    return text;
  };
  for (let file = 0; file < files; file++) {
    const lines: string[] = [];
    for (let i = file * perFile; i < Math.min(users, (file + 1) * perFile); i++) {
      lines.push(`${emailOf(i)}:`, `  profiles: [${profilesOf(i).join(', ')}]`, '  settings:', settingsText(i));
    }
    writeFileSync(join(dir, 'users', `team-${String(file + 1).padStart(3, '0')}.yaml`), `${lines.join('\n')}\n`);
  }
  return { files };
}
