/**
 * exceptions/*.yaml: owned, expiring exceptions to rules, under `exceptions:`. The smallest form (issue 17, item 6):
 *
 *   exceptions:
 *     - rule: waiting-room-on
 *       users: [kiosk@example.com]
 *       owner: secops@example.com
 *       reason: shared kiosk account
 *       expires: 2027-01-31
 *
 * Who it covers: `users`, `groups` (their members), `profiles` (their users), `account: true`; at least one.
 * `expires` is required: an exception without an end is a rule change, and belongs in the rule.
 */
import { formatPosition } from '../desired/source.js';
import { problemAt, type Problem } from '../desired/problems.js';
import type { PNode } from '../desired/source.js';
import { isCalendarDate } from './dates.js';
import type { PolicyException } from './model.js';
import { documentItems, ItemReader } from './yaml-fields.js';

const EXCEPTION_KEYS = ['id', 'rule', 'users', 'groups', 'profiles', 'account', 'owner', 'reason', 'ticket', 'expires'] as const;

/** `relPath` names exceptions without an `id:` (exceptions/kiosk.yaml:2), stable across checkouts. */
export function parseExceptions(root: PNode | undefined, relPath: string, problems: Problem[]): PolicyException[] {
  const out: PolicyException[] = [];
  for (const { node, index } of documentItems(root, 'exceptions/*.yaml', 'exceptions', problems)) {
    const item = new ItemReader(node, `exceptions[${index}]`, problems);
    item.onlyKeys(EXCEPTION_KEYS);
    const before = problems.length;
    const id = item.text('id', false);
    const rule = item.text('rule', true);
    const owner = item.text('owner', true);
    const reason = item.text('reason', true);
    const ticket = item.text('ticket', false);
    const expires = item.text('expires', true);
    if (expires && !isCalendarDate(expires.value)) {
      problems.push(problemAt(expires.pos, `${item.path}.expires`, `expected a date written YYYY-MM-DD (2027-01-31), found "${expires.value}"`));
    }
    const selectors = {
      users: item.names('users'),
      groups: item.names('groups'),
      profiles: item.names('profiles'),
      account: item.boolean('account') ?? false,
    };
    if (selectors.users.length + selectors.groups.length + selectors.profiles.length === 0 && !selectors.account) {
      problems.push(problemAt(node.pos, item.path, 'covers no one: name users, groups or profiles (or account: true)'));
    }
    if (problems.length > before || !rule || !owner || !reason || !expires) continue;
    out.push({
      name: id?.value ?? formatPosition({ file: relPath, line: node.pos.line, column: node.pos.column }).replace(/:\d+$/, ''),
      rule: rule.value,
      selectors,
      owner: owner.value,
      reason: reason.value,
      ...(ticket ? { ticket: ticket.value } : {}),
      expires: expires.value,
      pos: node.pos,
      expiresPos: expires.pos,
    });
  }
  return out;
}
