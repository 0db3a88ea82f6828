/**
 * A file the run writes can fail under it (a full disk, a read-only mount). The user gets the file's path and what to
 * do, in words, with exit 1: never Node's "Unhandled 'error' event" and its stack trace (issue 13 item 17).
 * /dev/full answers every write with ENOSPC, so the full-disk case is real here, not injected.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { runCli } from '../helpers/cli.js';

describe('an output file that cannot be written', () => {
  it.each([['plan --out', ['plan', '--simulate', '--format', 'json']]])('%s /dev/full: exit 1, the path and ENOSPC in words, no stack trace', async (_name, args) => {
    if (!existsSync('/dev/full')) return; // Linux only; CI runs on Linux
    const result = await runCli([...args, '--out', '/dev/full'], { env: { ZOOM_EXEC_PMI_PASSCODE: '246813579' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: /dev/full cannot be written: no space left on the device (ENOSPC)');
    expect(result.stderr).not.toMatch(/\n\s+at |Unhandled 'error' event|node:events/);
    expect(result.stdout).not.toContain('plan written to /dev/full');
  });
});
