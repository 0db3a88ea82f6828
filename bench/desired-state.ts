/**
 * Writes the benchmark's desired-state directory: defaults.yaml, profiles/presenters.yaml and users/*.yaml with at
 * most USERS_PER_FILE users each (a users file of 10,000 stays far below the 4 MiB file limit).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { DESIRED_DEFAULTS, PRESENTERS_PROFILE, emailOf, isPresenter } from './scenario.js';

export const USERS_PER_FILE = 10_000;

export function writeDesiredState(dir: string, users: number): { files: number } {
  mkdirSync(join(dir, 'profiles'), { recursive: true });
  mkdirSync(join(dir, 'users'), { recursive: true });
  writeFileSync(join(dir, 'defaults.yaml'), dump({ settings: DESIRED_DEFAULTS }));
  writeFileSync(join(dir, 'profiles', 'presenters.yaml'), dump({ description: 'Presenters share their screen.', settings: PRESENTERS_PROFILE }));
  let files = 0;
  for (let start = 0; start < users; start += USERS_PER_FILE) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(users, start + USERS_PER_FILE); i++) {
      // A bare key is a user with the defaults only (YAML null value).
      lines.push(isPresenter(i) ? `${emailOf(i)}: { profiles: [presenters] }` : `${emailOf(i)}:`);
    }
    files += 1;
    writeFileSync(join(dir, 'users', `users-${String(files).padStart(3, '0')}.yaml`), `${lines.join('\n')}\n`);
  }
  return { files };
}
