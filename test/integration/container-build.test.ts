/**
 * The container image without a Docker engine: scripts/container-build.sh assembles the Dockerfile's runtime stage
 * in a directory (needs the BUILT dist/: `npm run build` first) and runs the CLI from it with plain node. Also checks
 * the Dockerfile says what the script does.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const OUT = mkdtempSync(join(tmpdir(), 'zoom-settings-container-'));
const APP = join(OUT, 'app');
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
let run: SpawnSyncReturns<string>;

beforeAll(() => {
  run = spawnSync('bash', [resolve('scripts/container-build.sh'), '--no-build', '--out', OUT], {
    encoding: 'utf8',
    timeout: 90_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
}, 100_000);

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('scripts/container-build.sh', () => {
  it('exits 0 and says what it does, step by step', () => {
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    for (const step of [
      '==> RUN npm ci --omit=dev --ignore-scripts',
      '==> COPY dist/ and desired-state/.schema',
      '==> check: no devDependencies in the runtime',
      '==> run: node app/dist/cli.js --help',
      '==> run: node app/dist/cli.js validate --dir',
    ]) {
      expect(run.stdout).toContain(step);
    }
    expect(run.stdout).toMatch(/desired state in .* is valid: \d+ users/);
    expect(run.stdout.trimEnd().split('\n').pop()).toBe(`runtime: ${OUT}`);
  });

  it('installs every dependency and no devDependency', () => {
    for (const name of Object.keys(pkg.dependencies)) expect({ name, installed: existsSync(join(APP, 'node_modules', name)) }).toEqual({ name, installed: true });
    for (const name of Object.keys(pkg.devDependencies)) expect({ name, installed: existsSync(join(APP, 'node_modules', name)) }).toEqual({ name, installed: false });
    expect(existsSync(join(APP, 'node_modules/typescript'))).toBe(false);
    expect(existsSync(join(APP, 'node_modules/jest'))).toBe(false);
  });

  it('holds dist/ and the editor schemas, not the sources or tests', () => {
    expect(readdirSync(APP).sort()).toEqual(['desired-state', 'dist', 'node_modules', 'package-lock.json', 'package.json']);
    expect(existsSync(join(APP, 'dist/cli.js'))).toBe(true);
    expect(readdirSync(join(APP, 'desired-state/.schema')).sort()).toEqual(['account.schema.json', 'defaults.schema.json', 'group.schema.json', 'profile.schema.json', 'users.schema.json']);
  });

  it('runs import in that layout: the schemas are found and copied', () => {
    expect(run.stdout).toMatch(/Imported 5 users, the account and 0 groups from Zoom into imported/);
    expect(readFileSync(join(OUT, 'work/imported/.schema/defaults.schema.json'), 'utf8')).toBe(readFileSync('desired-state/.schema/defaults.schema.json', 'utf8'));
  });
});

describe('Dockerfile', () => {
  const text = readFileSync('Dockerfile', 'utf8');
  const instructions = text
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#'))
    .map((line) => line.trim());

  it('builds in a build stage and runs from a slim runtime stage with production dependencies only', () => {
    // Node 24: an LTS line (active LTS from 2025-10-28, maintained until 2028-04-30); Node 20 ended on 2026-04-30.
    expect(instructions.filter((l) => l.startsWith('FROM '))).toEqual(['FROM node:24-slim AS build', 'FROM node:24-slim AS runtime']);
    expect(instructions).toContain('RUN npm run build');
    expect(instructions.some((l) => /^RUN npm ci --omit=dev --ignore-scripts\b/.test(l))).toBe(true);
    expect(instructions).toContain('COPY --from=build /build/dist ./dist');
    expect(instructions).toContain('COPY desired-state/.schema ./desired-state/.schema');
  });

  it('has git for --changed-since, readable in a mounted checkout of another owner', () => {
    const runtime = instructions.slice(instructions.indexOf('FROM node:24-slim AS runtime'));
    expect(runtime.join('\n')).toMatch(/apt-get install -y --no-install-recommends git ca-certificates/);
    expect(runtime.join('\n')).toContain("git config --system --add safe.directory '*'");
  });

  it('writes only to the /work volume, so it runs with a read-only root filesystem', () => {
    const runtime = instructions.slice(instructions.indexOf('FROM node:24-slim AS runtime'));
    expect(runtime).toContain('VOLUME ["/work"]');
    expect(runtime.indexOf('VOLUME ["/work"]')).toBeGreaterThan(runtime.findIndex((l) => l.includes('chown node:node /work')));
    expect(text).toContain('docker run --rm --read-only');
  });

  it('runs as node in /work, plan --dir /desired-state by default', () => {
    const runtime = instructions.slice(instructions.indexOf('FROM node:24-slim AS runtime'));
    expect(runtime).toContain('USER node');
    expect(runtime).toContain('WORKDIR /work');
    expect(runtime.indexOf('USER node')).toBeGreaterThan(runtime.findIndex((l) => l.includes('chown node:node /work')));
    expect(runtime.at(-2)).toBe('ENTRYPOINT ["node", "/app/dist/cli.js"]');
    expect(runtime.at(-1)).toBe('CMD ["plan", "--dir", "/desired-state"]');
  });

  it('ships the editor schemas in the npm package too (import copies them)', () => {
    expect((JSON.parse(readFileSync('package.json', 'utf8')) as { files: string[] }).files).toContain('desired-state/.schema');
  });
});
