/**
 * What the watch says about an event (issue 19, items 2 and 5): who changed what and when (from the event), what the
 * re-read shows against the desired state (the plan), and with --fix what was corrected and verified (the ledger).
 * One report per reconciled target, as a text line block or one JSON line on stdout, and optionally POSTed to a
 * Slack-compatible webhook (`{"text": ...}`).
 */
import type { Ledger } from '../../core/apply/ledger.js';
import { leafPathSecret } from './secret-paths.js';
import { formatPosition } from '../../core/desired/source.js';
import { redactText, type SecretValues } from '../../core/redact.js';
import { escapeControl } from '../../core/safe-text.js';
import { SENSITIVE, type AcknowledgedChange, type PlannedChange, type UserPlan } from '../../core/plan/types.js';
import type { SettingChange, SettingsEvent } from '../../core/watch/events.js';

export type SettingState = 'drift' | 'fixed' | 'not-fixed' | 'acknowledged' | 'changed';

export interface ReportedSetting {
  setting: string;
  /** The value before the operator's change, from the event's old_object (absent when the event does not say). */
  old?: unknown;
  /** The value the operator set, from the event's object. */
  new?: unknown;
  /** What the re-read found. */
  live?: unknown;
  desired?: unknown;
  desired_at?: string;
  state: SettingState;
  operator?: string;
  ack?: AcknowledgedChange['ack'];
}

export interface WatchReport {
  type: 'drift' | 'change' | 'error';
  target: { kind: SettingsEvent['target']['kind']; id: string; key?: string };
  event: SettingsEvent['event'];
  operator?: string;
  operator_id?: string;
  time: string;
  /** Events this report covers (a burst is reconciled once). */
  events: number;
  settings: ReportedSetting[];
  fix?: { result: string; detail?: string; journal: string; run: string };
  note?: string;
  error?: string;
  /** The reconcile could not run now (the journal is locked by another run); its events stay queued and are retried. */
  retrying?: boolean;
}

const shown = (path: string, value: unknown): unknown => (value !== undefined && leafPathSecret(path) ? SENSITIVE : value);

/** The latest event's word on each setting (events are in arrival order). */
function latestChanges(events: readonly SettingsEvent[]): Map<string, { change: SettingChange; event: SettingsEvent }> {
  const byPath = new Map<string, { change: SettingChange; event: SettingsEvent }>();
  // A lock event's settings are lock settings: plans name them locks.<section>.<field>.
  for (const event of events) for (const change of event.changes) byPath.set(event.locks ? `locks.${change.path}` : change.path, { change, event });
  return byPath;
}

function head(events: readonly SettingsEvent[], target: WatchReport['target']): Omit<WatchReport, 'type' | 'settings'> {
  const last = events[events.length - 1]!;
  return {
    target,
    event: last.event,
    ...(last.operator ? { operator: last.operator } : {}),
    ...(last.operatorId ? { operator_id: last.operatorId } : {}),
    time: last.time,
    events: events.length,
  };
}

function fromPlan(change: PlannedChange, byPath: ReturnType<typeof latestChanges>, state: SettingState): ReportedSetting {
  const told = byPath.get(change.path);
  const sensitive = change.sensitive !== undefined;
  return {
    setting: change.path,
    ...(told && told.change.old !== undefined ? { old: sensitive ? SENSITIVE : shown(change.path, told.change.old) } : {}),
    ...(told && told.change.new !== undefined ? { new: sensitive ? SENSITIVE : shown(change.path, told.change.new) } : {}),
    live: change.before,
    desired: change.after,
    desired_at: formatPosition(change.source),
    state,
    ...(told?.event.operator ? { operator: told.event.operator } : {}),
  };
}

/** A user's report from the plan of the re-read and, with --fix, the ledger of the correction. */
export function userReport(events: readonly SettingsEvent[], target: WatchReport['target'], plan: UserPlan, fix?: { ledger: Ledger; journal: string }): WatchReport | undefined {
  const byPath = latestChanges(events);
  const result = fix ? (Object.entries(fix.ledger.counts).find(([, n]) => n > 0)?.[0] ?? 'unchanged') : undefined;
  const drifted: ReportedSetting['state'] = !fix ? 'drift' : result === 'applied' ? 'fixed' : 'not-fixed';
  const settings = [
    ...plan.changes.map((c) => fromPlan(c, byPath, drifted)),
    ...(plan.acknowledged ?? []).map((c) => ({ ...fromPlan(c, byPath, 'acknowledged'), ack: c.ack })),
  ];
  if (plan.status === 'error') return { type: 'error', ...head(events, target), settings, error: plan.error ?? 'could not be planned' };
  if (settings.length === 0) return undefined;
  const detail = fix ? Object.values(fix.ledger.users).flat()[0]?.detail : undefined;
  return {
    type: 'drift',
    ...head(events, target),
    settings,
    ...(fix && plan.changes.length > 0 ? { fix: { result: result!, ...(detail ? { detail } : {}), journal: fix.journal, run: fix.ledger.run } } : {}),
    ...(plan.notes?.length ? { note: plan.notes.join('; ') } : {}),
  };
}

/** A group or account event: attribution and the event's own old → new (their reconcile is not wired here yet). */
export function targetChangeReport(events: readonly SettingsEvent[], note: string, acknowledged: (path: string) => AcknowledgedChange['ack'] | undefined): WatchReport {
  const last = events[events.length - 1]!;
  const settings = [...latestChanges(events)].map(([path, { change, event }]) => {
    const ack = acknowledged(path);
    return {
      setting: path,
      ...(change.old !== undefined ? { old: shown(change.path, change.old) } : {}),
      ...(change.new !== undefined ? { new: shown(change.path, change.new) } : {}),
      state: ack ? ('acknowledged' as const) : ('changed' as const),
      ...(event.operator ? { operator: event.operator } : {}),
      ...(ack ? { ack } : {}),
    };
  });
  return { type: 'change', ...head(events, { kind: last.target.kind, id: last.target.id }), settings, note };
}

export function errorReport(events: readonly SettingsEvent[], target: WatchReport['target'], message: string): WatchReport {
  return { type: 'error', ...head(events, target), settings: [], error: message };
}

const value = (v: unknown): string => (v === undefined ? '?' : JSON.stringify(v));

/** The report as lines a person reads (the text format, and the Slack message). */
export function reportText(report: WatchReport): string {
  const who = report.operator ? ` by ${report.operator}${report.operator_id ? ` (operator id ${report.operator_id})` : ''}` : '';
  const name = report.target.key ? `${report.target.key} (id ${report.target.id})` : report.target.id;
  const title = report.type === 'error' ? 'reconcile failed for' : report.type === 'change' ? 'changed' : 'drift on';
  const lines = [`${title} ${report.target.kind} ${name}${who} at ${report.time} [${report.event}${report.events > 1 ? `, ${report.events} events` : ''}]`];
  for (const s of report.settings) {
    const change = s.old !== undefined || s.new !== undefined ? `${value(s.old)} → ${value(s.new)}` : `now ${value(s.live)}`;
    const desired = s.desired_at ? `; desired ${value(s.desired)} at ${s.desired_at}` : '';
    const state =
      s.state === 'acknowledged' && s.ack
        ? `; acknowledged by ${s.ack.owner} until ${s.ack.expires}: ${s.ack.reason} (${s.ack.source}); not corrected`
        : s.state === 'fixed'
          ? `; fixed: back to ${value(s.desired)}, verified`
          : s.state === 'not-fixed'
            ? `; NOT fixed (${report.fix?.result ?? 'not applied'}${report.fix?.detail ? `: ${report.fix.detail}` : ''})`
            : '';
    lines.push(`    ${s.setting}: ${change}${s.operator ? ` by ${s.operator}` : ''}${desired}${state}`);
  }
  if (report.fix) lines.push(`    journal ${report.fix.journal}, run ${report.fix.run}`);
  if (report.note) lines.push(`    note: ${report.note}`);
  if (report.error) lines.push(`    error: ${report.error}${report.retrying ? ' (the events stay queued; tried again shortly)' : ''}`);
  return `${lines.map((line) => escapeControl(line)).join('\n')}\n`;
}

export function reportLine(report: WatchReport, format: 'text' | 'json', secrets?: SecretValues): string {
  const text = format === 'json' ? `${JSON.stringify(report)}\n` : reportText(report);
  return redactText(text, secrets);
}

/** The count of drifted settings by state, for /metrics. */
export function reportCounts(report: WatchReport): { found: number; acknowledged: number; fixed: number } {
  const states = report.settings.map((s) => s.state);
  return {
    found: states.filter((s) => s !== 'changed').length,
    acknowledged: states.filter((s) => s === 'acknowledged').length,
    fixed: states.filter((s) => s === 'fixed').length,
  };
}
