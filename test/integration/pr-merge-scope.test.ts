/**
 * What merges is what was reviewed. The story, with real git and the simulator:
 *   main: the example desired state; Zoom matches it, except that frank was changed in the portal (drift).
 *   a pull request gives alice a new setting. The PR job plans `--changed-since main` and posts the comment.
 *   the merge lands; the merge job applies `--changed-since <the commit before the merge>` (apply.yml's scope).
 * The users the merge job changes are exactly the users the comment listed: alice, not frank. Frank's drift is
 * left to the drift workflow, and the comment says so.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { requestStory, simulatorFor, type SimEnv } from '../helpers/sim-env.js';

const repo = mkdtempSync(join(tmpdir(), 'pr-merge-'));
const git = (...args: string[]): string =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, stdio: 'pipe', encoding: 'utf8' }).trim();
let s: SimEnv;

beforeAll(async () => {
  cpSync('desired-state', join(repo, 'desired-state'), { recursive: true });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-qm', 'the desired state on main');
  s = await simulatorFor(join(repo, 'desired-state'), {}, { ZOOM_EXEC_PMI_PASSCODE: '80808080' });
  // Someone turned frank's cloud recording off in the Zoom portal.
  s.sim.setSetting('frank@example.com', 'default', ['recording', 'cloud_recording'], false);
  // The pull request: alice gets her own setting.
  git('checkout', '-qb', 'give-alice-local-recording');
  const users = join(repo, 'desired-state/users/engineering.yaml');
  writeFileSync(users, readFileSync(users, 'utf8').replace('alice@example.com:\n  profiles: [engineering]\n', 'alice@example.com:\n  profiles: [engineering]\n  settings:\n    recording:\n      auto_recording: local\n'));
  git('commit', '-qam', 'alice records locally');
});

afterAll(async () => {
  await s.stop();
  rmSync(repo, { recursive: true, force: true });
});

const changedUsers = (planJson: string): string[] =>
  (JSON.parse(planJson) as { users: Array<{ user: string; status: string }> }).users.filter((u) => u.status === 'change').map((u) => u.user).sort();

/** The users the PR comment names: one collapsible detail section each. */
const commentUsers = (markdown: string): string[] => [...markdown.matchAll(/<summary>([^:<]+): /g)].map((m) => m[1]!).sort();

describe('a pull request touching alice while frank drifted', () => {
  it('the merge job changes exactly the users the PR comment listed', async () => {
    // plan.yml's command line, in a pull request's environment: the read-only credentials, no passcode.
    const prEnv = { ...s.env, ZOOM_EXEC_PMI_PASSCODE: '' };
    const prPlan = await runCli(['plan', '--dir', 'desired-state', '--changed-since', 'main', '--without-secrets', '--format', 'markdown', '--out', 'plan.json'], { cwd: repo, env: prEnv });
    expect(prPlan.code).toBe(0);
    const listed = commentUsers(prPlan.stdout);
    expect(listed).toEqual(['alice@example.com']);
    expect(changedUsers(readFileSync(join(repo, 'plan.json'), 'utf8'))).toEqual(listed);
    // The comment says what it leaves out, and who deals with it.
    expect(prPlan.stdout).toContain('Drift outside this scope is not applied by the merge');

    // Without a scope, a merge job would also change frank: the bug this test guards against.
    const everyone = await runCli(['plan', '--dir', 'desired-state', '--format', 'json'], { cwd: repo, env: s.env });
    expect(changedUsers(everyone.stdout)).toEqual(['alice@example.com', 'frank@example.com']);

    // Merge (a merge commit, as GitHub's merge button makes), then the merge job's command line from apply.yml.
    const before = git('rev-parse', 'main');
    git('checkout', '-q', 'main');
    git('merge', '-q', '--no-ff', '-m', 'Merge pull request', 'give-alice-local-recording');
    s.sim.clearLog();
    const journal = join(repo, '.zoom-settings/journal.jsonl');
    const merged = await runCli(['apply', '--auto-approve', '--dir', 'desired-state', '--changed-since', before, '--journal', journal, '--format', 'json'], { cwd: repo, env: s.env });
    expect(merged.code).toBe(0);
    const patched = [...new Set(requestStory(s.sim, ['PATCH']).map((line) => line.split(' ')[1]!))].sort();
    expect(patched).toEqual(listed);
    const applied = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; user?: string; result?: string })
      .filter((e) => e.type === 'user' && e.result === 'applied')
      .map((e) => e.user!)
      .sort();
    expect(applied).toEqual(listed);

    // Frank's drift is still there for the drift workflow to report.
    const drift = await runCli(['drift', '--dir', 'desired-state', '--format', 'json'], { cwd: repo, env: s.env });
    expect(changedUsers(drift.stdout)).toEqual(['frank@example.com']);
  });
});
