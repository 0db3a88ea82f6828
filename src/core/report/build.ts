/** Assembles the report from what was read: per user the rows of their managed and judged settings. Pure. */
import type { HierarchySnapshot } from '../hierarchy/model.js';
import type { LiveRead } from '../plan/build-user-plan.js';
import type { ComplianceReport, ExceptionEntry, ReportHeader, ReportRow, RuleSummary } from './model.js';
import { userRows } from './rows.js';

export interface ReadUser {
  /** The key as the desired state writes it (email or Zoom id). */
  key: string;
  /** The settings the user's desired state manages, as written under `settings:`. */
  managed: string[];
  /** The GET bodies, projected onto the settings the report needs (project.ts). */
  live: LiveRead;
}

export interface RuleJudgements {
  rules: RuleSummary[];
  exceptions: ExceptionEntry[];
  /** Per user key, the settings the rules that judged the user name (they get rows too). */
  judgedSettings(user: string): readonly string[];
  /** Adds the rule results to a user's rows. */
  annotate(rows: ReportRow[]): void;
}

function* reportRows(users: readonly ReadUser[], hierarchy: HierarchySnapshot | undefined, judgements: RuleJudgements | undefined): Generator<ReportRow> {
  for (const user of users) {
    const settings = [...new Set([...user.managed, ...(judgements?.judgedSettings(user.key) ?? [])])];
    const mine = userRows(user.key, settings, user.live, hierarchy);
    judgements?.annotate(mine);
    yield* mine;
  }
}

export function buildReport(header: ReportHeader, users: readonly ReadUser[], hierarchy: HierarchySnapshot | undefined, judgements?: RuleJudgements): ComplianceReport {
  return { header, rows: { [Symbol.iterator]: () => reportRows(users, hierarchy, judgements) }, rules: judgements?.rules ?? [], exceptions: judgements?.exceptions ?? [] };
}
