/**
 * Whether an event's setting is a secret (a passcode, zoom-api-facts.md §4.3 and §9.6): events carry old and new
 * values in plain text, and a report, a log line or a chat message must not repeat them. The schema marks the
 * user settings it knows; a name that reads like a secret (account and group settings the user schema lacks) counts.
 */
import { sectionVariant } from '../../core/desired/validate-settings.js';
import { SECRET_FIELD_NAMES } from '../../core/redact.js';
import { fieldAt } from '../../schema/index.js';

const SECRET_WORDS = SECRET_FIELD_NAMES.filter((name) => name !== 'token' && name !== 'authorization').map((name) => name.toLowerCase());

export function leafPathSecret(path: string): boolean {
  const steps = path.split('.');
  if (fieldAt(sectionVariant(steps[0] ?? ''), steps)?.secret) return true;
  const last = (steps[steps.length - 1] ?? '').toLowerCase();
  return SECRET_WORDS.some((word) => last.includes(word));
}

const MASK = '(sensitive)';

function maskLeaves(node: unknown, prefix: string[]): unknown {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) {
    return prefix.length > 0 && leafPathSecret(prefix.join('.')) ? MASK : node;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(node)) {
    const value = maskLeaves((node as Record<string, unknown>)[key], [...prefix, key]);
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * The event as the durable queue may keep it: Zoom's settings events carry a passcode change in plain text, new
 * value and old (the user.settings_updated schema types schedule_meeting.pmi_password as a string), and the queue
 * is a file on a volume. The reconcile re-reads the live value from Zoom and reports only "(sensitive)", so the
 * stored copy needs neither.
 */
export function eventForStorage(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const payload = Object.hasOwn(body, 'payload') ? (body as Record<string, unknown>).payload : undefined;
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return body;
  const maskedPayload: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  for (const side of ['object', 'old_object']) {
    const holder = Object.hasOwn(payload, side) ? (payload as Record<string, unknown>)[side] : undefined;
    if (holder === null || typeof holder !== 'object' || Array.isArray(holder) || !Object.hasOwn(holder, 'settings')) continue;
    maskedPayload[side] = { ...(holder as Record<string, unknown>), settings: maskLeaves((holder as Record<string, unknown>).settings, []) };
  }
  return { ...(body as Record<string, unknown>), payload: maskedPayload };
}
