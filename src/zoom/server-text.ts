/**
 * Text a server sent is untrusted: it can echo what we sent (passcodes in a PATCH body, the Authorization header,
 * the Basic credentials), be megabytes long, or carry terminal escapes. Every string taken from an answer passes
 * here once, where it becomes our error, before anything prints or stores it (stdout, ledger, journal, plans).
 */
import { redactText, type SecretValues } from '../core/redact.js';
import { capLength, escapeControl } from '../core/safe-text.js';

/** Far above any real Zoom message ("Validation Failed.", a field error), far below a body echoed back. */
export const MAX_SERVER_TEXT = 300;
/** Zoom lists one field error per invalid field; a body of hundreds is an echo, not advice. */
export const MAX_FIELD_ERRORS = 10;

export function serverText(text: string, secrets?: SecretValues): string {
  return escapeControl(capLength(redactText(text, secrets), MAX_SERVER_TEXT));
}
