/** A pull-request comment must fit GitHub's limit however many users change: 5,000 changed users. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MARKDOWN_LIMIT } from '../../src/core/render/markdown.js';
import { runCli } from '../helpers/cli.js';
import { simulatorFor, type SimEnv } from '../helpers/sim-env.js';

const USERS = 5000;
let s: SimEnv;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plan-5000-'));
  mkdirSync(join(dir, 'users'));
  writeFileSync(join(dir, 'defaults.yaml'), 'settings:\n  in_meeting:\n    chat: false\n    waiting_room: true\n    entry_exit_chime: none\n  recording:\n    auto_recording: cloud\n');
  const lines: string[] = [];
  for (let i = 1; i <= USERS; i++) lines.push(`user${String(i).padStart(5, '0')}@scale.example.com: {}`);
  writeFileSync(join(dir, 'users/all.yaml'), `${lines.join('\n')}\n`);
  // preferShare 0: the generated settings ignore the desired state, so almost every user changes.
  s = await simulatorFor(dir, { preferShare: 0, maxRps: 5000 }, { ZOOM_MAX_RPS: '4000' });
});

afterAll(async () => {
  await s.stop();
});

describe('markdown for thousands of changed users', () => {
  it(`stays under ${MARKDOWN_LIMIT} characters, groups identical changes and points at the JSON artifact`, async () => {
    const result = await runCli(['plan', '--dir', dir, '--format', 'markdown', '--out', join(dir, 'plan.json')], { env: s.env, timeoutMs: 120_000 });
    expect(result.code).toBe(0);
    const markdown = result.stdout;
    expect(markdown.length).toBeLessThan(MARKDOWN_LIMIT);
    const changed = Number(/\| to change \| (\d+) \|/.exec(markdown)?.[1]);
    expect(changed).toBeGreaterThan(USERS * 0.9);
    // Identical changes are one row with a count and the first users, e.g.
    // "| 2,487: user00001@scale.example.com, … +2,484 more | `in_meeting.chat` | `true` | `false` |".
    const chatRow = /\| ([\d,]+): user\d+@scale\.example\.com, user\d+@scale\.example\.com, user\d+@scale\.example\.com \+[\d,]+ more \| `in_meeting\.chat` \| `true` \| `false` \|/.exec(markdown);
    expect(Number(chatRow?.[1]?.replace(/,/g, ''))).toBeGreaterThan(USERS / 10);
    expect(markdown).toMatch(/more users? not shown\. The full plan is in the plan file .*plan\.json/);
    // The merge job's guards would refuse this: the comment says so, and how to allow it.
    expect(markdown).toMatch(/\*\*Guards: merge will refuse: [\d,]+ users > 100 \(--max-changed-users\)\.\*\* To allow it, run the apply workflow by hand/);
    // Not a terminal (stderr is a pipe): plain progress lines at every 10 % step, the last at 100 %.
    const progress = result.stderr.split('\n').filter((line) => line.startsWith('progress: planned '));
    expect(progress.length).toBeGreaterThanOrEqual(10);
    expect(progress).toContainEqual(expect.stringMatching(/^progress: planned 500\/5,000 users \(10%\) · [\d.]+ users\/s · ETA .+ · \d+ × 429 · 0 failed$/));
    expect(progress.at(-1)).toMatch(/^progress: planned 5,000\/5,000 users \(100%\)/);
  }, 180_000);
});
