/**
 * The benchmark's account, described once and used by both sides: the desired state the CLI reads (bench/desired-
 * state.ts) and the simulated Zoom account it is compared with (bench/simulator-process.ts). Users are the
 * simulator's naming (user00001@example.com …) with every 50th pending like a generated account; a fixed share of
 * the active users differs from the desired state on exactly one managed leaf, the others match it exactly.
 */
import { generatedEmail } from '../src/simulator/index.js';

/** Settings of the default variant (no `option`), in API shape: defaults.yaml for every user. */
export const DESIRED_DEFAULTS = {
  in_meeting: {
    waiting_room: true,
    chat: true,
    allow_participants_chat_with: 3,
    allow_users_save_chats: 2,
    file_transfer: false,
    entry_exit_chime: 'none',
  },
  recording: {
    cloud_recording: true,
    auto_recording: 'none',
    auto_delete_cmr: true,
    auto_delete_cmr_days: 90,
  },
  schedule_meeting: {
    host_video: false,
    participants_video: false,
    join_before_host: false,
    embed_password_in_join_link: false,
  },
} as const;

/** profiles/presenters.yaml: overrides two defaults and adds one leaf, for every PRESENTER_EVERY-th user. */
export const PRESENTERS_PROFILE = {
  in_meeting: { screen_sharing: true, who_can_share_screen: 'all', allow_users_save_chats: 3 },
} as const;
export const PRESENTER_EVERY = 4;

/** One managed leaf a changed user has another value for in Zoom (taken in turn, so PATCH bodies vary). */
export interface Perturbation {
  path: readonly string[];
  value: unknown;
}

/** Leaves that neither layer disagrees on, so each perturbation changes exactly one planned value for every user. */
export const PERTURBATIONS: readonly Perturbation[] = [
  { path: ['in_meeting', 'waiting_room'], value: false },
  { path: ['in_meeting', 'file_transfer'], value: true },
  { path: ['in_meeting', 'entry_exit_chime'], value: 'all' },
  { path: ['recording', 'auto_recording'], value: 'cloud' },
  { path: ['recording', 'auto_delete_cmr_days'], value: 30 },
  { path: ['schedule_meeting', 'join_before_host'], value: true },
  { path: ['schedule_meeting', 'host_video'], value: true },
];

export type UserRole = { kind: 'pending' } | { kind: 'matching' } | { kind: 'changed'; perturbation: Perturbation };

export interface Scenario {
  users: number;
  changedShare: number;
}

export function emailOf(index: number): string {
  return generatedEmail(index);
}

/** Every 50th user never accepted the invitation, as in the simulator's generated accounts (zoom-api-facts.md §7.7). */
export function isPending(index: number): boolean {
  return (index + 1) % 50 === 0;
}

export function isPresenter(index: number): boolean {
  return index % PRESENTER_EVERY === 0;
}

/** Active users before `index`: the ordinal of an active user among the active ones. */
function activeOrdinal(index: number): number {
  return index - Math.floor((index + 1) / 50);
}

/**
 * The k-th active user is changed when floor((k + 1) × share) moves past floor(k × share): exactly
 * floor(active × share) changed users, spread evenly through the account (no bunching at one end).
 */
export function roleOf(index: number, scenario: Scenario): UserRole {
  if (isPending(index)) return { kind: 'pending' };
  const k = activeOrdinal(index);
  const changedBefore = Math.floor(k * scenario.changedShare);
  if (Math.floor((k + 1) * scenario.changedShare) === changedBefore) return { kind: 'matching' };
  return { kind: 'changed', perturbation: PERTURBATIONS[changedBefore % PERTURBATIONS.length]! };
}

export interface ScenarioCounts {
  users: number;
  pending: number;
  active: number;
  changed: number;
}

export function countsOf(scenario: Scenario): ScenarioCounts {
  const pending = Math.floor(scenario.users / 50);
  const active = scenario.users - pending;
  return { users: scenario.users, pending, active, changed: Math.floor(active * scenario.changedShare) };
}

type Settings = Record<string, unknown>;

function clone<T>(value: T): T {
  return structuredClone(value) as T;
}

function setLeaf(root: Settings, path: readonly string[], value: unknown): void {
  let node = root;
  for (const step of path.slice(0, -1)) node = (node[step] ??= {}) as Settings;
  node[path[path.length - 1]!] = value;
}

/** A user's resolved desired settings of the default variant (defaults, then the presenters profile if listed). */
export function desiredSettings(presenter: boolean): Settings {
  const out = clone(DESIRED_DEFAULTS) as unknown as Settings;
  if (presenter) {
    for (const [section, values] of Object.entries(PRESENTERS_PROFILE)) Object.assign(out[section] as Settings, values);
  }
  return out;
}

/** What Zoom holds for the user's managed leaves: the desired settings, with one leaf changed for a changed user. */
export function liveSettings(desired: Settings, role: UserRole): Settings {
  if (role.kind === 'changed') setLeaf(desired, role.perturbation.path, role.perturbation.value);
  return desired;
}

/** JSON bytes of a whole settings object: what a PATCH of "everything desired" would carry. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/** Bytes of the full desired settings of every changed user: the reference for the minimal PATCH bodies. */
export function fullDesiredBytesOfChanged(scenario: Scenario, desired: (index: number) => Settings, key: (index: number) => string): number {
  const bytesByKey = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < scenario.users; i++) {
    if (roleOf(i, scenario).kind !== 'changed') continue;
    const k = key(i);
    let bytes = bytesByKey.get(k);
    if (bytes === undefined) {
      bytes = jsonBytes(desired(i));
      bytesByKey.set(k, bytes);
    }
    total += bytes;
  }
  return total;
}
