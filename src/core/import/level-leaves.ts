/**
 * The account's and the groups' live settings and locks → the leaves account.yaml and groups/*.yaml can hold
 * (FORMATS.md, issue 16 item 4). Only the managed part is written: settings a user also has (the user schema's
 * importable leaves, live-leaves.ts) that the level's own schema has too (settings-lookup.ts: the authentication
 * blocks are per user only), and the locks that hold such a setting (schema/hierarchy.ts lockMap). A value the
 * level's validator rejects is skipped and named, as for users.
 */
import { HIERARCHY_SCHEMA, type Level, type LockMapping } from '../../schema/hierarchy.js';
import type { LevelSnapshot } from '../hierarchy/model.js';
import type { FieldSchema } from '../../schema/index.js';
import { LEVEL_LOOKUPS } from '../desired/settings-lookup.js';
import { sectionVariant } from '../desired/validate-settings.js';
import { getAt } from '../plan/json-pointer.js';
import { createLeafChecker, type LeafChecker } from './leaf-check.js';
import { importLeaves, leafKeyOf, type ImportLeaf, type SkippedLeaf } from './live-leaves.js';
import type { ImportScope } from './scope.js';

export interface LevelLeaves {
  settings: ImportLeaf[];
  locks: ImportLeaf[];
  skipped: SkippedLeaf[];
}

/** Checkers per level and kind, built once per import (each caches its verdicts). */
export interface LevelCheckers {
  settings: LeafChecker;
  locks: LeafChecker;
}

export function levelCheckers(level: Level): LevelCheckers {
  return { settings: createLeafChecker(LEVEL_LOOKUPS[level].settings), locks: createLeafChecker(LEVEL_LOOKUPS[level].locks) };
}

/** The locks that hold a user setting in scope, in the schema's order. */
function lockMappings(level: Level, scope: ImportScope): LockMapping[] {
  return HIERARCHY_SCHEMA.lockMap[level].filter((mapping) => {
    const section = mapping.setting?.path[0];
    return section !== undefined && scope.sections.has(section) && (scope.highImpact || section !== 'feature');
  });
}

const NOT_THE_LEVELS = 'not a setting of this level';

const writable = (field: FieldSchema | undefined): boolean => field !== undefined && field.settable && field.readable && !field.deprecated;

/** Levels have no authentication blocks (settings-lookup.ts): only the default and meeting_security variants. */
function levelScope(scope: ImportScope): ImportScope {
  return { ...scope, variants: scope.variants.filter((v) => v === 'default' || v === 'meeting_security') };
}

/** Every user setting the level's live body has, unchecked: what the level gives, whether or not a file can say it. */
export function liveLevelValues(snapshot: LevelSnapshot, scope: ImportScope): ImportLeaf[] {
  return importLeaves(snapshot.settings, levelScope(scope), () => undefined).leaves;
}

export function levelLeaves(level: Level, snapshot: LevelSnapshot, scope: ImportScope, checkers: LevelCheckers): LevelLeaves {
  const { settings: settingsLookup, locks: locksLookup } = LEVEL_LOOKUPS[level];
  // The level's schema decides which of the user's settings it has (and may write); the others are simply not the
  // level's, which is no reason to report them: only a value the validator rejects is "skipped".
  const known: LeafChecker = (path, value, highImpact) =>
    writable(settingsLookup.field(sectionVariant(path[0]!), path)) ? checkers.settings(path, value, highImpact) : NOT_THE_LEVELS;
  const read = importLeaves(snapshot.settings, levelScope(scope), known);
  const out: LevelLeaves = { settings: read.leaves, locks: [], skipped: read.skipped.filter((s) => s.reason !== NOT_THE_LEVELS) };
  const seen = new Set<string>();
  lockMappings(level, scope).forEach((mapping, rank) => {
    const key = leafKeyOf(mapping.lock);
    const value = getAt(snapshot.locks[mapping.lockVariant] ?? {}, mapping.lock);
    const field = locksLookup.field(mapping.lockVariant, mapping.lock);
    // Some lock schemas type a lock like its setting (a string, an enum): the validator cannot accept a boolean there.
    if (seen.has(key) || typeof value !== 'boolean' || !writable(field) || field!.type !== 'boolean') return;
    seen.add(key);
    const reason = checkers.locks(mapping.lock, value, false);
    if (reason) out.skipped.push({ path: `locks.${mapping.lock.join('.')}`, reason });
    else out.locks.push({ key, path: mapping.lock, value, highImpact: false, rank });
  });
  return out;
}
