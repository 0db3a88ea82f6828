/**
 * The portal and webhook admin endpoints (no auth, not rate limited, not in the API request log):
 *   POST /_sim/portal/users/{id}/settings, /_sim/portal/groups/{id}/settings|lock_settings,
 *        /_sim/portal/account/settings|lock_settings   {operator, operator_id?, settings}: a change in the web portal
 *   GET  /_sim/portal/log                               the portal changes made (paths, no values)
 *   GET  /_sim/webhooks                                 the endpoint in use (never its secret) and every delivery
 *   POST /_sim/webhooks {url, secret?, retryDelaysMs?, timeoutMs?, redeliver?, apiChanges?}   set the endpoint; {url: null} stops
 *   POST /_sim/webhooks/validate {url?, secret?}        Zoom's endpoint.url_validation check against the URL
 */
import { parseJson } from './http-util.js';
import { PortalInputError, PortalNotFoundError, parsePortalChange, routePortal, type PortalChange, type PortalLogEntry, type PortalResult, type PortalTarget } from './portal.js';
import { maskSecrets } from './secret-values.js';
import { isPlainObject } from './settings-paths.js';
import type { ValidationCheck, WebhookDelivery, WebhookOptions, WebhookSender } from './webhook-delivery.js';

export interface PortalControls {
  portalChange(target: PortalTarget, change: PortalChange): PortalResult;
  portalLog: PortalLogEntry[];
  webhooks: WebhookSender;
  deliveries: WebhookDelivery[];
  setWebhooks(options: WebhookOptions | undefined): void;
  checkWebhookEndpoint(override: { url?: string; secret?: string }): Promise<ValidationCheck>;
}

export interface PortalAnswer {
  status: number;
  body?: unknown;
}

function objectBody(rawBody: string): Record<string, unknown> {
  const parsed = parseJson(rawBody === '' ? '{}' : rawBody);
  if (!parsed.ok || !isPlainObject(parsed.value)) throw new PortalInputError('Expected a JSON object body');
  return parsed.value;
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new PortalInputError(`Expected \`${key}\` to be a non-empty string`);
  return value;
}

function webhookOptionsFrom(body: Record<string, unknown>, current: string | undefined): WebhookOptions | undefined {
  if (body.url === null) return undefined;
  const url = optionalString(body, 'url');
  const secret = optionalString(body, 'secret') ?? current;
  if (url === undefined) throw new PortalInputError('Expected `url` (the endpoint), or `url: null` to stop sending');
  if (secret === undefined) throw new PortalInputError('Expected `secret` (the secret token the endpoint checks signatures with)');
  const { retryDelaysMs, timeoutMs, redeliver, apiChanges } = body;
  for (const [name, value] of [['redeliver', redeliver], ['apiChanges', apiChanges]] as const) {
    if (value !== undefined && typeof value !== 'boolean') throw new PortalInputError(`Expected \`${name}\` to be true or false`);
  }
  return {
    url,
    secret,
    ...(retryDelaysMs !== undefined ? { retryDelaysMs: retryDelaysMs as number[] } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs: timeoutMs as number } : {}),
    ...(redeliver !== undefined ? { redeliver: redeliver as boolean } : {}),
    ...(apiChanges !== undefined ? { apiChanges: apiChanges as boolean } : {}),
  };
}

/** Undefined when the route is not one of these (the other admin routes answer it). */
export async function answerPortalRoutes(method: string, pathname: string, rawBody: string, controls: PortalControls, currentSecret: () => string | undefined): Promise<PortalAnswer | undefined> {
  const route = `${method} ${pathname.replace(/\/$/, '')}`;
  try {
    if (route === 'GET /_sim/portal/log') return { status: 200, body: controls.portalLog };
    if (route === 'GET /_sim/webhooks') return { status: 200, body: { endpoint: controls.webhooks.describe() ?? null, deliveries: controls.deliveries } };
    if (route === 'POST /_sim/webhooks') {
      controls.setWebhooks(webhookOptionsFrom(objectBody(rawBody), currentSecret()));
      return { status: 200, body: { endpoint: controls.webhooks.describe() ?? null } };
    }
    if (route === 'POST /_sim/webhooks/validate') {
      const body = objectBody(rawBody);
      const url = optionalString(body, 'url');
      const secret = optionalString(body, 'secret');
      return { status: 200, body: await controls.checkWebhookEndpoint({ ...(url ? { url } : {}), ...(secret ? { secret } : {}) }) };
    }
    const target = routePortal(pathname);
    if (!target) return pathname.startsWith('/_sim/portal/') ? { status: 404, body: { error: `unknown portal route ${route}` } } : undefined;
    if (method !== 'POST') return { status: 405, body: { error: 'portal changes are POSTed' } };
    const result = controls.portalChange(target, parsePortalChange(objectBody(rawBody)));
    const delivery = result.event === undefined ? 'nothing changed' : controls.webhooks.configured ? 'sent' : 'no webhook endpoint configured';
    // The event may carry a passcode (schedule_meeting.pmi_password is in Zoom's schema): the answer masks it.
    return { status: 200, body: { event: result.event ? maskSecrets(result.event) : null, changed: result.changed, delivery } };
  } catch (error) {
    if (error instanceof PortalNotFoundError) return { status: 404, body: { error: error.message } };
    if (error instanceof PortalInputError || error instanceof RangeError) return { status: 400, body: { error: error.message } };
    throw error;
  }
}
