/**
 * Zoom's webhook signing and endpoint validation (zoom-api-facts.md §9.11): every event POST carries
 * `x-zm-request-timestamp` (epoch seconds) and `x-zm-signature: v0=` + hex HMAC-SHA256(secret, `v0:{timestamp}:{body}`);
 * an `endpoint.url_validation` event is answered with `encryptedToken` = hex HMAC-SHA256(secret, plainToken).
 */
import { createHmac } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-zm-request-timestamp';
export const SIGNATURE_HEADER = 'x-zm-signature';

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function encryptedToken(secret: string, plainToken: string): string {
  return createHmac('sha256', secret).update(plainToken).digest('hex');
}

/** The two headers of one delivery attempt; the timestamp is the attempt's, in whole seconds. */
export function signedHeaders(secret: string, nowMs: number, body: string): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, body) };
}
