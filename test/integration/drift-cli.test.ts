/** `zoom-settings drift` for a schedule: report drift per user and field; --fix corrects it. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { requestStory, simulatorFor, type SimEnv } from '../helpers/sim-env.js';

let s: SimEnv;
beforeAll(async () => {
  s = await simulatorFor('desired-state', {}, { ZOOM_EXEC_PMI_PASSCODE: '31415926' });
});
afterAll(async () => {
  await s.stop();
});

describe('drift', () => {
  it('exits 0 with --detailed-exitcode when Zoom matches the desired state', async () => {
    const result = await runCli(['drift', '--dir', 'desired-state', '--detailed-exitcode'], { env: s.env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^zoom-settings drift report for account /);
    expect(result.stdout).toContain('Drift: 0 users drifted, 6 unchanged');
  });

  it('reports portal changes per user and field (exit 2), in markdown for an issue, and sends nothing', async () => {
    s.sim.setSetting('carol@example.com', 'default', ['recording', 'auto_recording'], 'local');
    s.sim.setSetting('erin@example.com', 'meeting_authentication', ['meeting_authentication'], false);
    s.sim.clearLog();
    const text = await runCli(['drift', '--dir', 'desired-state', '--detailed-exitcode'], { env: s.env });
    expect(text.code).toBe(2);
    expect(text.stdout).toContain('~ carol@example.com');
    expect(text.stdout).toContain('recording.auto_recording: "local" → "cloud"');
    expect(text.stdout).toContain('meeting_authentication.enabled: false → true');
    const markdown = await runCli(['drift', '--dir', 'desired-state', '--format', 'markdown'], { env: s.env });
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('## zoom-settings drift report');
    expect(markdown.stdout).toContain('| 1: carol@example.com | `recording.auto_recording` | `"local"` | `"cloud"` |');
    expect(requestStory(s.sim, ['PATCH'])).toEqual([]);
  });

  it('--fix corrects the drift through the journal, after which drift reports none', async () => {
    const journal = join(mkdtempSync(join(tmpdir(), 'drift-')), 'journal.jsonl');
    const fixed = await runCli(['drift', '--dir', 'desired-state', '--fix', '--auto-approve', '--journal', journal, '--max-changed-percent', '50'], { env: s.env });
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(/drift fix run .*: 6 users, 2 PATCH requests sent/);
    expect(requestStory(s.sim, ['PATCH'])).toEqual(['PATCH carol@example.com default 204', 'PATCH erin@example.com meeting_authentication 204']);
    const after = await runCli(['drift', '--dir', 'desired-state', '--detailed-exitcode'], { env: s.env });
    expect(after.code).toBe(0);
  });
});
