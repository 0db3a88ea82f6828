/** The README documents every command, every flag and the environment the client reads. */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { loadCommands } from '../../src/commands/index.js';

const COMMANDS = await loadCommands();

const readme = readFileSync('README.md', 'utf8');

describe('README', () => {
  it('starts with the two commands a newcomer needs', () => {
    const firstBlock = readme.slice(readme.indexOf('```'), readme.indexOf('```', readme.indexOf('```') + 3));
    expect(firstBlock).toContain('npm install && npm start');
    expect(firstBlock).toContain('npm test');
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))('documents %s and each of its flags', (name, command) => {
    expect(readme).toContain(`\`${name}`);
    const missing = Object.keys(command.options).filter((flag) => !readme.includes(`--${flag}`));
    expect(missing).toEqual([]);
  });

  it('documents every ZOOM_* variable the code reads', () => {
    const sources = ['src/zoom/config.ts', 'src/io/secrets.ts', 'src/cli.ts'].map((f) => readFileSync(f, 'utf8')).join('\n');
    const used = [...new Set([...sources.matchAll(/\b(ZOOM_[A-Z_]+)\b/g)].map((m) => m[1]!))].filter((name) => name !== 'ZOOM_SETTINGS_USAGE_FILE');
    expect(used.length).toBeGreaterThan(8);
    expect(used.filter((name) => !readme.includes(name))).toEqual([]);
  });
});
