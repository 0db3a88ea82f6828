/**
 * A chaos world: a generated desired state (defaults + two profiles, one extending the other, a passcode reference)
 * over N users, and a simulator seeded from it in which every user starts exactly as desired, then a seeded share is
 * drifted "in the portal" so applying has work to do. Two desired users do not exist in Zoom and one is pending
 * (zoom-api-facts.md §7.7), so the ledger must account for every kind of user.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulatorEnv } from '../../src/commands/shared/zoom-session.js';
import { leafPath, type DesiredLeaf, type ResolvedUser } from '../../src/core/desired/merge.js';
import { loadDesiredState, resolveUsers } from '../../src/io/desired-state.js';
import { seedUserFor } from '../../src/io/seed-users.js';
import { seededRandom } from '../../src/simulator/seeded-random.js';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../src/simulator/index.js';
import type { Variant } from '../../src/schema/index.js';

/** The passcode the `exec` profile references; its value lives only in the environment (and in the simulator). */
export const PASSCODE_ENV = 'CHAOS_EXEC_PMI_PASSCODE';
/** With `defaultsPasscode`: every user's default meeting passcode, from this variable. */
export const DEFAULT_PASSCODE_ENV = 'CHAOS_DEFAULT_MEETING_PASSCODE';

export interface WorldOptions {
  dir: string;
  users: number;
  seed: number;
  /** Share of existing, active users drifted in the simulator (default 0.3). */
  driftShare?: number;
  /** Passed to startSimulator (client secret, latency …). */
  simulator?: SimulatorOptions;
  /** The passcode the desired state references (default a seeded 8-digit value). */
  passcode?: string;
  /** Also manage every user's default meeting passcode (defaults.yaml), with this value. */
  defaultsPasscode?: string;
}

export interface World {
  dir: string;
  sim: SimulatorHandle;
  /** Environment for the CLI: credentials, the simulator's URLs, the passcode, generous client pacing. */
  env: NodeJS.ProcessEnv;
  /** Every desired user key, in desired-state order. */
  users: string[];
  /** Desired users Zoom does not know (1001) and users whose invitation is pending (1120). */
  ghosts: string[];
  pending: string[];
  /** Users drifted in the simulator, with the leaves changed. */
  drifted: Map<string, string[]>;
  /** Per user key: the managed leaves as `variant path` (leafPath), for "nothing unmanaged was sent". */
  managed: Map<string, Set<string>>;
  stop(): Promise<void>;
}

const DEFAULTS = `settings:
  in_meeting:
    waiting_room: true
    chat: true
    entry_exit_chime: none
    allow_participants_chat_with: 3
  schedule_meeting:
    join_before_host: false
  recording:
    auto_recording: none
`;

const SECURE = `description: Meeting security for most people.
settings:
  meeting_security:
    waiting_room: true
    block_user_domain: true
    block_user_domain_list: [badactor.example.net]
    meeting_password_requirement:
      length: 8
      have_number: true
  in_meeting:
    who_can_share_screen: host
`;

const EXEC = `description: Executives admit signed-in participants only and keep a PMI passcode from the environment.
extends: [secure]
settings:
  in_meeting:
    allow_participants_chat_with: 2
  meeting_authentication:
    enabled: true
    profiles:
      Signed-in users:
        visible: true
        default: true
  schedule_meeting:
    pmi_password: { env: ${PASSCODE_ENV} }
`;

export function userKey(i: number): string {
  return `u${String(i + 1).padStart(5, '0')}@chaos.example.com`;
}

/** Writes the desired state: user i gets exec (1 in 10), secure (6 in 10) or defaults only; some own settings. */
export function writeDesiredState(dir: string, users: number, defaultsPasscode = false): { ghosts: string[]; pending: string[] } {
  mkdirSync(join(dir, 'profiles'), { recursive: true });
  mkdirSync(join(dir, 'users'), { recursive: true });
  const secret = `    default_password_for_scheduled_meetings: { env: ${DEFAULT_PASSCODE_ENV} }\n`;
  writeFileSync(join(dir, 'defaults.yaml'), defaultsPasscode ? DEFAULTS.replace('    join_before_host: false\n', `    join_before_host: false\n${secret}`) : DEFAULTS);
  writeFileSync(join(dir, 'profiles/secure.yaml'), SECURE);
  writeFileSync(join(dir, 'profiles/exec.yaml'), EXEC);
  const perFile = 250;
  for (let start = 0; start < users; start += perFile) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(users, start + perFile); i++) {
      const profile = i % 10 === 0 ? 'exec' : i % 10 < 7 ? 'secure' : undefined;
      lines.push(`${userKey(i)}:`);
      lines.push(profile ? `  profiles: [${profile}]` : '  profiles: []');
      if (i % 7 === 3) lines.push('  settings:', '    in_meeting:', '      chat: false');
    }
    writeFileSync(join(dir, `users/team-${String(start / perFile + 1).padStart(3, '0')}.yaml`), `${lines.join('\n')}\n`);
  }
  // Spread over the run, never an exec (their passcode is set per user in the simulator).
  const at = (share: number): string => userKey(Math.floor(users * share) | 1);
  return { ghosts: [at(0.21), at(0.63)], pending: [at(0.47)] };
}

/** What a portal edit turns a managed leaf into: a different, valid value. */
function driftedValue(leaf: DesiredLeaf): unknown {
  const value = leaf.value;
  if (typeof value === 'boolean') return !value;
  if (leafPath(leaf) === 'in_meeting.allow_participants_chat_with') return value === 4 ? 1 : 4;
  if (leafPath(leaf) === 'in_meeting.entry_exit_chime') return 'all';
  if (leafPath(leaf) === 'recording.auto_recording') return 'cloud';
  if (leafPath(leaf) === 'in_meeting.who_can_share_screen') return 'all';
  if (leafPath(leaf) === 'meeting_security.meeting_password_requirement.length') return 6;
  if (Array.isArray(value)) return ['old.example.org'];
  return undefined;
}

function simPath(leaf: DesiredLeaf): { variant: Variant; path: string[] } | undefined {
  if (leaf.variant === 'default' || leaf.variant === 'meeting_security') return { variant: leaf.variant, path: leaf.path };
  // The toggle of an authentication block is its top-level field in the GET shape.
  if (leaf.path[0] === 'enabled') return { variant: leaf.variant, path: [leaf.variant] };
  return undefined;
}

export async function createWorld(options: WorldOptions): Promise<World> {
  const { ghosts, pending } = writeDesiredState(options.dir, options.users, options.defaultsPasscode !== undefined);
  const loaded = await loadDesiredState(options.dir);
  if (loaded.errors > 0) throw new Error(`the generated desired state is not valid: ${JSON.stringify(loaded.problems.slice(0, 3))}`);
  const resolved: ResolvedUser[] = [...resolveUsers(loaded.state)];
  const random = seededRandom(options.seed, 'chaos-world');
  const passcode = options.passcode ?? String(10_000_000 + Math.floor(random.next() * 89_999_999));
  const seedUsers = resolved
    .filter((u) => !ghosts.includes(u.user.key))
    .map((u) => ({ ...seedUserFor(u), ...(pending.includes(u.user.key) ? { status: 'pending' as const } : {}) }));
  const sim = await startSimulator({ users: 0, seed: options.seed, preferShare: 1, maxRps: 5000, seedUsers, ...options.simulator });

  const managed = new Map<string, Set<string>>();
  const drifted = new Map<string, string[]>();
  const driftShare = options.driftShare ?? 0.3;
  for (const user of resolved) {
    const key = user.user.key;
    managed.set(key, new Set(user.leaves.map((l) => `${l.variant} ${leafPath(l)}`)));
    if (ghosts.includes(key)) continue;
    for (const leaf of user.leaves) {
      if (leaf.secret) sim.setSetting(key, leaf.variant, leaf.path, leaf.secret.env === PASSCODE_ENV ? passcode : options.defaultsPasscode!);
    }
    if (pending.includes(key) || random.next() >= driftShare) continue;
    // One to three managed leaves changed in the portal; always the waiting room, so a lock can hold it.
    const candidates = user.leaves.filter((l) => !l.secret && simPath(l) && driftedValue(l) !== undefined);
    const picked = [candidates.find((l) => leafPath(l) === 'in_meeting.waiting_room')!];
    for (const leaf of candidates) if (picked.length < 3 && leaf !== picked[0] && random.next() < 0.25) picked.push(leaf);
    for (const leaf of picked) {
      const at = simPath(leaf)!;
      sim.setSetting(key, at.variant, at.path, driftedValue(leaf));
    }
    // An executive's passcode changed in the portal too, now and then: a secret change to revert.
    const secret = user.leaves.find((l) => l.secret?.env === PASSCODE_ENV);
    const secretDrift = secret !== undefined && random.next() < 0.5;
    if (secretDrift) sim.setSetting(key, secret.variant, secret.path, passcode === '12340000' ? '43210000' : '12340000');
    drifted.set(key, [...picked.map(leafPath), ...(secretDrift ? [leafPath(secret)] : [])]);
  }
  const env: NodeJS.ProcessEnv = {
    ...simulatorEnv({}, sim),
    ZOOM_MAX_RPS: '1500',
    // A total deadline per request: generous enough that a loaded machine's honest answers are not cut off and
    // re-sent (a re-sent PATCH would look like a double apply); the hung-requests scenario sets its own 1 s.
    ZOOM_TIMEOUT_MS: '5000',
    [PASSCODE_ENV]: passcode,
    ...(options.defaultsPasscode !== undefined ? { [DEFAULT_PASSCODE_ENV]: options.defaultsPasscode } : {}),
  };
  return {
    dir: options.dir,
    sim,
    env,
    users: resolved.map((u) => u.user.key),
    ghosts,
    pending,
    drifted,
    managed,
    stop: () => sim.stop(),
  };
}
