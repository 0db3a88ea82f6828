/**
 * `zoom-settings report --live`: the compliance report (issue 17, item 5). Per managed user and setting: the live
 * value, where it comes from (account, group or the user's own), whether and where it is locked, the results of the
 * rules that judge it and any exception; as CSV, JSON or one self-contained HTML page.
 *   desired state → users → hierarchy read → live reads (rate-limited) → rules → rows → render → file
 */
import { UsageError } from '../core/errors.js';
import { buildReport } from '../core/report/build.js';
import { csvHeader, csvRow } from '../core/report/csv.js';
import { renderHtmlPage } from '../core/report/html.js';
import { JSON_END, jsonRow, jsonStart } from '../core/report/json.js';
import type { ComplianceReport } from '../core/report/model.js';
import { fileStream, write } from '../io/output.js';
import { booleanOption, listOption, stringOption, type Command, type CommandIo } from './command.js';
import { openValidDesiredState } from './shared/desired.js';
import { judgeLiveUsers } from './shared/report-rules.js';
import { checkToday } from './shared/policy-check.js';
import { ruleSettings } from '../core/report/rules.js';
import { readHierarchyOrWarn } from './shared/read-hierarchy.js';
import { managedVariantsOfAll, readReportUsers } from './shared/report-read.js';
import { selectUsers } from './shared/select-users.js';
import { openZoomSession } from './shared/zoom-session.js';
import { allResolved } from './plan.js';

export const REPORT_FORMATS = ['html', 'csv', 'json'] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];

const HELP = `Usage: zoom-settings report --live [--format html|csv|json] [--out FILE] [--dir DIR] [--users LIST] [--today DATE] [--simulate]

The compliance report, from the account as it is: for every managed user and setting (the settings their desired
state manages, and those the rules in policies/*.yaml judge for them) the live value, where it comes from (the
account, a group, or the user's own value), whether it is locked and where, each rule's result and any exception.
Reads only (GETs through the same rate limiter as plan). Passcodes are shown as (sensitive).

  html   one self-contained page (no network: nothing is loaded from anywhere): a summary per rule with the share of
         users compliant, the exceptions by expiry date, and every row in a filterable, sortable table
  csv    one row per user and setting (RFC 4180; cells that a spreadsheet would run as a formula are neutralised)
  json   the same rows, with the rule summary and the exceptions

Options:
  --live             read the account (required: the report is about Zoom as it is)
  --format FORMAT    html (default), csv or json
  --out FILE         write the report to FILE (default: standard output)
  --dir DIR          the desired-state directory (default: ./desired-state)
  --users LIST       only these users (comma-separated email addresses or Zoom user ids)
  --today YYYY-MM-DD the date exceptions are judged on (default: ZOOM_SETTINGS_TODAY, else today in UTC)
  --simulate         against an in-process simulator seeded from the desired state
  -h, --help         show this help

"Comes from" is inferred: Zoom's user GET returns the effective value only. A lock decides it (account or group);
otherwise a value equal to the user's group's is "group", equal to the account's is "account", else "user".
Needs the account:read:admin and group:read:admin scopes for origins and locks; without them they show "unknown".
Exit codes: 0 report written, 1 error (invalid desired state or policies, bad arguments, Zoom unreachable).
`;

function parseFormat(raw: string | undefined): ReportFormat {
  const format = raw ?? 'html';
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be html, csv or json, not "${format}"`, 'report');
  return format as ReportFormat;
}

/** Writes the report; resolves to the number of rows written. */
export async function writeReport(stream: NodeJS.WritableStream, format: ReportFormat, report: ComplianceReport): Promise<number> {
  let count = 0;
  if (format === 'html') {
    const page = renderHtmlPage(report);
    await write(stream, page.text);
    return page.rows;
  }
  await write(stream, format === 'csv' ? csvHeader() : jsonStart(report));
  for (const row of report.rows) {
    await write(stream, format === 'csv' ? csvRow(row) : jsonRow(row, count === 0));
    count += 1;
  }
  if (format === 'json') await write(stream, JSON_END);
  return count;
}

async function collect(io: CommandIo, dir: string, users: string[] | undefined, simulate: boolean, today: string): Promise<ComplianceReport> {
  const loaded = await openValidDesiredState(dir, io);
  const selection = await selectUsers(loaded, { ...(users ? { users } : {}) });
  const session = await openZoomSession(io, simulate ? { users: await allResolved(loaded, selection) } : undefined);
  try {
    const ruleSettingsList = ruleSettings(loaded.policies);
    const hierarchy = await readHierarchyOrWarn(io, session.client, await managedVariantsOfAll(selection, ruleSettingsList));
    const read = await readReportUsers(io, selection, session, ruleSettingsList);
    const notes = [
      ...(hierarchy ? [] : ['The account and group settings could not be read: origins and locks are unknown.']),
      ...(loaded.hasPolicies ? [] : ['No rules: the desired state has no policies/*.yaml (zoom-settings init --policies cis writes a starter pack).']),
    ];
    const header = { generatedAt: new Date().toISOString(), account: session.account, dir, users: read.length, notes };
    const judged = loaded.hasPolicies ? judgeLiveUsers(loaded.policies, loaded.layers, read, hierarchy, today) : undefined;
    return buildReport(header, read, hierarchy, judged);
  } finally {
    await session.close();
  }
}

export const reportCommand: Command = {
  name: 'report',
  help: HELP,
  positionals: [],
  options: {
    live: { type: 'boolean' },
    format: { type: 'string' },
    out: { type: 'string' },
    dir: { type: 'string' },
    users: { type: 'string' },
    today: { type: 'string' },
    simulate: { type: 'boolean' },
  },
  async run(args, io) {
    if (!booleanOption(args, 'live')) throw new UsageError('report reads the account as it is: run it with --live (for the desired state, use check)', 'report');
    const format = parseFormat(stringOption(args, 'format'));
    const out = stringOption(args, 'out');
    const today = checkToday(io, stringOption(args, 'today'), 'report');
    const report = await collect(io, stringOption(args, 'dir') ?? 'desired-state', listOption(args, 'users'), booleanOption(args, 'simulate'), today);
    const file = out ? fileStream(out) : undefined;
    let rows = 0;
    try {
      rows = await writeReport(file ?? io.stdout, format, report);
    } finally {
      await file?.done();
    }
    if (out) io.stderr.write(`report written to ${out}: ${report.header.users} users, ${rows} rows\n`);
    return 0;
  },
};
