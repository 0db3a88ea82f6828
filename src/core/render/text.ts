/**
 * Terraform-like text: one block per changed or failed user, then the totals. Colour only on a TTY. Every piece
 * that comes from YAML, a file name or a server is escaped (core/safe-text.ts): a key cannot colour the terminal
 * or forge a line of the plan.
 */
import { formatPosition } from '../desired/source.js';
import type { PlanCost, PlanHeader, PlanSummary, UserPlan } from '../plan/types.js';
import { HeldTally, acknowledgedLine, heldLine } from './held.js';
import { affectsText, levelsLine } from './levels.js';
import { escapeControl as esc } from '../safe-text.js';
import { costSentence, firstOf, plural, showChangeValue, type PlanRenderer } from './renderer.js';

export interface TextOptions {
  color: boolean;
  /** 'drift' heads the output as a drift report. Default 'plan'. */
  kind?: 'plan' | 'drift';
}

const NO_LONGER_MANAGED_SHOWN = 20;

const paint = (on: boolean, code: number) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

export function textRenderer(options: TextOptions): PlanRenderer {
  const red = paint(options.color, 31);
  const green = paint(options.color, 32);
  const yellow = paint(options.color, 33);
  const dim = paint(options.color, 2);
  const held = new HeldTally();
  const acknowledged: string[] = [];
  return {
    start(header: PlanHeader) {
      const scope = header.options.changed_since ? ` (users whose desired settings changed since ${esc(header.options.changed_since)})` : '';
      const title = options.kind === 'drift' ? 'zoom-settings drift report' : 'zoom-settings plan';
      const removed = header.options.no_longer_managed ?? [];
      const unmanaged =
        removed.length > 0
          ? `${plural(removed.length, 'user')} no longer managed (their settings stay as they are): ${esc(firstOf(removed, removed.length, NO_LONGER_MANAGED_SHOWN))}\n\n`
          : '';
      return `${title} for account ${esc(header.account)}${scope}\n\n${unmanaged}`;
    },
    user(user: UserPlan) {
      held.add(user);
      const name = esc(user.user);
      for (const change of user.acknowledged ?? []) acknowledged.push(`${yellow('#')} ${esc(acknowledgedLine(user.user, change))}`);
      const unchecked = user.not_compared?.length ? `    not compared (passcode not available here): ${esc(user.not_compared.join(', '))}\n` : '';
      const notes = (user.notes ?? []).map((note) => `    ${dim(`note: ${esc(note)}`)}\n`).join('');
      switch (user.status) {
        case 'no-change':
          return unchecked || notes ? `${dim('=')} ${name}\n${unchecked}${notes}\n` : '';
        case 'not-found':
          return `${yellow('?')} ${name}: not found in Zoom (code 1001); check the email address or user id\n\n`;
        case 'pending':
          return `${yellow('?')} ${name}: ${esc(user.reason ?? 'invitation pending')}; skipped until the user joins the account\n\n`;
        case 'error':
          return `${red('!')} ${name}: ${esc(user.error ?? 'error')}\n\n`;
        case 'change': {
          const reach = user.affects ? ` — ${affectsText({ ...user.affects, scope: esc(user.affects.scope) })}` : '';
          const lines = [`${yellow('~')} ${name}  (${plural(user.changes.length, 'change')}, ${plural(user.requests.length, 'request')})${reach}`];
          for (const change of user.changes) {
            const origin = change.origin === 'drift' ? dim(' [drift]') : '';
            lines.push(`    ${esc(change.path)}: ${red(esc(showChangeValue(change, change.before)))} → ${green(esc(showChangeValue(change, change.after)))}${origin}  ${dim(esc(formatPosition(change.source)))}`);
          }
          return `${lines.join('\n')}\n${unchecked}${notes}\n`;
        }
      }
    },
    finish(summary: PlanSummary, cost: PlanCost) {
      const s = summary.byStatus;
      const parts = [
        `${plural(s.change, 'user')} ${options.kind === 'drift' ? 'drifted' : 'to change'}`,
        `${s['no-change'].toLocaleString('en')} unchanged`,
        `${s['not-found'].toLocaleString('en')} not found`,
        `${s.pending.toLocaleString('en')} pending`,
        `${plural(s.error, 'error')}`,
      ];
      const locked = held.entries();
      const heldText = locked.length > 0 ? `Held by locks (not sent, not counted as changes):\n${locked.map((g) => `${yellow('#')} ${heldLine(g)}`).join('\n')}\n\n` : '';
      const ackText = acknowledged.length > 0 ? `Acknowledged drift (reported, not corrected until it expires):\n${acknowledged.join('\n')}\n\n` : '';
      const drift = summary.introduced + summary.drift > 0 ? ` (${summary.introduced} introduced by the branch, ${summary.drift} drift)` : '';
      const label = options.kind === 'drift' ? 'Drift' : 'Plan';
      return `${heldText}${ackText}${levelsLine(summary, options.kind === 'drift')}${label}: ${parts.join(', ')}; ${plural(summary.changes, 'setting')} in ${plural(summary.requests, 'request')}${drift}.\n${costSentence(cost)}\n`;
    },
  };
}
