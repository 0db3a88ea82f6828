/**
 * The GitHub Action, run as GitHub would run it, without GitHub:
 * - its command step (scripts/action-run.sh) against the simulator, with GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files;
 * - plan.yml's comment script (actions/github-script) with a recording `github` client: a plan becomes the sticky
 *   comment, and a validation failure replaces it with the errors, each linked to its line.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { simulatorFor, type SimEnv } from '../helpers/sim-env.js';

const work = mkdtempSync(join(tmpdir(), 'zoom-settings-action-'));
let s: SimEnv;

beforeAll(async () => {
  cpSync('desired-state', join(work, 'desired-state'), { recursive: true });
  s = await simulatorFor(join(work, 'desired-state'), {}, { ZOOM_EXEC_PMI_PASSCODE: '80808080' });
  s.sim.setSetting('frank@example.com', 'default', ['recording', 'cloud_recording'], false);
});

afterAll(async () => {
  await s.stop();
  rmSync(work, { recursive: true, force: true });
});

/**
 * Runs the action's command step with these inputs; returns its exit status, outputs and job summary. Async: the
 * simulator answers from this process, so the event loop must keep running.
 */
async function actionStep(inputs: Record<string, string>) {
  const outputs = join(work, `outputs-${inputs.ZS_COMMAND}`);
  const summary = join(work, `summary-${inputs.ZS_COMMAND}`);
  writeFileSync(outputs, '');
  writeFileSync(summary, '');
  const child = spawn('bash', [resolve('scripts/action-run.sh')], {
    cwd: work,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...s.env,
      ZS_CLI: resolve('dist/cli.js'),
      ZS_DIR: 'desired-state',
      ZS_FORMAT: 'text',
      ZS_MAX_USERS: '100',
      ZS_MAX_PERCENT: '30',
      ZS_ARGS: '',
      NO_COLOR: '1',
      GITHUB_OUTPUT: outputs,
      GITHUB_STEP_SUMMARY: summary,
      ...inputs,
    },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.resume();
  const status = await new Promise<number | null>((done) => child.on('close', done));
  const values = Object.fromEntries(readFileSync(outputs, 'utf8').trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  return { status, stderr, outputs: values, summary: readFileSync(summary, 'utf8') };
}

describe('the action\'s command step', () => {
  it('plan: exit code 2 (changes) is a success, with the plan path, the output file and a one-line summary', async () => {
    const step = await actionStep({ ZS_COMMAND: 'plan', ZS_FORMAT: 'markdown', ZS_ARGS: '--out plan.json' });
    expect(step.status).toBe(0);
    expect(step.stderr).toContain('zoom-settings plan --dir desired-state --max-changed-users 100 --max-changed-percent 30 --format markdown --detailed-exitcode --out plan.json');
    expect(step.outputs).toEqual({
      'exit-code': '2',
      'plan-path': 'plan.json',
      'output-path': 'zoom-settings.plan.md',
      summary: '1 to change, 5 unchanged, 0 not found, 0 pending, 0 errors; 1 settings',
    });
    expect(step.summary).toContain('## zoom-settings plan');
    expect(readFileSync(join(work, 'zoom-settings.plan.md'), 'utf8')).toContain('Guards: the merge will apply this (1 user ≤ 100;');
  });

  it('validate: the verdict is the summary', async () => {
    const step = await actionStep({ ZS_COMMAND: 'validate' });
    expect(step.status).toBe(0);
    expect(step.outputs['exit-code']).toBe('0');
    expect(step.outputs.summary).toMatch(/^desired state in desired-state is valid: 6 users, 3 profiles, 0 errors, 0 warnings/);
  });

  it('check: --dir is passed, and SARIF lands in zoom-settings.check.sarif for a code-scanning upload', async () => {
    const step = await actionStep({ ZS_COMMAND: 'check', ZS_FORMAT: 'sarif', ZS_ARGS: '--today 2026-12-01' });
    expect(step.stderr).toContain('zoom-settings check --dir desired-state --format sarif --today 2026-12-01');
    expect(step.outputs['output-path']).toBe('zoom-settings.check.sarif');
    expect(JSON.parse(readFileSync(join(work, 'zoom-settings.check.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0' });
    expect({ status: step.status, code: step.outputs['exit-code'] }).toEqual({ status: 0, code: '0' });
  });

  it('apply without --auto-approve fails the step (no terminal), with the exit code as output', async () => {
    const step = await actionStep({ ZS_COMMAND: 'apply' });
    expect(step.status).toBe(1);
    expect(step.outputs['exit-code']).toBe('1');
  });
});

type Comment = { id: number; body: string };

/** plan.yml's comment script, run with a recording client instead of GitHub's. */
async function commentScript(env: Record<string, string>, existing: Comment[]) {
  const workflow = load(readFileSync('.github/workflows/plan.yml', 'utf8')) as { jobs: { plan: { steps: Array<{ name?: string; with?: { script: string } }> } } };
  const script = workflow.jobs.plan.steps.find((step) => step.name === 'Post or update the plan comment')!.with!.script;
  const calls: Array<[string, Record<string, unknown>]> = [];
  const github = {
    paginate: async (_method: unknown) => existing,
    rest: {
      issues: {
        listComments: 'listComments',
        updateComment: async (args: Record<string, unknown>) => void calls.push(['update', args]),
        createComment: async (args: Record<string, unknown>) => void calls.push(['create', args]),
      },
    },
  };
  const context = { repo: { owner: 'acme', repo: 'zoom' }, serverUrl: 'https://github.com', runId: 42, issue: { number: 7 } };
  const saved = { cwd: process.cwd(), env: { ...process.env } };
  process.chdir(work);
  Object.assign(process.env, { GITHUB_WORKSPACE: work, HEAD_SHA: '0123456789abcdef0123456789abcdef01234567', ...env });
  try {
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
    await new AsyncFunction('github', 'context', 'require', 'process', script)(github, context, createRequire(import.meta.url), process);
  } finally {
    process.chdir(saved.cwd);
    process.env = saved.env;
  }
  return calls;
}

describe("plan.yml's comment", () => {
  it('updates the one sticky comment with the plan', async () => {
    writeFileSync(join(work, 'zoom-settings.plan.md'), '<!-- zoom-settings-plan -->\n## zoom-settings plan\n');
    const calls = await commentScript({ VALID: 'true' }, [{ id: 1, body: 'hello' }, { id: 5, body: 'old\n<!-- zoom-settings-plan -->' }]);
    expect(calls).toEqual([['update', { owner: 'acme', repo: 'zoom', comment_id: 5, body: '<!-- zoom-settings-plan -->\n## zoom-settings plan\n' }]]);
  });

  it('is replaced by the validation errors, each linked to its file and line in the pull request', async () => {
    const bad = join(work, 'desired-state/defaults.yaml');
    writeFileSync(bad, readFileSync(bad, 'utf8').replace('waiting_room: true', 'waiting_room: maybe'));
    const step = await actionStep({ ZS_COMMAND: 'validate', ZS_FORMAT: 'json' });
    expect(step.outputs['exit-code']).toBe('1');
    const calls = await commentScript({ VALID: 'false' }, [{ id: 5, body: '<!-- zoom-settings-plan -->\nthe previous plan' }]);
    expect(calls).toHaveLength(1);
    const [verb, args] = calls[0]!;
    expect(verb).toBe('update');
    const body = args.body as string;
    expect(body).toContain('## zoom-settings: the desired state is not valid');
    expect(body).not.toContain('the previous plan');
    expect(body).toMatch(
      /- error: \[desired-state\/defaults\.yaml:5:19\]\(https:\/\/github\.com\/acme\/zoom\/blob\/0123456789abcdef0123456789abcdef01234567\/desired-state\/defaults\.yaml#L5\) `in_meeting\.waiting_room`: expected true or false/,
    );
    expect(body).toContain('[CI run](https://github.com/acme/zoom/actions/runs/42)');
  });
});
