/** `zoom-settings init --policies cis`: writes the pack inside --dir, never over a file without --force, never through a link. */
import { describe, expect, it } from '@jest/globals';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderCisPack } from '../../src/core/packs/render-pack.js';
import { hasStackTrace, runCli } from '../helpers/cli.js';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'init-cis-'));

describe('init --policies cis', () => {
  it('writes policies/cis-zoom.yaml in the directory and says how many controls it holds', async () => {
    const dir = join(fresh(), 'desired-state');
    const result = await runCli(['init', '--policies', 'cis', '--dir', dir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^wrote .*policies\/cis-zoom\.yaml: \d+ CIS Zoom Benchmark v1\.0\.0 controls as rules \(\d+ left out, listed in the file's comments\)\n$/);
    expect(readFileSync(join(dir, 'policies/cis-zoom.yaml'), 'utf8')).toBe(renderCisPack());
  });

  it('writes a pack that validate accepts beside the example desired state', async () => {
    const dir = join(fresh(), 'desired-state');
    cpSync('desired-state', dir, { recursive: true });
    expect((await runCli(['init', '--policies', 'cis', '--dir', dir])).code).toBe(0);
    const result = await runCli(['validate', '--dir', dir], { env: { ZOOM_EXEC_PMI_PASSCODE: '24681357' } });
    expect(result.stdout).toContain(`desired state in ${dir} is valid`);
    expect(result.code).toBe(0);
  });

  it('refuses to overwrite an existing file without --force, and replaces it with --force', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'policies'));
    writeFileSync(join(dir, 'policies/cis-zoom.yaml'), '# my edits\n');
    const refused = await runCli(['init', '--policies', 'cis', '--dir', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('cis-zoom.yaml exists: refusing to overwrite it (use --force to replace it); nothing was written');
    expect(hasStackTrace(refused.stderr)).toBe(false);
    expect(readFileSync(join(dir, 'policies/cis-zoom.yaml'), 'utf8')).toBe('# my edits\n');
    const forced = await runCli(['init', '--policies', 'cis', '--dir', dir, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'policies/cis-zoom.yaml'), 'utf8')).toBe(renderCisPack());
  });

  it('never writes through a symbolic link that could lead outside --dir', async () => {
    const dir = fresh();
    const outside = fresh();
    symlinkSync(outside, join(dir, 'policies'));
    const result = await runCli(['init', '--policies', 'cis', '--dir', dir, '--force']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is a symbolic link: init writes only inside');
    expect(existsSync(join(outside, 'cis-zoom.yaml'))).toBe(false);
  });

  it('names the packs it knows when asked for another', async () => {
    const result = await runCli(['init', '--policies', 'nist', '--dir', fresh()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--policies must be cis, not "nist"');
  });
});
