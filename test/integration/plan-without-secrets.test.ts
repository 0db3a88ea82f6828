/**
 * A pull request gets no passcodes. `plan --without-secrets` lists passcode settings as not compared instead of
 * failing their users, and apply refuses a plan file made that way (it never compared those settings).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { requestStory, simulatorFor, type SimEnv } from '../helpers/sim-env.js';

let s: SimEnv;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  s = await simulatorFor('desired-state', {}, { ZOOM_EXEC_PMI_PASSCODE: '80808080' });
  // The pull request's environment: the simulator's credentials, no passcode.
  env = { ...s.env, ZOOM_EXEC_PMI_PASSCODE: '' };
});
afterAll(async () => {
  await s.stop();
});

describe('plan --without-secrets', () => {
  it('without the flag a missing passcode fails its users; with it they are planned and the passcode listed as not compared', async () => {
    const failing = await runCli(['plan', '--format', 'json'], { env });
    expect(failing.code).toBe(1);
    const out = join(mkdtempSync(join(tmpdir(), 'no-secrets-')), 'plan.json');
    const text = await runCli(['plan', '--without-secrets', '--out', out], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('= dana@example.com\n    not compared (passcode not available here): schedule_meeting.pmi_password (ZOOM_EXEC_PMI_PASSCODE)');
    const markdown = await runCli(['plan', '--without-secrets', '--format', 'markdown'], { env });
    expect(markdown.stdout).toContain('### Passcodes not compared (not available to this job; the merge job compares and sets them)\n\n- dana@example.com: schedule_meeting.pmi_password (ZOOM_EXEC_PMI_PASSCODE)\n- erin@example.com:');
    expect(markdown.stdout).toContain('| errors | 0 |');

    s.sim.clearLog();
    const applied = await runCli(['apply', out], { env: s.env });
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('it was made with --without-secrets, so its passcode settings were not compared');
    expect(requestStory(s.sim, ['PATCH'])).toEqual([]);
  });
});
