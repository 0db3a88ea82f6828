/**
 * The two account shapes the benchmark can write (`--shape`), each seen from both sides: the desired-state
 * directory the CLI reads, and every user's resolved desired settings (API shape, secrets as values), which the
 * simulated account holds for a matching user.
 * - simple: defaults.yaml, one profile for every 4th user, bare user keys, 10,000 users a file;
 * - realistic: 1–3 profiles and own nested settings per user, secrets by reference, several files (realistic.ts).
 */
import { writeDesiredState } from './desired-state.js';
import { realisticDesired, realisticKey, secretEnv, writeRealisticState } from './realistic.js';
import { desiredSettings, isPresenter } from './scenario.js';

export const SHAPE_NAMES = ['simple', 'realistic'] as const;
export type ShapeName = (typeof SHAPE_NAMES)[number];

export interface AccountShape {
  name: ShapeName;
  writeDesiredState(dir: string, users: number): { files: number };
  /** The user's resolved desired settings: a fresh object the caller may change. */
  desired(index: number): Record<string, unknown>;
  /** Users with the same key have equal desired settings (the simulator shares one object per key). */
  key(index: number): string;
  /** Environment the CLI needs (the variables secrets refer to). */
  env(): Record<string, string>;
}

const SHAPES: Record<ShapeName, AccountShape> = {
  simple: {
    name: 'simple',
    writeDesiredState,
    desired: (index) => desiredSettings(isPresenter(index)),
    key: (index) => String(isPresenter(index)),
    env: () => ({}),
  },
  realistic: {
    name: 'realistic',
    writeDesiredState: writeRealisticState,
    desired: realisticDesired,
    key: realisticKey,
    env: secretEnv,
  },
};

export function shapeNamed(name: ShapeName): AccountShape {
  return SHAPES[name];
}
