/**
 * The package works outside the repository: `npm pack` makes a tarball, which installs into an empty directory
 * from the local npm cache (no registry), and `npx zoom-settings` runs from there. Needs the BUILT dist/.
 *
 * Offline, npm has the dependencies' tarballs in its cache (npm ci put them there) but not their registry
 * metadata, so the consumer gets a lockfile: the tarball, and the production entries of this repository's
 * package-lock.json (the versions CI tests). `npm ci --offline` then installs exactly that, from the cache.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const WORK = mkdtempSync(join(tmpdir(), 'zoom-settings-pack-'));
const APP = join(WORK, 'app');
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  name: string;
  version: string;
  private?: boolean;
  files: string[];
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  engines: Record<string, string>;
};
/** No NODE_OPTIONS (jest's flags), no registry: the install must come from the cache. */
const env = { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
const sh = (cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> => spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
let tarball: string;
let install: SpawnSyncReturns<string>;

beforeAll(() => {
  // dist/ is built already (npm test builds before jest): skip prepack's rebuild, which would race other tests.
  const pack = sh('npm', ['pack', '--ignore-scripts', '--pack-destination', WORK, '--json'], resolve('.'));
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  tarball = join(WORK, (JSON.parse(pack.stdout) as Array<{ filename: string }>)[0]!.filename);
  rmSync(APP, { recursive: true, force: true });
  sh('mkdir', ['-p', APP], WORK);
  const dependency = `file:../${tarball.split('/').pop()}`;
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', version: '1.0.0', dependencies: { [pkg.name]: dependency } },
    [`node_modules/${pkg.name}`]: { version: pkg.version, resolved: dependency, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path.startsWith('node_modules/') && !entry.dev) packages[path] = entry;
  writeFileSync(join(APP, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies: { [pkg.name]: dependency } }));
  writeFileSync(join(APP, 'package-lock.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }));
  install = sh('npm', ['ci', '--offline', '--ignore-scripts'], APP);
}, 180_000);

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

describe('the npm package', () => {
  it('is publishable: not private, a bin, a files list and a changelog', () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg.bin).toEqual({ 'zoom-settings': 'dist/cli.js' });
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'desired-state/.schema', 'CHANGELOG.md']));
    expect(readFileSync('CHANGELOG.md', 'utf8')).toContain(`## [${pkg.version}]`);
  });

  it('installs from the tarball into an empty directory without the registry', () => {
    expect({ status: install.status, stderr: install.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    const installed = join(APP, 'node_modules', pkg.name);
    expect(readdirSync(installed).sort()).toEqual(['CHANGELOG.md', 'README.md', 'desired-state', 'dist', 'package.json']);
    expect(existsSync(join(installed, 'dist/cli.js'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    expect(existsSync(join(installed, 'test'))).toBe(false);
  });

  it('runs: npx zoom-settings --version, --help, and a plan against the bundled simulator', () => {
    const version = sh('npx', ['--no-install', 'zoom-settings', '--version'], APP);
    expect({ status: version.status, stdout: version.stdout.trim() }).toEqual({ status: 0, stdout: pkg.version });
    const help = sh('npx', ['--no-install', 'zoom-settings', '--help'], APP);
    expect(help.stdout).toContain('validate');
    const demo = sh('npx', ['--no-install', 'zoom-settings', 'demo', '--dir', resolve('desired-state')], APP);
    expect({ status: demo.status, stderr: demo.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    expect(demo.stdout).toMatch(/Plan: \d+ users? to change/);
  });
});
