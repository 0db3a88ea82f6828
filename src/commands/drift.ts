/**
 * `zoom-settings drift`: for a schedule. Plans every managed user, reports what differs from the desired state
 * (changes made in the Zoom portal), and with --fix applies the correction through the same guards and journal.
 */
import { UsageError } from '../core/errors.js';
import { booleanOption, listOption, stringOption, type Command } from './command.js';
import { planThenApply } from './apply.js';
import { parseFormat, planExitCode, planInto, rendererFor } from './plan.js';
import { rendererSink } from '../io/output.js';
import { APPLY_FLAG_HELP, APPLY_FLAG_OPTIONS, approvalFor, parseApplyFlags } from './shared/apply-flow.js';
import { driftAcksOf, todayFrom } from './shared/drift-acks.js';

const HELP = `Usage: zoom-settings drift [--dir DIR] [--users LIST] [--format text|json|markdown] [--detailed-exitcode]
       zoom-settings drift --fix [--auto-approve] [--dir DIR] [--users LIST] [options]

Compares every managed user's live settings with the desired state and reports drift per user and field
(settings changed in the Zoom portal since the last apply). Sends nothing unless --fix is given.

Options:
  --dir DIR              the desired-state directory (default: ./desired-state)
  --users LIST           only these users (comma-separated)
  --fix                  apply the correction (like apply: guards, verification, journal); on a terminal it shows
                         the drift, checks the guards and asks; elsewhere it needs --auto-approve
  --auto-approve         with --fix: correct without asking (CI, a CronJob)
  --format FORMAT        text (default), json (the plan document) or markdown (for an issue or a chat message);
                         with --fix: text or json (the ledger)
  --detailed-exitcode    without --fix: exit 0 when there is no drift, 2 when there is
  --simulate             against an in-process simulator seeded from the desired state
${APPLY_FLAG_HELP}
  -h, --help             show this help

Acknowledged drift: a file in drift-acks/ (target, settings, owner, reason, expires) makes drift on those settings
known and wanted until its expires date (inclusive, UTC): it is reported as acknowledged, not corrected by --fix and
not counted by --detailed-exitcode. ZOOM_SETTINGS_TODAY=YYYY-MM-DD judges the dates as of another day.

Exit codes: 0 no drift (or drift fixed), 2 drift found (with --detailed-exitcode), 1 error, or with --fix anything
failed, was stale or deferred.
`;

export const driftCommand: Command = {
  name: 'drift',
  help: HELP,
  positionals: [],
  options: {
    ...APPLY_FLAG_OPTIONS,
    dir: { type: 'string' },
    users: { type: 'string' },
    fix: { type: 'boolean' },
    'auto-approve': { type: 'boolean' },
    format: { type: 'string' },
    'detailed-exitcode': { type: 'boolean' },
    simulate: { type: 'boolean' },
  },
  async run(args, io) {
    // Acknowledged drift (drift-acks/*.yaml) is reported, never corrected, and not counted, until it expires.
    const today = todayFrom(io.env, new Date(), 'drift');
    const acks = (loaded: { layers: Parameters<typeof driftAcksOf>[0] }) => ({ acks: driftAcksOf(loaded.layers, today) });
    if (booleanOption(args, 'fix')) {
      if (booleanOption(args, 'detailed-exitcode')) throw new UsageError('--detailed-exitcode goes without --fix (with --fix the exit code reports the ledger)', 'drift');
      const flags = parseApplyFlags(args, 'drift');
      return planThenApply(io, args, flags, 'drift', approvalFor(io, booleanOption(args, 'auto-approve'), 'drift', 'drift --fix'), acks);
    }
    if (booleanOption(args, 'auto-approve')) throw new UsageError('--auto-approve goes with --fix (without it drift only reports)', 'drift');
    const format = parseFormat(args, 'drift');
    const result = await planInto(
      io,
      { dir: stringOption(args, 'dir') ?? 'desired-state', users: listOption(args, 'users'), simulate: booleanOption(args, 'simulate') },
      [rendererSink(rendererFor(format, io, 'the JSON drift report (--format json)', { kind: 'drift' }), io.stdout)],
      acks,
    );
    return planExitCode(result, booleanOption(args, 'detailed-exitcode'));
  },
};
