/**
 * The CI recipes work when copied: every workflow, the CronJob and the GitLab example parse as YAML, and every
 * zoom-settings command line in them (and in the docs' shell examples) names a command that exists, with only
 * flags that command accepts and documents.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { loadCommands } from '../../src/commands/index.js';

const COMMANDS = await loadCommands();

type Yaml = Record<string, unknown>;

const WORKFLOWS = ['.github/workflows/plan.yml', '.github/workflows/apply.yml', '.github/workflows/drift.yml'];
const CRONJOB = 'deploy/kubernetes/drift-cronjob.yaml';
const DOCS = ['docs/import.md', 'docs/docker.md', 'docs/ci.md', 'README.md'];

const OPERATOR = /^(\||\|\||&&|;|>|>>|2>|2>&1|<|\(|\))$/;
const GLOBAL_FLAGS = ['--help', '-h', '--version', '-v'];

/** Shell words of a script (quotes removed, `\`-continued lines joined, comments dropped), one array per line. */
function shellLines(script: string): string[][] {
  const lines: string[][] = [];
  for (const line of script.replace(/\\\r?\n/g, ' ').split('\n')) {
    const words: string[] = [];
    const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
    for (let m = pattern.exec(line); m; m = pattern.exec(line)) {
      const word = m[1] ?? m[2] ?? m[3]!;
      if (m[3] !== undefined && word.startsWith('#')) break;
      // `a;` ends a command just as `;` does.
      if (m[3] !== undefined && /;$/.test(word) && word.length > 1) words.push(word.slice(0, -1), ';');
      else words.push(word);
    }
    if (words.length > 0) lines.push(words);
  }
  return lines;
}

const IMAGE = /^(?:[\w.-]+\/)*zoom-settings(?::[\w.-]+)?$/;
const isProgram = (word: string, previous: string | undefined): boolean =>
  /(^|\/)dist\/cli\.js$/.test(word) || (IMAGE.test(word) && previous !== '-t' && previous !== '--tag');

interface CommandLine {
  where: string;
  words: string[];
}

/** Every zoom-settings invocation in the lines: the words after the program, up to a shell operator. */
function commandLines(where: string, lines: string[][]): CommandLine[] {
  const out: CommandLine[] = [];
  for (const words of lines) {
    if (words[0] === 'docker' && words[1] !== 'run') continue;
    if (words[0] === 'kubectl' || words[0] === 'FROM') continue;
    words.forEach((word, i) => {
      if (!isProgram(word, words[i - 1])) return;
      const rest: string[] = [];
      for (const next of words.slice(i + 1)) {
        if (OPERATOR.test(next)) break;
        rest.push(next);
      }
      // A bare image name runs the image's default command (CMD).
      if (rest.length > 0 || !IMAGE.test(word)) out.push({ where, words: rest });
    });
  }
  return out;
}

/** What is wrong with a command line, or an empty list. */
function checkCommandLine(line: CommandLine): string[] {
  const [name, ...args] = line.words;
  if (name === undefined) return [`${line.where}: no command`];
  if (name.startsWith('-')) return GLOBAL_FLAGS.includes(name) ? [] : [`${line.where}: unknown option ${name}`];
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) return [`${line.where}: unknown command "${name}" in: ${line.words.join(' ')}`];
  const problems: string[] = [];
  for (const arg of args) {
    if (!arg.startsWith('--')) continue;
    const flag = arg.slice(2).split('=')[0]!;
    if (flag === 'help') continue;
    if (!command.options[flag]) problems.push(`${line.where}: ${name} does not accept --${flag}`);
    else if (!command.help.includes(`--${flag}`)) problems.push(`${line.where}: ${name} --help does not document --${flag}`);
  }
  return problems;
}

type Step = { id?: string; run?: string; uses?: string; with?: Yaml; env?: Yaml; name?: string };
type Job = { steps?: Step[]; env?: Yaml; environment?: unknown; if?: string };

const jobsOf = (doc: Yaml): Record<string, Job> => (doc.jobs ?? {}) as Record<string, Job>;

function workflowScripts(doc: Yaml): string[] {
  return Object.values(jobsOf(doc)).flatMap((job) => (job.steps ?? []).map((step) => step.run).filter((run): run is string => typeof run === 'string'));
}

/** The repository's own action (`uses: ./`) runs `zoom-settings <command> <args>`; expressions are dropped. */
function actionCommandLines(where: string, doc: Yaml): CommandLine[] {
  return Object.values(jobsOf(doc)).flatMap((job) =>
    (job.steps ?? [])
      .filter((step) => step.uses === './')
      .map((step) => {
        const inputs = step.with as Record<string, string>;
        const args = String(inputs.args ?? '').replace(/\$\{\{[^}]*\}\}/g, '').split(/\s+/).filter(Boolean);
        return { where, words: [inputs.command!, ...args] };
      }),
  );
}

function fencedBlocks(markdown: string, languages: string[]): string[] {
  const blocks: string[] = [];
  for (const m of markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) if (languages.includes(m[1]!)) blocks.push(m[2]!);
  return blocks;
}

function gitlabScripts(doc: Yaml): string[] {
  const scripts: string[] = [];
  for (const value of Object.values(doc)) {
    if (value === null || typeof value !== 'object') continue;
    for (const key of ['script', 'before_script']) {
      const list = (value as Yaml)[key];
      if (Array.isArray(list)) scripts.push(...list.filter((s): s is string => typeof s === 'string'));
    }
  }
  return scripts;
}

const read = (path: string) => readFileSync(path, 'utf8');

function linesOf(path: string): CommandLine[] {
  if (path.endsWith('.md')) {
    const shell = fencedBlocks(read(path), ['sh', 'bash']).flatMap((block) => commandLines(path, shellLines(block)));
    const yaml = fencedBlocks(read(path), ['yaml']).flatMap((block) => gitlabScripts(load(block) as Yaml)).flatMap((s) => commandLines(path, shellLines(s)));
    return [...shell, ...yaml];
  }
  if (path === CRONJOB) {
    const containers = ((((load(read(path)) as Yaml).spec as Yaml).jobTemplate as Yaml).spec as Yaml).template as Yaml;
    const list = (containers.spec as Yaml).containers as Array<{ args: string[] }>;
    // The image's ENTRYPOINT is the CLI: the container args are the command line.
    return list.map((c) => ({ where: path, words: c.args }));
  }
  const doc = load(read(path)) as Yaml;
  return [...workflowScripts(doc).flatMap((script) => commandLines(path, shellLines(script))), ...actionCommandLines(path, doc)];
}

describe('the command-line checker (it must be able to fail)', () => {
  it('reads quoted words, continuations and operators', () => {
    expect(shellLines('node dist/cli.js plan --dir "my dir" \\\n  --format markdown > plan.md; code=$? # c')).toEqual([
      ['node', 'dist/cli.js', 'plan', '--dir', 'my dir', '--format', 'markdown', '>', 'plan.md', ';', 'code=$?'],
    ]);
  });

  it('finds node dist/cli.js, npx zoom-settings and docker images, not build tags', () => {
    const found = commandLines('x', shellLines('npx zoom-settings plan --out p.json | tee x\ndocker build -t zoom-settings .\ndocker run --rm -e A ghcr.io/acme/zoom-settings:1.0 drift --fix\ndocker run --rm zoom-settings'));
    expect(found.map((l) => l.words)).toEqual([['plan', '--out', 'p.json'], ['drift', '--fix']]);
  });

  it('reports unknown commands and flags', () => {
    expect(checkCommandLine({ where: 'x', words: ['plna'] })).toEqual(['x: unknown command "plna" in: plna']);
    expect(checkCommandLine({ where: 'x', words: ['drift', '--yes'] })).toEqual(['x: drift does not accept --yes']);
    expect(checkCommandLine({ where: 'x', words: ['apply', '--auto-approve', '--max-changed-users=5'] })).toEqual([]);
    expect(checkCommandLine({ where: 'x', words: ['--verbose'] })).toEqual(['x: unknown option --verbose']);
  });
});

describe.each([...WORKFLOWS, CRONJOB])('%s', (path) => {
  it('parses as YAML', () => {
    expect(() => load(read(path))).not.toThrow();
    expect(load(read(path))).toEqual(expect.any(Object));
  });

  it('runs only commands and flags that exist', () => {
    const lines = linesOf(path);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.flatMap(checkCommandLine)).toEqual([]);
  });
});

describe.each(DOCS)('%s', (path) => {
  it('shows only commands and flags that exist', () => {
    expect(fencedBlocks(read(path), ['yaml']).map((block) => () => load(block)).every((parse) => parse() !== undefined)).toBe(true);
    expect(linesOf(path).flatMap(checkCommandLine)).toEqual([]);
  });
});

describe('what each recipe runs', () => {
  const commands = (path: string) => [...new Set(linesOf(path).map((l) => l.words[0]))].sort();

  it.each([
    ['.github/workflows/plan.yml', ['plan', 'validate']],
    ['.github/workflows/apply.yml', ['apply']],
    ['.github/workflows/drift.yml', ['drift']],
    [CRONJOB, ['drift']],
    ['README.md', ['apply', 'check', 'drift', 'import', 'plan', 'simulator', 'validate', 'watch']],
    ['docs/docker.md', ['apply', 'drift', 'import', 'plan']],
    ['docs/import.md', ['import', 'plan', 'validate']],
  ])('%s runs %j', (path, expected) => {
    expect(commands(path)).toEqual(expected);
  });
});

const PINNED = /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/;

describe('plan.yml', () => {
  const doc = load(read('.github/workflows/plan.yml')) as Yaml;
  const text = read('.github/workflows/plan.yml');
  const steps = jobsOf(doc).plan!.steps!;

  it('runs on pull_request only (never pull_request_target), with the full history and an LTS Node', () => {
    expect(Object.keys(doc.on as Yaml)).toEqual(['pull_request']);
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout@'))!.with).toEqual({ 'fetch-depth': 0, 'persist-credentials': false });
    expect((steps.find((s) => s.uses?.startsWith('actions/setup-node@'))!.with as Yaml)['node-version']).toBe(24);
  });

  it('validates, then plans the PR scope as markdown with the merge job\'s guards, then updates one sticky comment', () => {
    const plan = steps.find((s) => s.id === 'plan')!;
    expect(plan.uses).toBe('./');
    expect(plan.with).toEqual({
      command: 'plan',
      format: 'markdown',
      'max-changed-users': "${{ vars.ZOOM_MAX_CHANGED_USERS || '100' }}",
      'max-changed-percent': "${{ vars.ZOOM_MAX_CHANGED_PERCENT || '30' }}",
      args: '--changed-since origin/${{ github.base_ref }} --without-secrets --out plan.json',
    });
    expect(text).toContain("const marker = '<!-- zoom-settings-plan -->'");
    expect(text).toContain('github.rest.issues.updateComment');
    expect(text).toContain('github.rest.issues.createComment');
  });

  it('replaces the comment with the validation errors, each linked to its line in the PR', () => {
    expect(steps.find((s) => s.name === 'Validate')!.with).toEqual({ command: 'validate', format: 'json' });
    expect(text).toContain("if (process.env.VALID !== 'true')");
    expect(text).toContain('/blob/${process.env.HEAD_SHA}/${file}#L${p.line}');
    expect(text).toContain('[${file}:${p.line}:${p.column}](${link})');
  });
});

describe('apply.yml and drift.yml', () => {
  const apply = load(read('.github/workflows/apply.yml')) as Yaml;
  const drift = load(read('.github/workflows/drift.yml')) as Yaml;

  it('apply runs on push to main, one at a time, never cancelled, and raises limits only by hand', () => {
    expect((apply.on as Yaml).push).toEqual({ branches: ['main'], paths: ['desired-state/**'] });
    expect(apply.concurrency).toEqual({ group: 'zoom-settings-apply', 'cancel-in-progress': false });
    const inputs = ((apply.on as Yaml).workflow_dispatch as Yaml).inputs as Yaml;
    expect(Object.keys(inputs)).toEqual(['scope', 'max_changed_users', 'max_changed_percent']);
  });

  it('apply applies the scope the pull request showed: changed since the last successful apply', () => {
    const steps = jobsOf(apply).apply!.steps!;
    const scope = steps.find((s) => s.name?.startsWith('Find the scope'))!;
    expect(scope.run).toContain('gh run list --workflow apply.yml --branch main --status success');
    expect(scope.run).toContain('echo "args=--changed-since $base"');
    expect((steps.find((s) => s.uses === './')!.with as Yaml).args).toBe('--auto-approve ${{ steps.scope.outputs.args }}');
  });

  it('drift never shares the apply group, so it cannot cancel a queued apply', () => {
    expect(drift.concurrency).toEqual({ group: 'zoom-settings-drift', 'cancel-in-progress': false });
    expect(JSON.stringify(drift)).not.toContain('zoom-settings-apply');
  });

  it('both upload the hidden journal directory, again on a re-run', () => {
    for (const path of ['.github/workflows/apply.yml', '.github/workflows/drift.yml']) {
      expect(read(path)).toMatch(/name: zoom-settings-journal-\$\{\{ github\.run_id \}\}-\$\{\{ github\.run_attempt \}\}\n\s+path: \|\n\s+\.zoom-settings\/\n[\s\S]*include-hidden-files: true[\s\S]*overwrite: true/);
    }
  });

  it('drift reports nightly and fixes by hand with --fix --auto-approve, keeping one labelled issue', () => {
    expect((drift.on as Yaml).schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }]);
    expect((((drift.on as Yaml).workflow_dispatch as Yaml).inputs as Yaml).fix).toEqual(expect.objectContaining({ type: 'boolean', default: false }));
    const text = read('.github/workflows/drift.yml');
    expect(text).toContain("const label = 'zoom-drift'");
    expect(text).toContain("if: steps.drift.outputs.exit-code == '2'");
    expect((jobsOf(drift).fix!.steps!.find((s) => s.uses === './')!.with as Yaml).args).toBe('--fix --auto-approve');
  });

  it.each(WORKFLOWS)('%s pins every third-party action by commit SHA, with the tag in a comment, and runs Node 24', (path) => {
    const uses = read(path).split('\n').filter((line) => /^\s*(- )?uses: /.test(line));
    for (const line of uses) {
      const ref = line.replace(/^\s*(- )?uses: /, '');
      if (ref === './') continue;
      expect({ line, pinned: PINNED.test(ref.split(' ')[0]!) && / # v\d+\.\d+\.\d+$/.test(ref) }).toEqual({ line, pinned: true });
    }
    for (const job of Object.values(jobsOf(load(read(path)) as Yaml))) {
      const setup = job.steps!.find((s) => s.uses?.startsWith('actions/setup-node@'))!;
      expect((setup.with as Yaml)['node-version']).toBe(24);
    }
  });
});

/**
 * Least privilege (issue 18, done-when): no workflow or example exposes a write secret to a job a pull request
 * triggers, or to a dependency install. Write secrets are every secret but the read-only Zoom app's (ZOOM_PLAN_*).
 */
describe('no write secret reaches a pull request or a dependency install', () => {
  const READ_ONLY = new Set(['ZOOM_PLAN_ACCOUNT_ID', 'ZOOM_PLAN_CLIENT_ID', 'ZOOM_PLAN_CLIENT_SECRET']);
  const secretsIn = (value: unknown): string[] => [...JSON.stringify(value ?? {}).matchAll(/secrets\.([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  const writeSecretsIn = (value: unknown): string[] => secretsIn(value).filter((name) => !READ_ONLY.has(name));
  const INSTALL = /\bnpm (ci|install|i)\b|\byarn( install)?\b|\bpnpm (install|i)\b/;
  const action = load(read('action.yml')) as { runs: { steps: Step[] } };

  /** The problems a workflow has; a test below shows each rule catching a bad workflow. */
  function problems(path: string, doc: Yaml): string[] {
    const out: string[] = [];
    const triggers = Object.keys((doc.on ?? {}) as Yaml);
    if (triggers.includes('pull_request_target')) out.push(`${path}: pull_request_target runs with the base's secrets`);
    const byPullRequest = triggers.some((t) => t.startsWith('pull_request'));
    if (writeSecretsIn(doc.env).length > 0) out.push(`${path}: write secrets in the workflow env`);
    for (const [name, job] of Object.entries(jobsOf(doc))) {
      const where = `${path} job ${name}`;
      const writes = writeSecretsIn(job);
      if (byPullRequest && writes.length > 0) out.push(`${where}: a pull request job holds ${writes.join(', ')}`);
      if (writes.length > 0 && job.environment !== 'zoom-production') out.push(`${where}: write secrets outside the protected environment zoom-production`);
      if (secretsIn(job.env).length > 0) out.push(`${where}: secrets in the job env reach every step, npm ci included`);
      for (const step of job.steps ?? []) {
        const installs = typeof step.run === 'string' && INSTALL.test(step.run);
        if (installs && secretsIn(step.env).length > 0) out.push(`${where}: secrets in the env of a dependency install`);
        if (installs && !/--ignore-scripts/.test(step.run!)) out.push(`${where}: a dependency install with install scripts on`);
      }
    }
    return out;
  }

  it.each(WORKFLOWS)('%s', (path) => {
    expect(problems(path, load(read(path)) as Yaml)).toEqual([]);
  });

  it('the action is composite, with the inputs and outputs the workflows use', () => {
    const doc = load(read('action.yml')) as { runs: { using: string }; inputs: Yaml; outputs: Yaml };
    expect(doc.runs.using).toBe('composite');
    expect(Object.keys(doc.inputs)).toEqual(['command', 'dir', 'format', 'max-changed-users', 'max-changed-percent', 'args']);
    expect(Object.keys(doc.outputs)).toEqual(['exit-code', 'plan-path', 'output-path', 'summary']);
  });

  it('the action installs with an empty environment and no install scripts, so the caller\'s secrets stay out of npm', () => {
    const installs = action.runs.steps.filter((s) => typeof s.run === 'string' && INSTALL.test(s.run));
    expect(installs.length).toBeGreaterThan(0);
    for (const step of installs) {
      for (const line of step.run!.split('\n').filter((l) => INSTALL.test(l))) {
        expect(line).toMatch(/^env -i PATH="\$PATH" HOME="\$HOME" npm /);
        if (/npm ci/.test(line)) expect(line).toContain('--ignore-scripts');
      }
      expect(step.env).toBeUndefined();
    }
  });

  it('the checker catches each kind of exposure (it can fail)', () => {
    const bad = load(`
on: { pull_request_target: {} }
jobs:
  plan:
    env: { ZOOM_CLIENT_SECRET: '\${{ secrets.ZOOM_CLIENT_SECRET }}' }
    steps:
      - run: npm ci
        env: { T: '\${{ secrets.ZOOM_PLAN_CLIENT_SECRET }}' }
`) as Yaml;
    expect(problems('bad.yml', bad)).toEqual([
      "bad.yml: pull_request_target runs with the base's secrets",
      'bad.yml job plan: a pull request job holds ZOOM_CLIENT_SECRET',
      'bad.yml job plan: write secrets outside the protected environment zoom-production',
      'bad.yml job plan: secrets in the job env reach every step, npm ci included',
      'bad.yml job plan: secrets in the env of a dependency install',
      'bad.yml job plan: a dependency install with install scripts on',
    ]);
  });

  it('the GitLab example: read-only variables for merge requests, write variables protected, installs in an empty environment', () => {
    const gitlab = load(fencedBlocks(read('README.md'), ['yaml']).find((block) => block.includes('# .gitlab-ci.yml'))!) as Yaml;
    expect(gitlab.image).toBe('node:24');
    const plan = gitlab.plan as Yaml;
    const planScript = (plan.script as string[]).join('\n');
    expect(planScript).not.toMatch(/\$\{?ZOOM_CLIENT_SECRET\b/);
    expect(planScript).toContain('ZOOM_CLIENT_SECRET="$ZOOM_PLAN_CLIENT_SECRET"');
    const installs = gitlabScripts(gitlab).filter((line) => INSTALL.test(line));
    expect(installs.length).toBeGreaterThan(0);
    for (const line of installs) expect(line).toMatch(/^env -i PATH="\$PATH" HOME="\$HOME" npm ci --ignore-scripts/);
    expect(read('README.md')).toMatch(/ZOOM_CLIENT_SECRET`[^\n]*protected/);
  });
});

describe(CRONJOB, () => {
  const doc = load(read(CRONJOB)) as Yaml;
  const spec = doc.spec as Yaml;
  const pod = (((spec.jobTemplate as Yaml).spec as Yaml).template as Yaml).spec as Yaml;
  const container = (pod.containers as Yaml[])[0]!;

  it('is a CronJob that never overlaps and runs drift --fix --auto-approve (no terminal to ask on)', () => {
    expect(doc.kind).toBe('CronJob');
    expect(spec.concurrencyPolicy).toBe('Forbid');
    expect(container.args).toEqual(['drift', '--dir', '/desired-state', '--fix', '--auto-approve']);
  });

  it('runs non-root with a read-only root filesystem and an emptyDir for the journal', () => {
    expect(pod.securityContext).toEqual(expect.objectContaining({ runAsNonRoot: true, runAsUser: 1000 }));
    expect(container.securityContext).toEqual(expect.objectContaining({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false }));
    const mounts = container.volumeMounts as Array<{ name: string; mountPath: string }>;
    const journal = mounts.find((m) => m.mountPath === '/work/.zoom-settings')!;
    expect((pod.volumes as Yaml[]).find((v) => v.name === journal.name)).toEqual({ name: journal.name, emptyDir: {} });
  });

  it('takes the credentials from a secret and the desired state from ConfigMaps at /desired-state', () => {
    const env = container.env as Array<{ name: string; valueFrom?: { secretKeyRef: Yaml } }>;
    for (const name of ['ZOOM_ACCOUNT_ID', 'ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET']) {
      expect(env.find((e) => e.name === name)!.valueFrom!.secretKeyRef).toEqual({ name: 'zoom-settings-credentials', key: name });
    }
    const mounts = (container.volumeMounts as Array<{ mountPath: string }>).map((m) => m.mountPath);
    expect(mounts).toEqual(expect.arrayContaining(['/desired-state/defaults.yaml', '/desired-state/profiles', '/desired-state/users']));
  });
});
