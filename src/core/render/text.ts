/** Terraform-like text: one block per changed or failed user, then the totals. Colour only on a TTY. */
import { formatPosition } from '../desired/source.js';
import type { PlanCost, PlanHeader, PlanSummary, UserPlan } from '../plan/types.js';
import { HeldTally, heldLine } from './held.js';
import { costSentence, plural, showValue, type PlanRenderer } from './renderer.js';

export interface TextOptions {
  color: boolean;
}

const paint = (on: boolean, code: number) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

export function textRenderer(options: TextOptions): PlanRenderer {
  const red = paint(options.color, 31);
  const green = paint(options.color, 32);
  const yellow = paint(options.color, 33);
  const dim = paint(options.color, 2);
  const held = new HeldTally();
  return {
    start(header: PlanHeader) {
      const scope = header.options.changed_since ? ` (users whose desired settings changed since ${header.options.changed_since})` : '';
      return `zoom-settings plan for account ${header.account}${scope}\n\n`;
    },
    user(user: UserPlan) {
      held.add(user);
      switch (user.status) {
        case 'no-change':
          return '';
        case 'not-found':
          return `${yellow('?')} ${user.user}: not found in Zoom (code 1001); check the email address or user id\n\n`;
        case 'pending':
          return `${yellow('?')} ${user.user}: invitation pending (code 1120); skipped until the user joins the account\n\n`;
        case 'error':
          return `${red('!')} ${user.user}: ${user.error ?? 'error'}\n\n`;
        case 'change': {
          const lines = [`${yellow('~')} ${user.user}  (${plural(user.changes.length, 'change')}, ${plural(user.requests.length, 'request')})`];
          for (const change of user.changes) {
            const origin = change.origin === 'drift' ? dim(' [drift]') : '';
            lines.push(`    ${change.path}: ${red(showValue(change.before))} → ${green(showValue(change.after))}${origin}  ${dim(formatPosition(change.source))}`);
          }
          return `${lines.join('\n')}\n\n`;
        }
      }
    },
    finish(summary: PlanSummary, cost: PlanCost) {
      const s = summary.byStatus;
      const parts = [
        `${plural(s.change, 'user')} to change`,
        `${s['no-change'].toLocaleString('en')} unchanged`,
        `${s['not-found'].toLocaleString('en')} not found`,
        `${s.pending.toLocaleString('en')} pending`,
        `${plural(s.error, 'error')}`,
      ];
      const locked = held.entries();
      const heldText = locked.length > 0 ? `Held by locks (not sent, not counted as changes):\n${locked.map((g) => `${yellow('#')} ${heldLine(g)}`).join('\n')}\n\n` : '';
      const drift = summary.introduced + summary.drift > 0 ? ` (${summary.introduced} introduced by the branch, ${summary.drift} drift)` : '';
      return `${heldText}Plan: ${parts.join(', ')}; ${plural(summary.changes, 'setting')} in ${plural(summary.requests, 'request')}${drift}.\n${costSentence(cost)}\n`;
    },
  };
}
