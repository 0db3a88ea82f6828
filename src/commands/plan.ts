/** `zoom-settings plan`: what applying the desired state would change, for reviewers and for `apply`. */
import { UsageError } from '../core/errors.js';
import { jsonRenderer } from '../core/render/json.js';
import { markdownRenderer } from '../core/render/markdown.js';
import type { PlanRenderer } from '../core/render/renderer.js';
import { textRenderer } from '../core/render/text.js';
import { fileStream, rendererSink } from '../io/output.js';
import { sha256Hasher } from '../io/secrets.js';
import { booleanOption, listOption, stringOption, type Command, type CommandIo, type ParsedArgs } from './command.js';
import { openValidDesiredState } from './shared/desired.js';
import { planPolicySection } from './shared/policy-check.js';
import { planHeader, runPlan, type PlanExtras, type PlanRunResult, type PlanSink } from './shared/plan-run.js';
import { selectedEntries, selectUsers, type Selection } from './shared/select-users.js';
import { openZoomSession, type ZoomSession } from './shared/zoom-session.js';
import { refuseDuplicateIdentities, loadUserDirectory } from './shared/user-directory.js';
import type { CheckedDesiredState } from '../io/desired-state.js';
import type { ResolvedUser } from '../core/desired/merge.js';
import type { PlanHeader } from '../core/plan/types.js';
import type { GuardLimits } from '../core/apply/guards.js';
import { APPLY_FLAG_OPTIONS, parseApplyFlags } from './shared/apply-flow.js';
import { changesAnything, planErrors } from '../core/plan/summary.js';
import { hierarchySeedFor } from '../io/seed-hierarchy.js';

export const PLAN_FORMATS = ['text', 'json', 'markdown'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export const PLAN_HELP = `Usage: zoom-settings plan [--dir DIR] [--users a@x.com,b@y.com] [--changed-since GIT_REF]
                          [--out plan.json] [--format text|json|markdown] [--detailed-exitcode] [--simulate]

Reads each managed user's live settings (only the variants their desired state manages), compares them with the
desired state, and shows who changes, what, from what to what, and which file asked for it. Sends nothing.

Options:
  --dir DIR              the desired-state directory (default: ./desired-state)
  --users LIST           plan only these users (comma-separated email addresses or Zoom user ids)
  --changed-since REF    plan only users whose resolved desired settings differ between REF and the working tree;
                         each change is marked "introduced" (by the branch) or "drift" (reverted by the merge)
  --out FILE             also write the plan document (JSON) to FILE, for \`zoom-settings apply FILE\`
  --format FORMAT        text (default), json (the plan document) or markdown (a pull-request comment)
  --detailed-exitcode    exit 0 when nothing changes, 2 when something would change
  --without-secrets      the passcodes ({ env: NAME }) are deliberately not in the environment (a pull request):
                         passcode settings are listed as not compared instead of failing their users; apply
                         refuses a plan file made this way
  --max-changed-users N  the merge job's guard (default 100): the markdown states whether it would refuse the plan
  --max-changed-percent P  the merge job's guard (default 30% of managed users), stated likewise
  --simulate             run against an in-process Zoom simulator seeded from the desired state (no account)
  -h, --help             show this help

Environment: ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET (Server-to-Server OAuth) or ZOOM_ACCESS_TOKEN;
ZOOM_PLAN, ZOOM_RATE_SHARE, ZOOM_MAX_RPS, ZOOM_CONCURRENCY; LOG_LEVEL. Secrets referenced as { env: NAME } are read
from the environment; NO_COLOR turns colour off.
Exit codes: 0 success (with --detailed-exitcode: no changes), 2 changes (with --detailed-exitcode), 1 error
(invalid desired state, a user that could not be planned, bad arguments).
`;

/** The commit planned and the CI run planning it, from GitHub Actions' or GitLab CI's own variables. */
function ciProvenance(env: NodeJS.ProcessEnv): { commit?: string; runUrl?: string } {
  const commit = env.GITHUB_SHA ?? env.CI_COMMIT_SHA;
  const github = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  const runUrl = github ?? env.CI_PIPELINE_URL;
  return { ...(commit ? { commit } : {}), ...(runUrl ? { runUrl } : {}) };
}

export interface RendererExtras {
  kind?: 'plan' | 'drift';
  /** The guards the merge job applies (markdown states their verdict). */
  guards?: GuardLimits;
}

export function rendererFor(format: PlanFormat, io: CommandIo, artifactHint: string, extras: RendererExtras = {}): PlanRenderer {
  if (format === 'json') return jsonRenderer(sha256Hasher());
  if (format === 'markdown') {
    return markdownRenderer({ artifactHint, marker: extras.kind === 'drift' ? '<!-- zoom-settings-drift -->' : '<!-- zoom-settings-plan -->', ...extras, provenance: ciProvenance(io.env) });
  }
  const color = Boolean((io.stdout as NodeJS.WriteStream).isTTY) && !io.env.NO_COLOR;
  return textRenderer({ color, ...(extras.kind ? { kind: extras.kind } : {}) });
}

export function parseFormat(args: ParsedArgs, command: string): PlanFormat {
  const format = stringOption(args, 'format') ?? 'text';
  if (!(PLAN_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be text, json or markdown, not "${format}"`, command);
  return format as PlanFormat;
}

export interface PlanOptions {
  dir: string;
  users?: string[];
  changedSince?: string;
  simulate: boolean;
  /** Passcodes are deliberately absent (a pull request): leave passcode settings out instead of failing. */
  withoutSecrets?: boolean;
}

/** Every managed user resolved, for seeding --simulate's account (a small, local run). */
export async function allResolved(loaded: CheckedDesiredState, selection: Selection): Promise<ResolvedUser[]> {
  const users: ResolvedUser[] = [];
  for await (const entry of loaded.users()) users.push(selection.resolve(entry));
  return users;
}

/**
 * Checks and selects, opens the Zoom session, and runs `fn` with them; the session is closed afterwards. The users
 * are not held: the run streams them from the files (io/desired-state.ts).
 */
export interface PlanContext {
  loaded: CheckedDesiredState;
  selection: Selection;
  session: ZoomSession;
  header: PlanHeader;
}

export async function withPlanSession<T>(io: CommandIo, options: PlanOptions, fn: (context: PlanContext) => Promise<T>): Promise<T> {
  const loaded = await openValidDesiredState(options.dir, io);
  const selection = await selectUsers(loaded, options);
  const simulate = options.simulate ? { users: await allResolved(loaded, selection), hierarchy: hierarchySeedFor(loaded.layers) } : undefined;
  const session = await openZoomSession(io, simulate);
  try {
    if (loaded.mixesIdsAndEmails) {
      // Only here are all users held at once: ids and emails can name one user twice, and only Zoom knows.
      session.directory = await loadUserDirectory(session.client);
      refuseDuplicateIdentities(await selectedEntries({ entries: () => loaded.users() }), session.directory);
    }
    const scope = {
      ...(options.users ? { users: options.users } : {}),
      ...(options.changedSince ? { changed_since: options.changedSince } : {}),
      ...(selection.noLongerManaged?.length ? { no_longer_managed: selection.noLongerManaged } : {}),
      ...(options.withoutSecrets ? { secrets_not_compared: true } : {}),
    };
    const header = planHeader(loaded, session.account, scope, new Date());
    return await fn({ loaded, selection, session, header });
  } finally {
    await session.close();
  }
}

/** Plans into the given sinks; shared by plan and drift. */
export function planInto(io: CommandIo, options: PlanOptions, sinks: PlanSink[], extras?: (loaded: CheckedDesiredState) => PlanExtras): Promise<PlanRunResult> {
  return withPlanSession(io, options, ({ loaded, selection, session, header }) => runPlan(io, header, selection, session, sinks, extras?.(loaded)));
}

export function planExitCode(result: PlanRunResult, detailed: boolean): number {
  if (planErrors(result.summary) > 0) return 1;
  return detailed && changesAnything(result.summary) ? 2 : 0;
}

export const planCommand: Command = {
  name: 'plan',
  help: PLAN_HELP,
  positionals: [],
  options: {
    dir: { type: 'string' },
    users: { type: 'string' },
    'changed-since': { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
    'detailed-exitcode': { type: 'boolean' },
    simulate: { type: 'boolean' },
    'without-secrets': { type: 'boolean' },
    'max-changed-users': APPLY_FLAG_OPTIONS['max-changed-users']!,
    'max-changed-percent': APPLY_FLAG_OPTIONS['max-changed-percent']!,
  },
  async run(args, io) {
    const { guards } = parseApplyFlags(args, 'plan');
    const format = parseFormat(args, 'plan');
    const out = stringOption(args, 'out');
    const options: PlanOptions = {
      dir: stringOption(args, 'dir') ?? 'desired-state',
      users: listOption(args, 'users'),
      changedSince: stringOption(args, 'changed-since'),
      simulate: booleanOption(args, 'simulate'),
      withoutSecrets: booleanOption(args, 'without-secrets'),
    };
    const sinks: PlanSink[] = [rendererSink(rendererFor(format, io, out ? `the plan file ${out}` : 'the JSON plan (--format json)', { guards }), io.stdout)];
    const file = out ? fileStream(out) : undefined;
    if (file) sinks.push(rendererSink(jsonRenderer(sha256Hasher()), file));
    try {
      const result = await planInto(io, options, sinks);
      // The policy verdict (no --live: what the desired state makes true) beside the plan, for the reviewer.
      if (format !== 'json') io.stdout.write(await planPolicySection(io, options.dir, format));
      if (out) io.stderr.write(`plan written to ${out}: apply it with \`zoom-settings apply ${out}\`\n`);
      return planExitCode(result, booleanOption(args, 'detailed-exitcode'));
    } finally {
      await file?.done();
    }
  },
};
