/**
 * `zoom-settings check`: policy as code (issue 17). Evaluates the rules of policies/*.yaml, with the exceptions of
 * exceptions/*.yaml, over the effective desired state (no API call, no credentials: it runs in a pull request), or
 * with --live over the account as it is (reads, paced like every run). Exit 1 on any error-severity violation,
 * expired exceptions included.
 */
import type { PolicyVerdict } from '../core/policy/index.js';
import type { CheckContext } from '../core/policy/render/common.js';
import { renderCheckJson } from '../core/policy/render/json.js';
import { renderCheckJunit } from '../core/policy/render/junit.js';
import { renderCheckMarkdown } from '../core/policy/render/markdown.js';
import { renderCheckSarif } from '../core/policy/render/sarif.js';
import { renderCheckText } from '../core/policy/render/text.js';
import { UsageError } from '../core/errors.js';
import { fileStream, write } from '../io/output.js';
import { booleanOption, stringOption, type Command } from './command.js';
import { runCheck, TODAY_VARIABLE } from './shared/policy-check.js';

export const CHECK_FORMATS = ['text', 'json', 'markdown', 'sarif', 'junit'] as const;
type CheckFormat = (typeof CHECK_FORMATS)[number];

const HELP = `Usage: zoom-settings check [--live] [--format text|json|markdown|sarif|junit] [--dir DIR] [--out FILE]
                           [--today YYYY-MM-DD] [--warn-days N] [--simulate]

Evaluates the rules in policies/*.yaml, with the exceptions in exceptions/*.yaml, over every managed user (and the
account and groups, where a rule's scope names them). Without --live it checks the effective desired state (what
the desired state will make true): no API call, no credentials, so it runs in a pull request before any secret is
involved. With --live it checks the account as it is: each user's live settings and, where the app may read them,
the account and group locks (rate-limited reads, like plan).

A violation names the rule, the subject, the offending value and the file:line:col that sets it. An exception that
has expired is a violation naming the exception and its owner; one expiring within --warn-days is a warning; one
that matches nothing is a warning.

Options:
  --dir DIR            the desired-state directory (default: ./desired-state)
  --live               check Zoom's live values instead of the desired state (needs ZOOM_* credentials)
  --format FORMAT      text (default), json, markdown (a pull-request comment), sarif (GitHub code scanning,
                       results at the file and line that cause them) or junit (GitLab's test report)
  --out FILE           write the report to FILE instead of standard output
  --today YYYY-MM-DD   the date exceptions are judged on (default: ${TODAY_VARIABLE}, else today in UTC)
  --warn-days N        warn about exceptions expiring within N days (default 14)
  --simulate           with --live: against an in-process simulator seeded from the desired state
  -h, --help           show this help

Exit codes: 0 no error-severity violation (warnings allowed), 1 an error-severity violation or an expired (or too
long) exception, an invalid desired state or policy file, or bad arguments.
`;

function render(format: CheckFormat, verdict: PolicyVerdict, context: CheckContext, subjects: number): string {
  switch (format) {
    case 'json':
      return renderCheckJson(verdict, context, subjects);
    case 'markdown':
      return renderCheckMarkdown(verdict, context, subjects);
    case 'sarif':
      return renderCheckSarif(verdict, context);
    case 'junit':
      return renderCheckJunit(verdict, context);
    default:
      return renderCheckText(verdict, context, subjects);
  }
}

function warnDays(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,4}$/.test(text)) throw new UsageError(`--warn-days must be a whole number of days, not "${text}"`, 'check');
  return Number(text);
}

export const checkCommand: Command = {
  name: 'check',
  help: HELP,
  positionals: [],
  options: {
    dir: { type: 'string' },
    live: { type: 'boolean' },
    format: { type: 'string' },
    out: { type: 'string' },
    today: { type: 'string' },
    'warn-days': { type: 'string' },
    simulate: { type: 'boolean' },
  },
  async run(args, io) {
    const format = stringOption(args, 'format') ?? 'text';
    if (!(CHECK_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be text, json, markdown, sarif or junit, not "${format}"`, 'check');
    const live = booleanOption(args, 'live');
    const simulate = booleanOption(args, 'simulate');
    if (simulate && !live) throw new UsageError('--simulate reads live values from a simulator: use it with --live', 'check');
    const warningDays = warnDays(stringOption(args, 'warn-days'));
    const dir = stringOption(args, 'dir') ?? 'desired-state';
    const today = stringOption(args, 'today');
    const run = await runCheck(io, { dir, live, simulate, ...(today !== undefined ? { today } : {}), ...(warningDays !== undefined ? { warningDays } : {}) });
    if (!run.loaded.hasPolicies) io.stderr.write(`note: ${dir} has no policies/*.yaml: there are no rules to check\n`);
    const text = render(format as CheckFormat, run.verdict, run.context, run.subjects);
    const out = stringOption(args, 'out');
    if (out) {
      const file = fileStream(out);
      try {
        await write(file, text);
      } finally {
        await file.done();
      }
      io.stderr.write(`check report written to ${out}\n`);
    } else io.stdout.write(text);
    return run.verdict.errors > 0 ? 1 : 0;
  },
};
