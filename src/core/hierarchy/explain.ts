/**
 * `explain`'s answer for one user, as data (issue 15, item 5): per setting the account's value and lock, each of
 * the user's groups' value and lock, the user's live value, the desired value with the merge chain that produced
 * it (defaults → profiles → user, each with file:line:col), and the verdict. Pure: the reads happen around it.
 */
import { expandProfile, flattenSettings, leafPath, type DesiredLeaf, type ResolvedUser } from '../desired/merge.js';
import type { DesiredState } from '../desired/model.js';
import type { SourcePosition } from '../desired/source.js';
import { sectionVariant } from '../desired/validate-settings.js';
import { liveValueAt } from '../plan/locator.js';
import { SENSITIVE, type UserPlan } from '../plan/types.js';
import { fieldAt, type Variant } from '../../schema/index.js';
import type { HierarchySnapshot } from './model.js';
import { describeHold, resolveSetting, type LevelView } from './resolve.js';
import type { GroupRef } from './model.js';

export type Verdict = 'in sync' | 'will change' | 'held by lock' | 'not managed' | 'not planned';

export interface ChainStep {
  layer: string;
  value: unknown;
  source: SourcePosition;
}

export interface ExplainedSetting {
  setting: string;
  variant: Variant;
  account: LevelView | null;
  groups: Array<GroupRef & LevelView>;
  live: unknown;
  desired: { value: unknown; source: SourcePosition; chain: ChainStep[] } | null;
  verdict: Verdict;
  /** With `held by lock`: "locked to false at group Sales". */
  heldBy?: string;
}

const AUTH_VARIANTS: ReadonlySet<Variant> = new Set(['meeting_authentication', 'recording_authentication']);

/** The API locator of a setting an admin names (in_meeting.chat, meeting_authentication.enabled). */
export function locate(setting: string): { variant: Variant; path: string[]; locator: string[] | undefined } {
  const steps = setting.split('.');
  const variant = sectionVariant(steps[0]!);
  if (!AUTH_VARIANTS.has(variant)) return { variant, path: steps, locator: steps };
  const path = steps.slice(1);
  return { variant, path, locator: path.length === 1 && path[0] === 'enabled' ? [variant] : undefined };
}

/** Every layer that sets the leaf, in merge order; the last one wins. */
export function mergeChain(state: DesiredState, resolved: ResolvedUser, leaf: Pick<DesiredLeaf, 'variant' | 'path'>): ChainStep[] {
  const layers: Array<{ layer: string; settings: DesiredState['users'][number]['settings'] }> = [];
  if (state.defaults) layers.push({ layer: 'defaults', settings: state.defaults.settings });
  for (const profile of resolved.user.profiles.flatMap((ref) => expandProfile(state, ref.name, []))) {
    layers.push({ layer: `profile ${profile.name}`, settings: profile.settings });
  }
  layers.push({ layer: `user ${resolved.user.key}`, settings: resolved.user.settings });
  const key = leafPath(leaf);
  return layers.flatMap(({ layer, settings }) => {
    const found = flattenSettings(settings).find((l) => l.variant === leaf.variant && leafPath(l) === key);
    return found ? [{ layer, value: found.secret ? SENSITIVE : found.value, source: found.source }] : [];
  });
}

export interface ExplainInput {
  state: DesiredState;
  resolved: ResolvedUser;
  /** The settings asked about; empty = every setting the user's desired state manages. */
  settings: string[];
  live: Partial<Record<Variant, Record<string, unknown>>>;
  hierarchy: HierarchySnapshot | undefined;
  /** The user's plan after the lock post-step (the verdicts come from the same pipeline as `plan`). */
  plan: UserPlan;
}

export function explainUser(input: ExplainInput): ExplainedSetting[] {
  const { resolved, plan, hierarchy } = input;
  const names = input.settings.length > 0 ? input.settings : [...new Set(resolved.leaves.map(leafPath))];
  return names.map((setting) => {
    const leaf = resolved.leaves.find((l) => leafPath(l) === setting);
    const { variant, locator } = leaf ? { variant: leaf.variant, locator: locate(setting).locator } : locate(setting);
    const where = resolveSettingOrNull(hierarchy, resolved.user.key, variant, locator);
    // Passcodes never reach output (§4.3): every level's value of a secret field is masked.
    const secret = locator !== undefined && fieldAt(variant, locator)?.secret === true;
    const mask = <T extends { value: unknown }>(view: T): T => (secret && view.value !== undefined ? { ...view, value: SENSITIVE } : view);
    const change = plan.changes.find((c) => c.path === setting);
    const held = plan.held?.find((c) => c.path === setting);
    const verdict: Verdict = !leaf ? 'not managed' : held ? 'held by lock' : change ? 'will change' : plan.status === 'no-change' || plan.status === 'change' ? 'in sync' : 'not planned';
    return {
      setting,
      variant,
      account: where ? mask(where.account) : null,
      groups: (where?.groups ?? []).map(mask),
      live: secret ? SENSITIVE : locator ? (liveValueAt(input.live[variant] ?? {}, locator) ?? null) : null,
      desired: leaf ? { value: leaf.secret ? SENSITIVE : leaf.value, source: leaf.source, chain: mergeChain(input.state, resolved, leaf) } : null,
      verdict,
      ...(held ? { heldBy: describeHold(held.hold) } : {}),
    };
  });
}

function resolveSettingOrNull(hierarchy: HierarchySnapshot | undefined, user: string, variant: Variant, locator: string[] | undefined) {
  return hierarchy && locator ? resolveSetting(hierarchy, user, variant, locator) : null;
}
