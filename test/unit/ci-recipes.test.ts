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

function workflowScripts(doc: Yaml): string[] {
  const jobs = (doc.jobs ?? {}) as Record<string, { steps?: Array<{ run?: string }> }>;
  return Object.values(jobs).flatMap((job) => (job.steps ?? []).map((step) => step.run).filter((run): run is string => typeof run === 'string'));
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
  return workflowScripts(load(read(path)) as Yaml).flatMap((script) => commandLines(path, shellLines(script)));
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
    expect(checkCommandLine({ where: 'x', words: ['drift', '--auto-approve'] })).toEqual(['x: drift does not accept --auto-approve']);
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
    ['README.md', ['apply', 'drift', 'import', 'plan', 'simulator', 'validate']],
    ['docs/docker.md', ['apply', 'drift', 'import', 'plan']],
    ['docs/import.md', ['import', 'plan', 'validate']],
  ])('%s runs %j', (path, expected) => {
    expect(commands(path)).toEqual(expected);
  });
});

describe('plan.yml', () => {
  const doc = load(read('.github/workflows/plan.yml')) as Yaml;
  const text = read('.github/workflows/plan.yml');

  it('runs on pull requests with the full history and Node 20', () => {
    expect(Object.keys(doc.on as Yaml)).toEqual(['pull_request']);
    const steps = ((doc.jobs as Yaml).plan as { steps: Array<Yaml> }).steps;
    expect(steps.find((s) => s.uses === 'actions/checkout@v4')!.with).toEqual({ 'fetch-depth': 0 });
    expect((steps.find((s) => s.uses === 'actions/setup-node@v4')!.with as Yaml)['node-version']).toBe(20);
  });

  it('plans since the base branch as markdown with a plan file, then updates one sticky comment', () => {
    expect(text).toContain('--changed-since "origin/$BASE_REF"');
    expect(text).toContain('BASE_REF: ${{ github.base_ref }}');
    expect(text).toContain("const marker = '<!-- zoom-settings-plan -->'");
    expect(text).toContain('github.rest.issues.updateComment');
    expect(text).toContain('github.rest.issues.createComment');
    expect(text).toMatch(/uses: actions\/upload-artifact@v4\n\s+with:\n\s+name: zoom-settings-plan\n\s+path: \|\n\s+plan\.json/);
  });

  it.each(WORKFLOWS)('%s takes the credentials and passcode references from secrets', (path) => {
    const env = (Object.values((load(read(path)) as Yaml).jobs as Yaml)[0] as Yaml).env as Yaml;
    for (const name of ['ZOOM_ACCOUNT_ID', 'ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET', 'ZOOM_EXEC_PMI_PASSCODE']) {
      expect(env[name]).toBe(`\${{ secrets.${name} }}`);
    }
  });
});

describe('apply.yml and drift.yml', () => {
  const apply = load(read('.github/workflows/apply.yml')) as Yaml;
  const drift = load(read('.github/workflows/drift.yml')) as Yaml;

  it('apply runs on push to main, one at a time, and raises limits only by hand', () => {
    expect((apply.on as Yaml).push).toEqual({ branches: ['main'], paths: ['desired-state/**'] });
    expect(apply.concurrency).toEqual({ group: 'zoom-settings-apply', 'cancel-in-progress': false });
    const inputs = ((apply.on as Yaml).workflow_dispatch as Yaml).inputs as Yaml;
    expect(Object.keys(inputs)).toEqual(['max_changed_users', 'max_changed_percent']);
    expect(read('.github/workflows/apply.yml')).toContain("MAX_CHANGED_USERS: ${{ inputs.max_changed_users || '100' }}");
  });

  it('both upload the hidden journal directory', () => {
    for (const path of ['.github/workflows/apply.yml', '.github/workflows/drift.yml']) {
      expect(read(path)).toMatch(/path: \|\n\s+\.zoom-settings\/\n[\s\S]*include-hidden-files: true/);
    }
  });

  it('drift runs nightly and by hand with a fix input, shares the apply group, and keeps one labelled issue', () => {
    expect((drift.on as Yaml).schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }]);
    expect((((drift.on as Yaml).workflow_dispatch as Yaml).inputs as Yaml).fix).toEqual(expect.objectContaining({ type: 'boolean', default: false }));
    expect(drift.concurrency).toEqual(apply.concurrency);
    const text = read('.github/workflows/drift.yml');
    expect(text).toContain("const label = 'zoom-drift'");
    expect(text).toContain("if: steps.drift.outputs.exit_code == '2'");
    expect(text).toContain('node dist/cli.js drift --dir desired-state --fix');
  });
});

describe(CRONJOB, () => {
  const doc = load(read(CRONJOB)) as Yaml;
  const spec = doc.spec as Yaml;
  const pod = (((spec.jobTemplate as Yaml).spec as Yaml).template as Yaml).spec as Yaml;
  const container = (pod.containers as Yaml[])[0]!;

  it('is a CronJob that never overlaps and runs drift --fix', () => {
    expect(doc.kind).toBe('CronJob');
    expect(spec.concurrencyPolicy).toBe('Forbid');
    expect(container.args).toEqual(['drift', '--dir', '/desired-state', '--fix']);
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
