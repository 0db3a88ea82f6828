/**
 * `zoom-settings plan` end to end: the built CLI as a child process against a simulator seeded from the example
 * desired state, where every user starts exactly as desired and the test changes a few settings "in the portal".
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { requestStory, simulatorFor, type SimEnv } from '../helpers/sim-env.js';

const PASSCODE = '73915542';
let s: SimEnv;

beforeAll(async () => {
  s = await simulatorFor('desired-state', {}, { ZOOM_EXEC_PMI_PASSCODE: PASSCODE });
  // The executives' PMI passcode already matches for dana, not for erin.
  s.sim.setSetting('dana@example.com', 'default', ['schedule_meeting', 'pmi_password'], PASSCODE);
  s.sim.setSetting('erin@example.com', 'default', ['schedule_meeting', 'pmi_password'], '11112222');
  // Changes made in the Zoom portal that the plan must revert.
  s.sim.setSetting('alice@example.com', 'default', ['in_meeting', 'waiting_room'], false);
  s.sim.setSetting('bob@example.com', 'meeting_security', ['meeting_security', 'block_user_domain_list'], ['other.example.org']);
  // Order only: the same set of regions is no change.
  s.sim.setSetting('frank@example.com', 'meeting_security', ['meeting_security', 'block_user_domain_list'], ['badactor.example.net']);
});

afterAll(async () => {
  await s.stop();
});

function plan(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runCli(['plan', '--dir', 'desired-state', ...args], { env: { ...s.env, ...env } });
}

describe('plan against the example desired state', () => {
  it('plans exactly the users and settings that differ, each with its source, and sends nothing', async () => {
    s.sim.clearLog();
    const result = await plan(['--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    const changes = doc.users.flatMap((u: { user: string; changes: Array<{ path: string; before: unknown; after: unknown; source: { file: string; line: number } }> }) =>
      u.changes.map((c) => `${u.user} ${c.path}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)} (${c.source.file}:${c.source.line})`),
    );
    expect(changes).toEqual([
      'alice@example.com in_meeting.waiting_room: false → true (desired-state/defaults.yaml:5)',
      'bob@example.com meeting_security.block_user_domain_list: ["other.example.org"] → ["badactor.example.net"] (desired-state/profiles/baseline-security.yaml:13)',
      'erin@example.com schedule_meeting.pmi_password: "(sensitive)" → "(sensitive)" (desired-state/profiles/executives.yaml:17)',
    ]);
    expect(doc.summary.byStatus).toEqual({ change: 3, 'no-change': 3, 'not-found': 0, pending: 0, error: 0 });
    expect(requestStory(s.sim, ['PATCH'])).toEqual([]);
    // Only the variants each user's desired state manages are read.
    expect(requestStory(s.sim).filter((line) => line.startsWith('GET alice@'))).toEqual(['GET alice@example.com default 200', 'GET alice@example.com meeting_security 200']);
    expect(requestStory(s.sim).filter((line) => line.startsWith('GET dana@'))).toEqual([
      'GET dana@example.com default 200',
      'GET dana@example.com meeting_security 200',
      'GET dana@example.com meeting_authentication 200',
    ]);
  });

  it('--users plans only the named users', async () => {
    const result = await plan(['--format', 'json', '--users', 'ALICE@example.com,frank@example.com']);
    expect(JSON.parse(result.stdout).users.map((u: { user: string; status: string }) => `${u.user} ${u.status}`)).toEqual(['alice@example.com change', 'frank@example.com no-change']);
  });

  it('--users refuses a user that is not in the desired state', async () => {
    const result = await plan(['--users', 'nobody@example.com']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nobody@example.com is not a user in desired-state');
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  it('--out writes the plan document and every format renders the same plan; no secret anywhere', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-out-'));
    const outputs: string[] = [];
    for (const format of ['text', 'json', 'markdown']) {
      const result = await plan(['--format', format, '--out', join(dir, `plan-${format}.json`)]);
      expect(result.code).toBe(0);
      outputs.push(result.stdout, result.stderr, readFileSync(join(dir, `plan-${format}.json`), 'utf8'));
    }
    expect(outputs[0]).toContain('~ alice@example.com');
    expect(outputs[0]).toContain('in_meeting.waiting_room: false → true');
    expect(outputs[3]).toContain('"format_version":2');
    expect(outputs[6]).toContain("| 1: alice@example.com | `in_meeting.waiting_room` | `false` | `true` |");
    const written = JSON.parse(outputs[2]!);
    expect(written.summary.byStatus.change).toBe(3);
    for (const secret of [PASSCODE, '11112222', ...s.sim.secrets(), s.env.ZOOM_CLIENT_SECRET!]) {
      for (const output of outputs) expect(output).not.toContain(secret);
    }
  });

  it('--detailed-exitcode: 2 when something would change, 0 when nothing would', async () => {
    expect((await plan(['--detailed-exitcode'])).code).toBe(2);
    expect((await plan(['--detailed-exitcode', '--users', 'frank@example.com'])).code).toBe(0);
  });

  it('a user that cannot be planned fails the run (exit 1) while the rest are planned', async () => {
    const result = await plan(['--format', 'json'], { ZOOM_EXEC_PMI_PASSCODE: '' });
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout);
    expect(doc.users.filter((u: { status: string }) => u.status === 'error').map((u: { user: string; error: string }) => [u.user, u.error])).toEqual([
      ['dana@example.com', expect.stringContaining('environment variable ZOOM_EXEC_PMI_PASSCODE is not set')],
      ['erin@example.com', expect.stringContaining('environment variable ZOOM_EXEC_PMI_PASSCODE is not set')],
    ]);
    expect(doc.summary.byStatus.change).toBe(2);
  });

  it('missing credentials are a clear error naming the variables, with nothing sent', async () => {
    const result = await runCli(['plan', '--dir', 'desired-state'], { env: { ZOOM_ACCOUNT_ID: 'x' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ZOOM_CLIENT_ID/);
    expect(result.stderr).toMatch(/ZOOM_CLIENT_SECRET/);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });
});

describe('plan --changed-since on a real git repository', () => {
  it('plans only the users whose resolved desired settings changed, and tells introduced changes from drift', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'plan-git-'));
    cpSync('desired-state', join(repo, 'desired-state'), { recursive: true });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'base');
    // The branch changes the engineering profile: alice, bob and carol are affected; nobody else is.
    const profile = join(repo, 'desired-state/profiles/engineering.yaml');
    writeFileSync(profile, readFileSync(profile, 'utf8').replace('breakout_room: true', 'breakout_room: false'));
    const result = await runCli(['plan', '--dir', 'desired-state', '--changed-since', 'main', '--format', 'json'], { cwd: repo, env: s.env });
    expect(result.stderr).toBe('');
    const doc = JSON.parse(result.stdout);
    expect(doc.options).toEqual({ changed_since: 'main' });
    expect(doc.users.map((u: { user: string }) => u.user)).toEqual(['alice@example.com', 'bob@example.com', 'carol@example.com']);
    const alice = doc.users[0].changes.map((c: { path: string; origin: string }) => `${c.path} ${c.origin}`);
    expect(alice).toEqual(['in_meeting.waiting_room drift', 'in_meeting.breakout_room introduced']);
    const markdown = await runCli(['plan', '--dir', 'desired-state', '--changed-since', 'main', '--format', 'markdown'], { cwd: repo, env: s.env });
    expect(markdown.stdout).toContain('### Changes introduced by this branch');
    expect(markdown.stdout).toContain('### Drift this merge will also revert');
  });

  it('an unknown ref is a clear error', async () => {
    const result = await plan(['--changed-since', 'no-such-ref-xyz']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"no-such-ref-xyz" is not a commit');
    expect(hasStackTrace(result.stderr)).toBe(false);
  });
});
