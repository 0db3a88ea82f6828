/**
 * `zoom-settings explain USER [SETTING…]`: why a user has the value they have, and what the desired state would do
 * about it — account value and lock, each of the user's groups' value and lock, the live value, the desired value
 * with its merge chain, and the verdict. The command an admin runs when asked "why can't I turn on cloud recording?".
 */
import { UsageError } from '../core/errors.js';
import { explainUser, type ExplainedSetting } from '../core/hierarchy/explain.js';
import { holdLockedChanges } from '../core/hierarchy/hold.js';
import { leafPath } from '../core/desired/merge.js';
import { shown } from '../core/hierarchy/resolve.js';
import { formatPosition } from '../core/desired/source.js';
import { buildUserPlan, managedVariants } from '../core/plan/build-user-plan.js';
import { showValue } from '../core/render/renderer.js';
import { resolveUsers } from '../io/desired-state.js';
import { newSalt, secretContext } from '../io/secrets.js';
import { VARIANTS, fieldAt, type Variant } from '../schema/index.js';
import { sectionVariant } from '../core/desired/validate-settings.js';
import { booleanOption, stringOption, type Command, type CommandIo } from './command.js';
import { loadValidDesiredState } from './shared/desired.js';
import { readHierarchyOrWarn } from './shared/read-hierarchy.js';
import { readLive } from './shared/read-live.js';
import { openZoomSession } from './shared/zoom-session.js';

const HELP = `Usage: zoom-settings explain USER [SETTING…] [--dir DIR] [--format text|json] [--simulate]

Explains one user's settings through Zoom's hierarchy (account → groups → user): for each setting, the account's
value and whether the account locks it, each of the user's groups' value and lock, the user's live value, the
desired value with the file:line:col of every layer that sets it (defaults → profiles → user), and the verdict:
in sync, will change, held by lock at the account or a group, or not managed. Sends nothing.

Arguments:
  USER                   an email address or Zoom user id named in the desired state
  SETTING…               settings paths as written under settings: (in_meeting.chat, meeting_security.waiting_room);
                         default: every setting the user's desired state manages

Options:
  --dir DIR              the desired-state directory (default: ./desired-state)
  --format FORMAT        text (default) or json
  --simulate             against an in-process simulator seeded from the desired state
  -h, --help             show this help

Needs the account:read:admin and group:read:admin scopes for the account and group levels; without them the
levels show as not read. Exit codes: 0 explained, 1 error (unknown user, bad arguments, invalid desired state).
`;

function levelText(label: string, view: { value: unknown; locked: boolean; lockPath?: string } | null): string {
  if (!view) return `    ${label}: (not read)`;
  const lock = view.locked ? `LOCKED (lock ${view.lockPath})` : view.lockPath ? 'not locked' : 'no lock for this setting';
  return `    ${label}: ${view.value === undefined ? '(not read)' : showValue(view.value)}, ${lock}`;
}

export function explainText(user: string, settings: ExplainedSetting[]): string {
  const blocks = settings.map((s) => {
    const lines = [`  ${s.setting}: ${s.verdict}${s.heldBy ? ` — ${s.heldBy}` : ''}`];
    lines.push(levelText('account', s.account));
    for (const group of s.groups) lines.push(levelText(`group ${shown(group.name)}`, group));
    lines.push(`    live (user GET): ${showValue(s.live)}`);
    if (s.desired) {
      lines.push(`    desired: ${showValue(s.desired.value)} at ${formatPosition(s.desired.source)}`);
      for (const step of s.desired.chain) lines.push(`      ${step.layer}: ${showValue(step.value)}  ${formatPosition(step.source)}`);
    } else lines.push('    desired: not managed by the desired state');
    return lines.join('\n');
  });
  return `${user}\n${blocks.join('\n\n')}\n`;
}

function variantsFor(settings: string[], managed: Variant[]): Variant[] {
  const asked = new Set<Variant>([...managed, ...settings.map((s) => sectionVariant(s.split('.')[0]!))]);
  return VARIANTS.filter((v) => asked.has(v));
}

/** A settings path as written under `settings:`; authentication blocks are checked by their own rules, not here. */
function checkSetting(setting: string): void {
  const steps = setting.split('.');
  const variant = sectionVariant(steps[0]!);
  if (variant === 'meeting_authentication' || variant === 'recording_authentication') return;
  if (!fieldAt(variant, steps)?.readable) {
    throw new UsageError(`"${setting}" is not a Zoom user setting (write it as under settings:, e.g. in_meeting.chat)`, 'explain');
  }
}

export const explainCommand: Command = {
  name: 'explain',
  help: HELP,
  positionals: [{ name: 'USER', required: true }, { name: 'SETTING', variadic: true }],
  options: {
    dir: { type: 'string' },
    format: { type: 'string' },
    simulate: { type: 'boolean' },
  },
  async run(args, io: CommandIo) {
    const [userKey, ...settings] = args.positionals;
    if (!userKey) throw new UsageError('name the user to explain: zoom-settings explain USER [SETTING…]', 'explain');
    settings.forEach(checkSetting);
    const format = stringOption(args, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`, 'explain');
    const dir = stringOption(args, 'dir') ?? 'desired-state';
    const loaded = await loadValidDesiredState(dir, io);
    const all = [...resolveUsers(loaded.state)];
    const resolved = all.find((r) => r.user.identity === userKey.toLowerCase() || r.user.key === userKey);
    if (!resolved) throw new UsageError(`${userKey} is not in the desired state in ${dir}`, 'explain');
    const session = await openZoomSession(io, booleanOption(args, 'simulate') ? { users: all } : undefined);
    try {
      const variants = variantsFor(settings, managedVariants(resolved.leaves));
      const hierarchy = await readHierarchyOrWarn(io, session.client, variants);
      const live = await readLive(session.client, resolved.user.key, variants);
      // Only the settings asked about are planned: a problem with another setting (an unset passcode) is not theirs.
      const subject = settings.length > 0 ? { ...resolved, leaves: resolved.leaves.filter((leaf) => settings.includes(leafPath(leaf))) } : resolved;
      const built = buildUserPlan(subject, live, secretContext(session.env, newSalt()));
      const plan = hierarchy ? holdLockedChanges(built, hierarchy) : built;
      if (plan.status === 'error') io.stderr.write(`note: ${userKey} could not be planned (${plan.error ?? 'error'}): verdicts say "not planned"\n`);
      if (plan.status === 'not-found' || plan.status === 'pending') io.stderr.write(`note: ${userKey} is ${plan.status} in Zoom: there are no live values\n`);
      const explained = explainUser({ state: loaded.state, resolved, settings, live: live.kind === 'ok' ? live.settings : {}, hierarchy, plan });
      io.stdout.write(format === 'json' ? `${JSON.stringify({ user: resolved.user.key, settings: explained }, null, 2)}\n` : explainText(resolved.user.key, explained));
      return 0;
    } finally {
      await session.close();
    }
  },
};
