/**
 * Markdown for a pull-request comment: a summary table, identical changes grouped ("312 users: in_meeting.chat
 * true → false"), introduced changes and drift in separate sections, per-user detail in collapsible sections.
 * Always under MARKDOWN_LIMIT characters (GitHub rejects comments over 65,536): when it would not fit, the detail
 * is cut and the comment points at the JSON plan artifact.
 */
import type { GuardLimits } from '../apply/guards.js';
import { formatPosition } from '../desired/source.js';
import type { ChangeOrigin, PlanCost, PlanHeader, PlanSummary, PlannedChange, UserPlan } from '../plan/types.js';
import { HeldTally, acknowledgedLine, type HeldGroup } from './held.js';
import { affectsText, isLevel, levelsLine } from './levels.js';
import { changedUsers } from '../apply/guards.js';
import { codeSpan as code, htmlText, markdownText } from './markdown-escape.js';
import { costSentence, firstOf, plural, showChangeValue, type PlanRenderer } from './renderer.js';

export const MARKDOWN_LIMIT = 65_000;
/** Reserved for the sections that always appear (summary, notes). */
const DETAIL_BUDGET = 40_000;
const GROUP_BUDGET = 15_000;
const LIST_LIMIT = 50;
/** Users named in a grouped row, and sources shown per row, before "+N more". */
const NAMES_PER_GROUP = 3;
const SOURCES_PER_GROUP = 3;

export interface MarkdownOptions {
  /** Where reviewers find the full plan when the comment had to be cut. */
  artifactHint: string;
  /** A marker that lets CI find and update its own sticky comment. */
  marker?: string;
  /** 'drift' heads the output as a drift report (drift --format markdown). Default 'plan'. */
  kind?: 'plan' | 'drift';
  /** The guards the merge job applies: the comment states their verdict on this plan. */
  guards?: GuardLimits;
  /** The commit that was planned and the CI run that planned it. */
  provenance?: { commit?: string; runUrl?: string };
}

interface Group {
  origin: ChangeOrigin | undefined;
  path: string;
  before: string;
  after: string;
  users: number;
  names: string[];
  sources: Set<string>;
}

function shortSource(change: PlannedChange): string {
  return `${change.source.file}:${change.source.line}`;
}

export function markdownRenderer(options: MarkdownOptions): PlanRenderer {
  let header: PlanHeader | undefined;
  const groups = new Map<string, Group>();
  const details: string[] = [];
  let detailChars = 0;
  let detailsOmitted = 0;
  const lists: Record<'not-found' | 'pending' | 'error', string[]> = { 'not-found': [], pending: [], error: [] };
  const held = new HeldTally();
  const notCompared: string[] = [];
  let notComparedUsers = 0;
  const acknowledged: string[] = [];
  let acknowledgedCount = 0;
  const levelRows: string[] = [];

  const addDetail = (user: UserPlan): void => {
    const withOrigin = user.changes.some((c) => c.origin);
    const rows = user.changes.map(
      (c) => `| ${code(c.path)} | ${code(showChangeValue(c, c.before))} | ${code(showChangeValue(c, c.after))} | ${code(formatPosition(c.source))} |${withOrigin ? ` ${c.origin ?? ''} |` : ''}`,
    );
    const head = withOrigin ? '| setting | from | to | source | origin |\n|---|---|---|---|---|' : '| setting | from | to | source |\n|---|---|---|---|';
    const notes = (user.notes ?? []).map((note) => `\n_${markdownText(note)}_\n`).join('');
    const block = `<details><summary>${htmlText(user.user)}: ${plural(user.changes.length, 'change')}</summary>\n\n${head}\n${rows.join('\n')}\n${notes}\n</details>\n`;
    if (detailChars + block.length > DETAIL_BUDGET) {
      detailsOmitted += 1;
      return;
    }
    details.push(block);
    detailChars += block.length;
  };

  return {
    start(h) {
      header = h;
      return '';
    },
    user(user) {
      held.add(user);
      for (const change of user.acknowledged ?? []) {
        acknowledgedCount += 1;
        if (acknowledged.length < LIST_LIMIT) acknowledged.push(acknowledgedLine(user.user, change));
      }
      if (user.not_compared?.length) {
        notComparedUsers += 1;
        if (notCompared.length < LIST_LIMIT) notCompared.push(`${user.user}: ${user.not_compared.join(', ')}`);
      }
      if (user.status === 'change' && isLevel(user)) {
        // The account and groups have their own table: a group's change is not one more user with that change.
        const reach = user.affects ? markdownText(affectsText(user.affects)) : '';
        for (const c of user.changes) {
          if (levelRows.length < LIST_LIMIT) levelRows.push(`| ${htmlText(user.user)} | ${code(c.path)} | ${code(showChangeValue(c, c.before))} | ${code(showChangeValue(c, c.after))} | ${code(formatPosition(c.source))} | ${reach} |`);
        }
      } else if (user.status === 'change') {
        for (const change of user.changes) {
          const before = showChangeValue(change, change.before);
          const after = showChangeValue(change, change.after);
          const key = JSON.stringify([change.origin, change.path, before, after]);
          const group = groups.get(key) ?? { origin: change.origin, path: change.path, before, after, users: 0, names: [], sources: new Set<string>() };
          group.users += 1;
          if (group.names.length < NAMES_PER_GROUP) group.names.push(user.user);
          group.sources.add(shortSource(change));
          groups.set(key, group);
        }
        addDetail(user);
      } else if (user.status !== 'no-change') {
        const list = lists[user.status];
        if (list.length < LIST_LIMIT) list.push(user.status === 'error' ? `${user.user}: ${user.error ?? 'error'}` : user.reason ? `${user.user}: ${user.reason}` : user.user);
      }
      return '';
    },
    finish(summary, cost) {
      const withNotCompared = { ...lists, notCompared: { names: notCompared, total: notComparedUsers }, acknowledged: { names: acknowledged, total: acknowledgedCount } };
      return assemble(header!, summary, cost, [...groups.values()], details, detailsOmitted, withNotCompared, options, held.entries(), levelRows);
    },
  };
}

function groupTable(groups: Group[]): { text: string; omitted: number } {
  const sorted = [...groups].sort((a, b) => b.users - a.users || a.path.localeCompare(b.path));
  const lines = ['| users | setting | from | to | source |', '|---|---|---|---|---|'];
  let length = lines.join('\n').length;
  let shown = 0;
  for (const g of sorted) {
    const sources = firstOf([...g.sources].map(code), g.sources.size, SOURCES_PER_GROUP);
    const users = `${g.users.toLocaleString('en')}: ${markdownText(firstOf(g.names, g.users, NAMES_PER_GROUP))}`;
    const row = `| ${users} | ${code(g.path)} | ${code(g.before)} | ${code(g.after)} | ${sources} |`;
    if (length + row.length > GROUP_BUDGET) break;
    lines.push(row);
    length += row.length + 1;
    shown += 1;
  }
  return { text: `${lines.join('\n')}\n`, omitted: sorted.length - shown };
}

function assemble(
  header: PlanHeader,
  summary: PlanSummary,
  cost: PlanCost,
  groups: Group[],
  details: string[],
  detailsOmitted: number,
  lists: Record<'not-found' | 'pending' | 'error', string[]> & { notCompared: { names: string[]; total: number }; acknowledged: { names: string[]; total: number } },
  options: MarkdownOptions,
  held: HeldGroup[],
  levelRows: string[] = [],
): string {
  const s = summary.byStatus;
  const out: string[] = [];
  if (options.marker) out.push(`${options.marker}\n`);
  const drift = options.kind === 'drift';
  const scope = header.options.changed_since ? ` (users changed since ${code(header.options.changed_since)})` : '';
  out.push(`## zoom-settings ${drift ? 'drift report' : 'plan'}${scope}\n`);
  const provenance = provenanceLine(options.provenance);
  if (provenance) out.push(provenance);
  if (header.options.changed_since && !drift) {
    out.push(
      `Scope: the users whose resolved desired settings changed since ${code(header.options.changed_since)}. The merge job applies the same scope ` +
        '(`apply --changed-since`) with the same guards. Drift outside this scope is not applied by the merge: the drift workflow reports it.\n',
    );
  }
  out.push(
    [
      '| users | count |',
      '|---|---:|',
      `| ${drift ? 'drifted' : 'to change'} | ${s.change} |`,
      `| unchanged | ${s['no-change']} |`,
      `| not found in Zoom | ${s['not-found']} |`,
      `| invitation pending | ${s.pending} |`,
      `| errors | ${s.error} |`,
      '',
    ].join('\n'),
  );
  out.push(`**${plural(summary.changes, 'setting')} to change in ${plural(summary.requests, 'request')}.** ${costSentence(cost)} Account ${code(header.account)}, desired state ${code(header.desired_state_hash.slice(0, 19))}.\n`);
  const levels = levelsLine(summary, drift);
  if (levels) out.push(levels);
  if (options.guards && !drift) out.push(guardVerdict(changedUsers(summary), header.managed_users, options.guards, summary.levels?.account ?? false));
  if (levelRows.length > 0) {
    out.push(`### Account and group changes (applied before the users)\n\n| target | setting | from | to | source | reach |\n|---|---|---|---|---|---|\n${levelRows.join('\n')}\n`);
  }
  let cut = false;
  const section = (title: string, selected: Group[]): void => {
    if (selected.length === 0) return;
    const table = groupTable(selected);
    cut ||= table.omitted > 0;
    out.push(`### ${title}\n\n${table.text}${table.omitted > 0 ? `\n_${plural(table.omitted, 'more group')} not shown._\n` : ''}`);
  };
  if (header.options.changed_since) {
    section('Changes introduced by this branch', groups.filter((g) => g.origin === 'introduced'));
    section('Drift this merge will also revert', groups.filter((g) => g.origin === 'drift'));
  } else section(drift ? 'Drift (what `drift --fix` would set back)' : 'Changes', groups);
  if (held.length > 0) {
    const rows = held.slice(0, LIST_LIMIT).map((g) => `| ${g.users.toLocaleString('en')} | ${code(g.path)} | ${code(g.wanted)} | ${markdownText(g.hold)} | ${g.sources.map(code).join(', ')} |`);
    out.push(
      `### Held by locks (not sent; change the lock or the desired value)\n\n| users | setting | desired | held | source |\n|---:|---|---|---|---|\n${rows.join('\n')}\n`,
    );
  }
  const list = (title: string, names: string[], total: number): void => {
    if (total === 0) return;
    const more = total > names.length ? `\n- +${(total - names.length).toLocaleString('en')} more` : '';
    out.push(`### ${title}\n\n${names.map((n) => `- ${markdownText(n)}`).join('\n')}${more}\n`);
  };
  list('Acknowledged drift (drift-acks/: reported, not corrected until it expires)', lists.acknowledged.names, lists.acknowledged.total);
  list('Users not found in Zoom (code 1001)', lists['not-found'], s['not-found']);
  list('Users with a pending or expired invitation (codes 1000, 1120)', lists.pending, s.pending);
  list('Errors', lists.error, s.error);
  list('Passcodes not compared (not available to this job; the merge job compares and sets them)', lists.notCompared.names, lists.notCompared.total);
  const removed = header.options.no_longer_managed ?? [];
  list('No longer managed (their settings stay as they are)', removed.slice(0, LIST_LIMIT), removed.length);
  if (details.length > 0) out.push(`### Per-user detail\n\n${details.join('\n')}`);
  if (detailsOmitted > 0 || cut) {
    cut = true;
    out.push(`_${detailsOmitted > 0 ? `${plural(detailsOmitted, 'more user')} not shown. ` : ''}The full plan is in ${markdownText(options.artifactHint)}._\n`);
  }
  let text = out.join('\n');
  if (text.length > MARKDOWN_LIMIT) {
    const note = `\n\n_Cut to fit a comment. The full plan is in ${markdownText(options.artifactHint)}._\n`;
    text = text.slice(0, MARKDOWN_LIMIT - note.length) + note;
  }
  return text;
}

function provenanceLine(provenance: MarkdownOptions['provenance']): string | undefined {
  if (!provenance?.commit && !provenance?.runUrl) return undefined;
  const commit = provenance.commit ? `commit ${code(provenance.commit.slice(0, 12))}` : 'this commit';
  // The URL comes from the CI's environment: characters that would end the link or start HTML are percent-encoded.
  const url = provenance.runUrl?.replace(/[\s()<>"`\\\]]/g, (ch) => `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `Planned at ${commit}${url ? ` in [this CI run](${url})` : ''}.\n`;
}

/** What the merge job's guards will say about this plan, and how to allow a refused one on purpose. */
function guardVerdict(changed: number, managedUsers: number, guards: GuardLimits, accountChanges: boolean): string {
  const percent = managedUsers > 0 ? (changed / managedUsers) * 100 : 0;
  const shown = `${percent.toFixed(1)}%`;
  if (accountChanges && !guards.allowAccountChanges) {
    return (
      `**Guards: merge will refuse: the plan changes the account's settings or locks, which affects every user.** ` +
      'To allow it, run the apply workflow with allow_account_changes (`apply --allow-account-changes`) after review.\n'
    );
  }
  if (changed > guards.maxChangedUsers) {
    return (
      `**Guards: merge will refuse: ${changed.toLocaleString('en')} users > ${guards.maxChangedUsers.toLocaleString('en')} (--max-changed-users).** ` +
      `To allow it, run the apply workflow by hand after the merge with max_changed_users of at least ${changed.toLocaleString('en')}, or split the change.\n`
    );
  }
  if (percent > guards.maxChangedPercent) {
    return (
      `**Guards: merge will refuse: ${shown} of ${plural(managedUsers, 'managed user')} > ${guards.maxChangedPercent}% (--max-changed-percent).** ` +
      `To allow it, run the apply workflow by hand after the merge with max_changed_percent of at least ${Math.ceil(percent)}, or split the change.\n`
    );
  }
  return `Guards: the merge will apply this (${plural(changed, 'user')} ≤ ${guards.maxChangedUsers.toLocaleString('en')}; ${shown} ≤ ${guards.maxChangedPercent}% of ${plural(managedUsers, 'managed user')}).\n`;
}
