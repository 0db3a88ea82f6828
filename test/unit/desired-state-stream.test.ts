/**
 * The desired state is checked one users file at a time and streamed to the run without holding every user
 * (io/desired-state.ts): the streamed users are exactly the loaded ones, in order; problems across files (a user
 * defined twice) are found as when every user was held; a users file changed after the check is refused.
 */
import { describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDesiredState, openDesiredState } from '../../src/io/desired-state.js';
import { InputError } from '../../src/core/errors.js';

async function keysOf(users: AsyncIterable<{ key: string }>): Promise<string[]> {
  const keys: string[] = [];
  for await (const user of users) keys.push(user.key);
  return keys;
}

function copyOfExample(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'zs-stream-')), 'desired-state');
  cpSync('desired-state', dir, { recursive: true });
  return dir;
}

describe('streamed desired state', () => {
  it('streams the same users, in the same order, as the whole model holds, and holds none itself', async () => {
    const dir = copyOfExample();
    try {
      const loaded = await loadDesiredState(dir);
      const opened = await openDesiredState(dir);
      expect(opened.errors).toBe(0);
      expect(opened.layers.users).toEqual([]);
      expect(opened.userCount).toBe(loaded.state.users.length);
      expect(opened.userCount).toBeGreaterThan(3);
      expect(await keysOf(opened.users())).toEqual(loaded.state.users.map((user) => user.key));
      // Twice: each pass reads the files again.
      expect(await keysOf(opened.users())).toHaveLength(opened.userCount);
      expect(opened.hash).toBe(loaded.hash);
    } finally {
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });

  it('finds a user defined in two files, checking one file at a time', async () => {
    const checked = await openDesiredState('test/fixtures/bad-input/duplicate-user-two-files');
    const duplicate = checked.problems.find((problem) => problem.message.includes('already defined'));
    expect(duplicate?.message).toMatch(/the same user is already defined at .*users\/\S+\.yaml:\d+:\d+; define each user once/);
    expect(checked.problems).toEqual((await loadDesiredState('test/fixtures/bad-input/duplicate-user-two-files')).problems);
  });

  it('refuses a users file whose content changed after the check, naming it', async () => {
    const dir = copyOfExample();
    try {
      const opened = await openDesiredState(dir);
      const file = join(dir, 'users', 'sales.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^(\S+@example\.com):/m, 'mallory@example.com:'));
      await expect(keysOf(opened.users())).rejects.toThrow(InputError);
      await expect(keysOf(opened.users())).rejects.toThrow(/users\/sales\.yaml changed while the run was using/);
    } finally {
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });
});
