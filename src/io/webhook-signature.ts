/**
 * Zoom's webhook signing (zoom-api-facts.md §9.11): every POST carries `x-zm-signature: v0=<hex>` where hex is
 * HMAC-SHA256(secret token, "v0:{x-zm-request-timestamp}:{raw body}"), and the endpoint validation answers
 * `encryptedToken = hex HMAC-SHA256(secret token, plainToken)`. The raw bytes are signed, so the check runs on the
 * body as received, before any JSON parsing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-zm-signature';
export const TIMESTAMP_HEADER = 'x-zm-request-timestamp';

export function zoomSignature(secret: string, timestamp: string, rawBody: Buffer | string): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

export function urlValidationAnswer(secret: string, plainToken: string): { plainToken: string; encryptedToken: string } {
  return { plainToken, encryptedToken: createHmac('sha256', secret).update(plainToken).digest('hex') };
}

/** Constant-time: a wrong signature of the right length takes as long to refuse as one wrong in its last digit. */
export function signatureMatches(secret: string, timestamp: string, rawBody: Buffer, header: string): boolean {
  const expected = Buffer.from(zoomSignature(secret, timestamp, rawBody), 'utf8');
  const given = Buffer.from(header, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
