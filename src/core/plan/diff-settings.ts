/**
 * Diff of the variants whose body mirrors the GET shape: the default variant (no option) and meeting_security.
 * Only managed keys are compared (each desired leaf against the live value at its path), so an unmanaged Zoom field
 * can never produce a PATCH; a leaf is a whole value, a list included (a changed list is sent whole,
 * zoom-api-facts.md §7.3). Whether two values are the same is core/compare's answer.
 */
import type { Variant } from '../../schema/index.js';
import { USER_SETTINGS, type SettingsComparison } from '../compare/index.js';
import type { DesiredLeaf } from '../desired/merge.js';
import { leafPath } from '../desired/merge.js';
import { getAt } from './json-pointer.js';
import { SENSITIVE, type PlannedChange } from './types.js';

export interface SecretContext {
  /** The value of an environment variable named by a secret reference, or undefined when it is not set. */
  resolveSecret(env: string): string | undefined;
  /** A salted fingerprint standing in for a secret value in plans and journals. */
  fingerprint(value: string): string;
  /**
   * What an unset variable behind a secret reference means: an error (default: apply cannot set it), or, for a
   * plan made where the passcodes are deliberately absent (a pull request), a setting left out of the comparison.
   */
  unsetSecrets?: 'error' | 'not-compared';
}

export interface VariantDiff {
  changes: PlannedChange[];
  errors: string[];
}

/** A change paired with the desired leaf that asked for it. */
export interface LeafChange {
  leaf: DesiredLeaf;
  change: PlannedChange;
}

export function diffSettingsVariant(
  variant: Extract<Variant, 'default' | 'meeting_security'>,
  leaves: readonly DesiredLeaf[],
  live: Record<string, unknown>,
  secrets: SecretContext,
  comparison: SettingsComparison = USER_SETTINGS,
): { changes: LeafChange[]; errors: string[]; notCompared: string[] } {
  const errors: string[] = [];
  const notCompared: string[] = [];
  const changes: LeafChange[] = [];
  for (const leaf of leaves) {
    let desired = leaf.value;
    if (leaf.secret) {
      desired = secrets.resolveSecret(leaf.secret.env);
      if (desired === undefined && secrets.unsetSecrets === 'not-compared') {
        notCompared.push(`${leafPath(leaf)} (${leaf.secret.env})`);
        continue;
      }
      if (desired === undefined) {
        errors.push(`${leafPath(leaf)}: environment variable ${leaf.secret.env} is not set (${leaf.source.file}:${leaf.source.line})`);
        continue;
      }
    }
    const liveValue = getAt(live, leaf.path);
    if (comparison.equal(variant, leaf.path, liveValue, desired)) continue;
    const base = { variant, path: leafPath(leaf), locator: leaf.path, source: leaf.source };
    if (leaf.secret) {
      const after = secrets.fingerprint(desired as string);
      const before = typeof liveValue === 'string' && liveValue.length > 0 ? secrets.fingerprint(liveValue) : null;
      changes.push({ leaf, change: { ...base, before: SENSITIVE, after: SENSITIVE, sensitive: { before, after, env: leaf.secret.env } } });
    } else {
      changes.push({ leaf, change: { ...base, before: liveValue ?? null, after: desired } });
    }
  }
  return { changes, errors, notCompared };
}
