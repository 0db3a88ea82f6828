/**
 * The benchmark's own pieces: results stay out of the repository unless --results names a directory, and the
 * realistic shape's two sides agree (the desired state the CLI reads resolves, secrets included, to exactly what the
 * simulated account holds for a matching user).
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { DEFAULT_RESULTS_DIR, parseBenchArgs, type BenchOptions } from '../../bench/options.js';
import { shapeNamed } from '../../bench/shapes.js';
import { openDesiredState } from '../../src/io/desired-state.js';
import { Resolver } from '../../src/core/desired/merge.js';

function options(argv: string[]): BenchOptions {
  const parsed = parseBenchArgs(argv);
  if (parsed === 'help') throw new Error('help');
  return parsed;
}

describe('bench options', () => {
  it('writes results outside the repository by default; --results DIR keeps them there; --no-save writes none', () => {
    expect(relative(process.cwd(), options([]).resultsDir!).startsWith('..')).toBe(true);
    expect(options([]).resultsDir).toBe(DEFAULT_RESULTS_DIR);
    expect(options(['--results', 'keep/here']).resultsDir).toBe('keep/here');
    expect(options(['--no-save']).resultsDir).toBeNull();
  });

  it('takes --shape simple|realistic, --plan-only, --burners N and --cli PATH', () => {
    expect(options([]).shape).toBe('simple');
    const o = options(['--shape', 'realistic', '--plan-only', '--burners', '2', '--cli', 'old/cli.js']);
    expect(o).toMatchObject({ shape: 'realistic', planOnly: true, burners: 2, cli: resolve('old/cli.js') });
    expect(() => options(['--shape', 'huge'])).toThrow(/--shape must be simple or realistic/);
  });
});

/** Resolved leaves as a plain settings object, secrets replaced by their variables' values. */
function settingsOf(leaves: ReturnType<Resolver['resolve']>['leaves'], env: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const leaf of leaves) {
    let node = out;
    for (const step of leaf.path.slice(0, -1)) node = (node[step] ??= {}) as Record<string, unknown>;
    node[leaf.path.at(-1)!] = leaf.secret ? env[leaf.secret.env] : leaf.value;
  }
  return out;
}

describe('realistic shape', () => {
  it('spreads users over several files, with 1-3 profiles and own settings each, and resolves to what Zoom holds', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'zs-bench-shape-')), 'desired-state');
    try {
      const shape = shapeNamed('realistic');
      const { files } = shape.writeDesiredState(dir, 120);
      expect(files).toBe(4);
      expect(readdirSync(join(dir, 'users'))).toHaveLength(4);
      const checked = await openDesiredState(dir);
      expect(checked.problems).toEqual([]);
      expect(checked.userCount).toBe(120);
      const resolver = new Resolver(checked.layers);
      const env = shape.env();
      let index = 0;
      let secrets = 0;
      for await (const user of checked.users()) {
        const resolved = resolver.resolve(user);
        expect(user.profiles.length).toBeGreaterThanOrEqual(1);
        expect(user.profiles.length).toBeLessThanOrEqual(3);
        expect(user.settings).toBeDefined();
        secrets += resolved.leaves.filter((leaf) => leaf.secret).length;
        expect(settingsOf(resolved.leaves, env)).toEqual(shape.desired(index));
        index += 1;
      }
      expect(secrets).toBe(12);
    } finally {
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });
});
