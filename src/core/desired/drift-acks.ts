/**
 * Acknowledged drift (issue 19, item 4): `drift-acks/<name>.yaml` in the desired-state directory says that a
 * difference between Zoom and the desired state is known and wanted for a while (an incident, a trial), by whom and
 * until when. Until the day after `expires`, `drift` and `watch` report such a difference as acknowledged and do not
 * correct it; from then on it is ordinary drift again.
 *
 * ```yaml
 * target:
 *   user: carol@example.com      # or `group: Sales`, or `account: true`
 * settings: [in_meeting.chat]    # settings paths as written under `settings:`; a section covers its fields
 * owner: jane@example.com
 * reason: Incident 4711, chat is needed on the bridge
 * expires: 2026-12-31            # inclusive, a UTC calendar date
 * ```
 */
import { fieldAt } from '../../schema/index.js';
import type { DesiredFile } from './model.js';
import { problemAt, suggestion, type Problem } from './problems.js';
import { describeNode, scalarText, type MapEntry, type PNode, type SourcePosition } from './source.js';
import { checkUserKey } from './user-key.js';
import { AUTH_BLOCKS, SETTINGS_SECTIONS, sectionVariant } from './validate-settings.js';

export type AckTarget = { kind: 'user'; key: string; identity: string } | { kind: 'group'; name: string } | { kind: 'account' };

export interface DriftAck {
  target: AckTarget;
  settings: Array<{ path: string; pos: SourcePosition }>;
  owner: string;
  reason: string;
  /** YYYY-MM-DD: the last day the acknowledgement holds. */
  expires: string;
  /** Where the document starts (reports point at it). */
  pos: SourcePosition;
}

const KEYS = ['target', 'settings', 'owner', 'reason', 'expires'];
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function text(e: MapEntry | undefined, key: string, pos: SourcePosition, problems: Problem[]): string | undefined {
  if (!e) {
    problems.push(problemAt(pos, key, `missing "${key}": an acknowledgement names ${KEYS.join(', ')}`));
    return undefined;
  }
  if (e.value.kind !== 'scalar' || e.value.value === null || typeof e.value.value === 'boolean' || scalarText(e.value).trim() === '') {
    problems.push(problemAt(e.value.pos, key, `expected text, found ${describeNode(e.value)}`));
    return undefined;
  }
  return scalarText(e.value);
}

function readTarget(e: MapEntry | undefined, pos: SourcePosition, problems: Problem[]): AckTarget | undefined {
  if (!e) {
    problems.push(problemAt(pos, 'target', 'missing "target": user: <email or id>, group: <name or id>, or account: true'));
    return undefined;
  }
  const node = e.value;
  if (node.kind !== 'map' || node.entries.length !== 1) {
    problems.push(problemAt(node.pos, 'target', `expected one of user: <email or id>, group: <name or id>, account: true; found ${describeNode(node)}`));
    return undefined;
  }
  const only = node.entries[0]!;
  const value = only.value;
  if (only.key === 'account') {
    if (value.kind === 'scalar' && value.value === true) return { kind: 'account' };
    problems.push(problemAt(value.pos, 'target.account', `expected true, found ${describeNode(value)}`));
    return undefined;
  }
  if (only.key !== 'user' && only.key !== 'group') {
    problems.push(problemAt(only.keyPos, `target.${only.key}`, `unknown target${suggestion(only.key, ['user', 'group', 'account'])}; expected user, group or account`));
    return undefined;
  }
  if (value.kind !== 'scalar' || value.value === null || scalarText(value).trim() === '') {
    problems.push(problemAt(value.pos, `target.${only.key}`, `expected a ${only.key === 'user' ? 'user email or id' : 'group name or id'}, found ${describeNode(value)}`));
    return undefined;
  }
  const name = scalarText(value);
  if (only.key === 'group') return { kind: 'group', name };
  const check = checkUserKey(name);
  if (!check.ok) {
    problems.push(problemAt(value.pos, 'target.user', `not a user: ${check.reason}`));
    return undefined;
  }
  return { kind: 'user', key: name, identity: check.identity };
}

/** A settings path as written under `settings:` (in_meeting.chat, meeting_security.waiting_room, meeting_authentication). */
function pathProblem(path: string, target: AckTarget | undefined): string | undefined {
  const steps = path.split('.');
  if (steps.some((s) => s === '')) return 'expected a dotted settings path such as in_meeting.chat';
  const section = steps[0]!;
  // Account and group settings have sections users do not (zoom-api-facts.md §9.10): only the shape is checked there.
  if (target && target.kind !== 'user') return undefined;
  if (!SETTINGS_SECTIONS.includes(section)) return `unknown settings section "${section}"${suggestion(section, SETTINGS_SECTIONS)}`;
  if ((AUTH_BLOCKS as readonly string[]).includes(section)) return undefined;
  return fieldAt(sectionVariant(section), steps) ? undefined : "not a setting in Zoom's user settings schema";
}

function readSettings(e: MapEntry | undefined, pos: SourcePosition, target: AckTarget | undefined, problems: Problem[]): DriftAck['settings'] {
  if (!e) {
    problems.push(problemAt(pos, 'settings', 'missing "settings": the list of settings paths acknowledged (e.g. [in_meeting.chat])'));
    return [];
  }
  const items = e.value.kind === 'seq' ? e.value.items : [e.value];
  const out: DriftAck['settings'] = [];
  for (const item of items) {
    if (item.kind !== 'scalar' || typeof item.value !== 'string') {
      problems.push(problemAt(item.pos, 'settings', `expected a settings path such as in_meeting.chat, found ${describeNode(item)}`));
      continue;
    }
    const problem = pathProblem(item.value, target);
    if (problem) problems.push(problemAt(item.pos, `settings.${item.value}`, problem));
    else out.push({ path: item.value, pos: item.pos });
  }
  if (items.length === 0) problems.push(problemAt(e.value.pos, 'settings', 'names no setting: list the settings paths acknowledged'));
  return out;
}

/** Reads one `drift-acks/*.yaml` document; every problem carries file:line:column. */
export function readDriftAck(file: DesiredFile, root: PNode | undefined, problems: Problem[]): DriftAck | undefined {
  const pos: SourcePosition = root?.pos ?? { file: file.path, line: 1, column: 1 };
  if (!root || root.kind !== 'map') {
    problems.push(problemAt(pos, '', `an acknowledgement must be a mapping with ${KEYS.join(', ')}, found ${root ? describeNode(root) : 'an empty document'}`));
    return undefined;
  }
  for (const e of root.entries) {
    if (!KEYS.includes(e.key)) problems.push(problemAt(e.keyPos, e.key, `unknown key${suggestion(e.key, KEYS)}; expected ${KEYS.join(', ')}`));
  }
  const find = (key: string): MapEntry | undefined => root.entries.find((e) => e.key === key);
  const before = problems.length;
  const target = readTarget(find('target'), pos, problems);
  const settings = readSettings(find('settings'), pos, target, problems);
  const owner = text(find('owner'), 'owner', pos, problems);
  const reason = text(find('reason'), 'reason', pos, problems);
  const expiresEntry = find('expires');
  const expires = text(expiresEntry, 'expires', pos, problems);
  if (expires !== undefined && !isCalendarDate(expires)) {
    problems.push(problemAt(expiresEntry!.value.pos, 'expires', `expected a date written YYYY-MM-DD (the last day the acknowledgement holds), found "${expires}"`));
  }
  if (problems.length > before || !target || owner === undefined || reason === undefined || expires === undefined) return undefined;
  return { target, settings, owner, reason, expires, pos };
}

/** What an acknowledgement says about one difference on `today` (YYYY-MM-DD, UTC). */
export type AckVerdict = { state: 'acknowledged'; ack: DriftAck } | { state: 'expired'; ack: DriftAck };

function covers(ack: DriftAck, path: string): boolean {
  return ack.settings.some((s) => path === s.path || path.startsWith(`${s.path}.`));
}

function sameTarget(ack: DriftAck, target: AckTarget): boolean {
  if (ack.target.kind !== target.kind) return false;
  if (ack.target.kind === 'user' && target.kind === 'user') return ack.target.identity === target.identity;
  if (ack.target.kind === 'group' && target.kind === 'group') return ack.target.name === target.name;
  return true;
}

/**
 * The acknowledgement for a setting of a target: an unexpired one wins over an expired one (a renewed
 * acknowledgement beside the old file); undefined when none names it.
 */
export function ackFor(acks: readonly DriftAck[], target: AckTarget, path: string, today: string): AckVerdict | undefined {
  let expired: DriftAck | undefined;
  for (const ack of acks) {
    if (!sameTarget(ack, target) || !covers(ack, path)) continue;
    if (today <= ack.expires) return { state: 'acknowledged', ack };
    expired ??= ack;
  }
  return expired ? { state: 'expired', ack: expired } : undefined;
}

/** The target a user plan is for, as acknowledgements name it. */
export function userTarget(key: string): AckTarget {
  const check = checkUserKey(key);
  return { kind: 'user', key, identity: check.ok ? check.identity : key };
}
