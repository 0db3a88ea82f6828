/**
 * The simulated Zoom account: users, their settings (GET-shaped per variant), and locks. Settings are generated on
 * first use, from a per-user random stream, so a 50,000-user account starts instantly and stays deterministic.
 */
import { VARIANTS, fieldAt, type Variant } from '../schema/index.js';
import { isAuthVariant, profileChanges, type AuthenticationOption } from './auth-profiles.js';
import { applyPrefer, generateSettings, type UserSettings } from './generate-settings.js';
import { effectiveSettings, initialOverrides, type InheritanceSource, type UserSettingsMode } from './inheritance.js';
import { secretValues } from './secret-values.js';
import { seededRandom } from './seeded-random.js';
import { isPlainObject, isUnder, setAt } from './settings-paths.js';
import type { SeedUser, SimUserSnapshot, SimUserSummary, UserStatus } from './types.js';

export interface AccountUser {
  id: string;
  email: string;
  status: UserStatus;
  firstName: string;
  lastName: string;
  prefer?: SeedUser['prefer'];
  /**
   * Undefined until first used; then the live state: every setting ('own' mode), or only the user's overrides
   * when users inherit (src/simulator/inheritance.ts).
   */
  settings?: UserSettings;
}

export interface StoredLock {
  userId: string;
  variant: Variant;
  path: string[];
}

export const ACCOUNT_STATE_VERSION = 1;

export interface AccountState {
  version: typeof ACCOUNT_STATE_VERSION;
  seed: string;
  preferShare: number;
  users: AccountUser[];
  locks: StoredLock[];
  /** Absent in files written before users could inherit: 'own'. */
  userSettings?: UserSettingsMode;
}

export interface GenerateOptions {
  seed: string;
  users: number;
  seedUsers: SeedUser[];
  preferShare: number;
  userSettings?: UserSettingsMode;
}

/** A 22-character base64url id, like Zoom's user ids. */
function userId(...parts: Array<string | number>): string {
  return seededRandom(...parts).bytes(16).toString('base64url');
}

export function generatedEmail(index: number): string {
  return `user${String(index + 1).padStart(5, '0')}@example.com`;
}

export class UnknownUserError extends Error {
  override name = 'UnknownUserError';
  constructor(readonly key: string) {
    super(`no simulated user with id or email "${key}"`);
  }
}

export class Account {
  private readonly byId = new Map<string, AccountUser>();
  private readonly byEmail = new Map<string, AccountUser>();
  private readonly locks: StoredLock[];
  /** Set by the server when users inherit: the hierarchy their GETs resolve through. */
  private inheritance: InheritanceSource | undefined;

  private constructor(
    readonly seed: string,
    readonly preferShare: number,
    private readonly all: AccountUser[],
    locks: StoredLock[],
    readonly userSettings: UserSettingsMode = 'own',
  ) {
    for (const user of all) {
      if (this.byId.has(user.id) || this.byEmail.has(user.email.toLowerCase())) {
        throw new RangeError(`duplicate simulated user: ${user.id} / ${user.email}`);
      }
      this.byId.set(user.id, user);
      this.byEmail.set(user.email.toLowerCase(), user);
    }
    this.locks = locks;
  }

  static generate(options: GenerateOptions): Account {
    const users: AccountUser[] = [];
    for (let i = 0; i < options.users; i++) {
      users.push({
        id: userId(options.seed, 'user-id', i),
        email: generatedEmail(i),
        // Every 50th user never accepted the invitation: Zoom answers 1120 for them (§7.7).
        status: (i + 1) % 50 === 0 ? 'pending' : 'active',
        firstName: 'User',
        lastName: String(i + 1).padStart(5, '0'),
      });
    }
    options.seedUsers.forEach((seedUser, i) => {
      if (!seedUser.id && !seedUser.email) throw new RangeError(`seed user ${i} needs an id or an email`);
      const id = seedUser.id ?? userId(options.seed, 'seed-user-id', seedUser.email!.toLowerCase());
      const email = seedUser.email ?? `${id}@example.com`;
      users.push({
        id,
        email,
        status: seedUser.status ?? 'active',
        firstName: email.split('@')[0] ?? email,
        lastName: 'Seeded',
        ...(seedUser.prefer ? { prefer: seedUser.prefer } : {}),
      });
    });
    return new Account(options.seed, options.preferShare, users, [], options.userSettings);
  }

  static fromState(state: AccountState): Account {
    if (state.version !== ACCOUNT_STATE_VERSION) {
      throw new RangeError(`simulator state version ${String(state.version)} is not ${ACCOUNT_STATE_VERSION}`);
    }
    return new Account(state.seed, state.preferShare, state.users, state.locks, state.userSettings);
  }

  toState(): AccountState {
    return { version: ACCOUNT_STATE_VERSION, seed: this.seed, preferShare: this.preferShare, users: this.all, locks: this.locks, userSettings: this.userSettings };
  }

  /** Users inherit through `source` (required in 'inherit' mode before any settings are read). */
  inheritFrom(source: InheritanceSource): void {
    this.inheritance = source;
  }

  private get inheriting(): InheritanceSource | undefined {
    if (this.userSettings === 'own') return undefined;
    if (!this.inheritance) throw new RangeError('users inherit, but no hierarchy was given to inherit from');
    return this.inheritance;
  }

  /** By id, else by email (case-insensitive), as Zoom accepts either for {userId} (§2). */
  find(key: string): AccountUser | undefined {
    return this.byId.get(key) ?? this.byEmail.get(key.toLowerCase());
  }

  get(key: string): AccountUser {
    const user = this.find(key);
    if (!user) throw new UnknownUserError(key);
    return user;
  }

  list(status?: UserStatus): AccountUser[] {
    return status ? this.all.filter((u) => u.status === status) : this.all;
  }

  summaries(): SimUserSummary[] {
    return this.all.map(({ id, email, status }) => ({ id, email, status }));
  }

  /** The user's settings as a GET shows them before locks: their own, or, when inheriting, overrides over the hierarchy. */
  settingsOf(user: AccountUser): UserSettings {
    const own = this.ownOf(user);
    const source = this.inheriting;
    return source ? effectiveSettings(source, user, own) : own;
  }

  /** What the user's record holds (what a PATCH or a portal change writes to). */
  private ownOf(user: AccountUser): UserSettings {
    user.settings ??= this.computeSettings(user);
    return user.settings;
  }

  private computeSettings(user: AccountUser): UserSettings {
    const settings = generateSettings(this.seed, user.id);
    if (user.prefer) applyPrefer(settings, user.prefer, seededRandom(this.seed, 'prefer', user.id), this.preferShare);
    const source = this.inheriting;
    return source ? initialOverrides(settings, source.seeded(user)) : settings;
  }

  snapshot(key: string): SimUserSnapshot | undefined {
    const user = this.find(key);
    if (!user) return undefined;
    return { id: user.id, email: user.email, status: user.status, settings: structuredClone(this.settingsOf(user)) };
  }

  lock(key: string, variant: Variant, path: string[]): void {
    const user = this.get(key);
    const same = (l: StoredLock) => l.userId === user.id && l.variant === variant && l.path.join('\u0000') === path.join('\u0000');
    if (!this.locks.some(same)) this.locks.push({ userId: user.id, variant, path: [...path] });
  }

  private lockedPaths(user: AccountUser, variant: Variant): string[][] {
    return this.locks.filter((l) => l.userId === user.id && l.variant === variant).map((l) => l.path);
  }

  /** A change made "in the Zoom portal": any readable schema path, locks do not apply. */
  setSetting(key: string, variant: Variant, path: string[], value: unknown): void {
    const user = this.get(key);
    const field = fieldAt(variant, path);
    if (!field?.readable) throw new RangeError(`${variant} has no readable setting at ${path.join('.') || '(root)'}`);
    setAt(this.ownOf(user)[variant], path, structuredClone(value));
  }

  /**
   * Applies a validated PATCH body. Objects merge key by key and arrays are replaced (§7.3 treats arrays as whole
   * values). A locked leaf keeps its value while the rest of the body applies: the simulator's answer to the open
   * question of §7.1 is Zoom's documented lock semantics ("cannot modify it individually") with a 204.
   */
  applyPatch(user: AccountUser, variant: Variant, body: Record<string, unknown>): void {
    const own = this.ownOf(user);
    const locked = this.lockedPaths(user, variant);
    if (isAuthVariant(variant)) {
      // Profiles are edited one by one inside a list: an inheriting user's first edit takes the whole block as theirs.
      if (this.inheriting && own[variant].authentication_options === undefined) own[variant] = this.settingsOf(user)[variant];
      this.applyAuthPatch(own[variant], variant, body, locked);
      return;
    }
    const target = own[variant];
    const merge = (into: Record<string, unknown>, patch: Record<string, unknown>, path: string[]): void => {
      for (const [key, value] of Object.entries(patch)) {
        const childPath = [...path, key];
        // PATCH-only fields (e.g. in_meeting.auto_answer, §4.4) are accepted but GET never shows them.
        if (!fieldAt(variant, childPath)?.readable) continue;
        if (isPlainObject(value)) {
          if (!isPlainObject(into[key])) into[key] = {};
          merge(into[key] as Record<string, unknown>, value, childPath);
        } else if (!isUnder(childPath, locked)) {
          into[key] = structuredClone(value);
        }
      }
    };
    merge(target, body, []);
  }

  private applyAuthPatch(target: Record<string, unknown>, variant: Variant, body: Record<string, unknown>, locked: string[][]): void {
    if (typeof body[variant] === 'boolean' && !isUnder([variant], locked)) target[variant] = body[variant];
    const option = body.authentication_option as AuthenticationOption | undefined;
    if (!option) return;
    const profiles = target.authentication_options as Array<Record<string, unknown>>;
    const profile = profiles.find((p) => p.id === option.id);
    if (!profile) return;
    for (const [field, value] of profileChanges(option)) {
      if (isUnder(['authentication_options', option.id, field], locked)) continue;
      if (field === 'default_option' && value === true) for (const other of profiles) other.default_option = false;
      profile[field] = value;
    }
  }

  /** Every passcode in the account, generated or written since. */
  secrets(): string[] {
    const out = new Set<string>();
    for (const user of this.all) {
      // Without storing what was never used: a 50,000-user account stays lazily generated.
      const own = user.settings ?? this.computeSettings(user);
      const source = this.inheriting;
      const settings = source ? effectiveSettings(source, user, own) : own;
      for (const variant of VARIANTS) for (const value of secretValues(variant, settings[variant])) out.add(value);
    }
    return [...out];
  }
}
