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
