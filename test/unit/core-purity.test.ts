/** The core stays pure: no I/O, no network, no timers, no logger (see ARCHITECTURE.md). */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

const FORBIDDEN = /from '(node:[^']+|axios|pino|p-limit|fs|path|http|https|child_process)'/;
const GLOBALS = /\b(process\.env|setTimeout|setInterval|Date\.now|console\.)/;

describe('src/core', () => {
  const sources = files('src/core');

  it('has modules to check (sanity)', () => {
    expect(sources.length).toBeGreaterThan(20);
  });

  it.each(sources)('%s imports no I/O module and touches no process globals', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(FORBIDDEN);
    expect(text).not.toMatch(GLOBALS);
  });

  // A relative import is how an edge would sneak in (`../../zoom/client.js`): the core may reach only itself and the
  // schema (ARCHITECTURE.md: core → schema), whatever the path spelling; `import()` counts as much as `from`.
  it.each(sources)('%s reaches through relative imports only src/core and src/schema', (file) => {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = relative(resolve('src'), resolve(dirname(file), match[1]!));
      expect({ file, import: match[1], reaches: target }).toEqual({ file, import: match[1], reaches: expect.stringMatching(/^(core|schema)\//) });
    }
  });

  it('the simulator imports only the schema module of the project (an independent referee)', () => {
    for (const file of files('src/simulator')) {
      for (const match of readFileSync(file, 'utf8').matchAll(/from '(\.\.\/[^']+)'/g)) {
        expect({ file, import: match[1] }).toEqual({ file, import: expect.stringMatching(/^\.\.\/schema\//) });
      }
    }
  });
});
