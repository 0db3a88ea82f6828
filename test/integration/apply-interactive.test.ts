/** Without a plan file or --auto-approve, apply on a terminal shows the plan and asks; only "yes" applies it. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { silentLogger } from '../../src/io/logger.js';
import { main } from '../../src/main.js';
import { requestStory, simulatorFor, type SimEnv } from '../helpers/sim-env.js';
import { collect } from '../helpers/streams.js';

let s: SimEnv;
beforeAll(async () => {
  s = await simulatorFor('desired-state', {}, { ZOOM_EXEC_PMI_PASSCODE: '80808080' });
  s.sim.setSetting('frank@example.com', 'default', ['recording', 'cloud_recording'], false);
});
afterAll(async () => {
  await s.stop();
});

async function applyAnswering(answer: string) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const stdout = collect();
  const stderr = collect();
  const journal = join(mkdtempSync(join(tmpdir(), 'interactive-')), 'journal.jsonl');
  const running = main(['apply', '--dir', 'desired-state', '--journal', journal, '--max-changed-percent', '100'], {
    stdin,
    stdout,
    stderr,
    env: s.env,
    cwd: process.cwd(),
    logger: silentLogger,
  });
  // Answer once the question is on screen.
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (stderr.text().includes('Only "yes" is accepted')) {
        clearInterval(timer);
        stdin.end(`${answer}\n`);
        resolve();
      }
    }, 10);
  });
  return { code: await running, stdout: stdout.text(), stderr: stderr.text() };
}

describe('interactive apply', () => {
  it('shows the plan and applies nothing unless the answer is "yes"', async () => {
    s.sim.clearLog();
    const declined = await applyAnswering('y');
    expect(declined.code).toBe(1);
    expect(declined.stdout).toContain('recording.cloud_recording: false → true');
    expect(declined.stderr).toContain('Not applied.');
    expect(requestStory(s.sim, ['PATCH'])).toEqual([]);
  });

  it('applies after "yes"', async () => {
    const accepted = await applyAnswering('yes');
    expect(accepted.code).toBe(0);
    expect(requestStory(s.sim, ['PATCH'])).toEqual(['PATCH frank@example.com default 204']);
  });
});
