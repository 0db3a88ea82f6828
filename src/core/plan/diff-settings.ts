/**
 * Diff of the variants whose body mirrors the GET shape: the default variant (no option) and meeting_security.
 * Only managed keys are compared (live is projected onto them), so an unmanaged Zoom field can never produce a
 * PATCH; fast-json-patch's `compare` finds the differences, and an operation inside a list marks the whole list
 * changed (a changed list is sent whole, zoom-api-facts.md §7.3).
 */
import jsonpatch from 'fast-json-patch';
import { fieldAt, type Variant } from '../../schema/index.js';
import type { DesiredLeaf } from '../desired/merge.js';
import { leafPath } from '../desired/merge.js';
import { changedLeaves, getAt, pointer, setAt } from './json-pointer.js';
import { normalizeLeaf } from './normalize.js';
import { SENSITIVE, type PlannedChange } from './types.js';

const { compare } = jsonpatch;

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
): { changes: LeafChange[]; errors: string[]; notCompared: string[] } {
  const errors: string[] = [];
  const notCompared: string[] = [];
  const desiredView: Record<string, unknown> = {};
  const liveView: Record<string, unknown> = {};
  const byPointer = new Map<string, { leaf: DesiredLeaf; desired: unknown; live: unknown }>();
  for (const leaf of leaves) {
    const field = fieldAt(variant, leaf.path);
    const name = leaf.path[leaf.path.length - 1]!;
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
    byPointer.set(pointer(leaf.path), { leaf, desired, live: liveValue });
    setAt(desiredView, leaf.path, normalizeLeaf(name, field, desired));
    if (liveValue !== undefined) setAt(liveView, leaf.path, normalizeLeaf(name, field, liveValue));
  }
  const changed = changedLeaves(
    compare(liveView, desiredView).map((op) => op.path),
    new Set(byPointer.keys()),
  );
  const changes: LeafChange[] = [];
  for (const [ptr, { leaf, desired, live: liveValue }] of byPointer) {
    if (!changed.has(ptr)) continue;
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
