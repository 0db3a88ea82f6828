/**
 * Delivering events to the app's endpoint the way Zoom does (devsupport.zoom.us "Webhook delays", article
 * 360059893812): a delivery succeeds when the endpoint answers 2xx within 3 seconds; otherwise Zoom sends it 3 more
 * times, 5 minutes after the first attempt, 20 minutes after the first retry and 60 minutes after the second, then
 * gives up. What the simulator models: the same body on every attempt, a fresh x-zm-request-timestamp and signature
 * per attempt, a connection error or timeout counted as a failure like a non-2xx answer. The delays, the number of
 * retries (the length of `retryDelaysMs`) and the timeout are options, and `sleep` is injectable so tests run the
 * schedule on virtual time. `redeliver` sends each event a second time after the first delivery ends, as Zoom may
 * (a receiver must deduplicate).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { randomBytes } from 'node:crypto';
import { encryptedToken, signedHeaders } from './webhook-signing.js';
import type { Clock } from './types.js';

/** Zoom: 5 minutes, then 20 minutes after the first retry, then 60 minutes after the second. */
export const ZOOM_RETRY_DELAYS_MS: readonly number[] = [5 * 60_000, 20 * 60_000, 60 * 60_000];
/** Zoom expects the 2xx within three seconds. */
export const ZOOM_DELIVERY_TIMEOUT_MS = 3_000;
/** A receiver's answer body is read for the validation check only; nobody needs more than this. */
const MAX_ANSWER_BYTES = 64 * 1024;

export interface WebhookOptions {
  /** The app's Event Notification Endpoint URL (http or https). */
  url: string;
  /** The app's Secret Token. */
  secret: string;
  /** Delay before each retry; its length is the number of retries. Default ZOOM_RETRY_DELAYS_MS. */
  retryDelaysMs?: readonly number[];
  /** Default 3000. */
  timeoutMs?: number;
  /** Deliver every event twice (a redelivery, for deduplication tests). Default false. */
  redeliver?: boolean;
  /** How a retry waits; default a real (unref'd) timer. Tests pass virtual time. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Default true: a user settings PATCH through the API that alters a value sends user.settings_updated too, as
   * Zoom's event reference says the event follows API updates as well (api-change-events.ts). False: portal only.
   */
  apiChanges?: boolean;
  /** The operator named in events about API changes. Zoom does not document whom it names for an app. */
  apiOperator?: { email: string; id: string };
}

/** The operator of API-change events unless `apiOperator` says otherwise: a guess, see apiOperator. */
export const DEFAULT_API_OPERATOR = { email: 'api-app@example.com', id: 'sim-api-app' } as const;

export interface WebhookDelivery {
  seq: number;
  event: string;
  /** The event's event_ts: identifies the event across attempts and redeliveries. */
  eventTs: number;
  /** 1 for the first attempt of a copy, 2.. for retries. */
  attempt: number;
  /** True for the second copy sent by `redeliver`. */
  redelivery: boolean;
  /** Clock ms when sent. */
  time: number;
  /** The endpoint's HTTP status; 0 when it did not answer (error or timeout). */
  status: number;
  error?: string;
  ok: boolean;
}

export interface ValidationCheck {
  ok: boolean;
  status: number;
  /** Why it failed, in words. */
  reason?: string;
}

interface PostAnswer {
  status: number;
  body: string;
  error?: string;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new RangeError(message);
}

/** Options checked once, with messages that name the option. */
export function validateWebhookOptions(options: WebhookOptions): Required<Omit<WebhookOptions, 'sleep'>> & Pick<WebhookOptions, 'sleep'> {
  const apiOperator = options.apiOperator ?? DEFAULT_API_OPERATOR;
  check(
    typeof apiOperator.email === 'string' && apiOperator.email.includes('@') && typeof apiOperator.id === 'string' && apiOperator.id !== '',
    'Expected `webhooks.apiOperator` to be {email, id}',
  );
  let url: URL | undefined;
  try {
    url = new URL(options.url);
  } catch {
    url = undefined;
  }
  check(url !== undefined && (url.protocol === 'http:' || url.protocol === 'https:'), `Expected \`webhooks.url\` to be an http or https URL, got ${String(options.url)}`);
  check(typeof options.secret === 'string' && options.secret !== '', 'Expected `webhooks.secret` to be a non-empty string');
  const retryDelaysMs = options.retryDelaysMs ?? ZOOM_RETRY_DELAYS_MS;
  check(
    Array.isArray(retryDelaysMs) && retryDelaysMs.every((ms) => Number.isFinite(ms) && ms >= 0),
    `Expected \`webhooks.retryDelaysMs\` to be a list of non-negative numbers, got ${JSON.stringify(retryDelaysMs)}`,
  );
  const timeoutMs = options.timeoutMs ?? ZOOM_DELIVERY_TIMEOUT_MS;
  check(Number.isFinite(timeoutMs) && timeoutMs > 0, `Expected \`webhooks.timeoutMs\` to be a positive number, got ${timeoutMs}`);
  return {
    url: options.url,
    secret: options.secret,
    retryDelaysMs: [...retryDelaysMs],
    timeoutMs,
    redeliver: options.redeliver ?? false,
    apiChanges: options.apiChanges ?? true,
    apiOperator: { email: apiOperator.email, id: apiOperator.id },
    sleep: options.sleep,
  };
}

/** One POST with a timeout; never throws: a failure is status 0 with the error in words. */
export function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<PostAnswer> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    // agent: false → one connection per attempt, closed after it, as a fresh delivery from Zoom would be.
    const req = send(target, {
      method: 'POST',
      agent: false,
      headers: { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Zoom Marketplace/1.0a' },
    });
    let settled = false;
    const done = (answer: PostAnswer): void => {
      if (settled) return;
      settled = true;
      resolve(answer);
    };
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      done({ status: 0, body: '', error: `no answer within ${timeoutMs} ms` });
    });
    req.on('error', (error) => done({ status: 0, body: '', error: error.message }));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
      });
      res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => done({ status: res.statusCode ?? 0, body: '', error: error.message }));
    });
    req.end(body);
  });
}

/**
 * Sends Zoom's `endpoint.url_validation` challenge to the URL, as Zoom does when an app's endpoint is saved (and every
 * 72 hours after), and checks the answer: 200 with `{plainToken, encryptedToken}` where encryptedToken is
 * hex HMAC-SHA256(secret, plainToken) (zoom-api-facts.md §9.11).
 */
export async function checkUrlValidation(
  options: { url: string; secret: string; timeoutMs?: number; plainToken?: string },
  nowMs: number = Date.now(),
): Promise<ValidationCheck> {
  const plainToken = options.plainToken ?? randomBytes(16).toString('base64url');
  const body = JSON.stringify({ payload: { plainToken }, event_ts: nowMs, event: 'endpoint.url_validation' });
  const answer = await postJson(options.url, body, signedHeaders(options.secret, nowMs, body), options.timeoutMs ?? ZOOM_DELIVERY_TIMEOUT_MS);
  if (answer.status === 0) return { ok: false, status: 0, reason: `the endpoint did not answer: ${answer.error ?? 'unknown error'}` };
  if (answer.status !== 200) return { ok: false, status: answer.status, reason: `the endpoint answered HTTP ${answer.status}, not 200` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return { ok: false, status: 200, reason: 'the answer is not JSON' };
  }
  const fields = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (fields.plainToken !== plainToken) return { ok: false, status: 200, reason: 'the answer does not echo the plainToken' };
  if (fields.encryptedToken !== encryptedToken(options.secret, plainToken)) {
    return { ok: false, status: 200, reason: 'encryptedToken is not HMAC-SHA256(secret token, plainToken) in hex: is the secret token the same on both sides?' };
  }
  return { ok: true, status: 200 };
}

/** A real timer; `wakers` lets stop() end the wait at once instead of leaving the delivery pending forever. */
function realSleep(ms: number, wakers: Map<NodeJS.Timeout, () => void>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      wakers.delete(timer);
      resolve();
    }, ms);
    // A retry an hour away must not keep a stopping process alive.
    timer.unref();
    wakers.set(timer, resolve);
  });
}

/** The delivery queue of one simulator: configure(), send(), idle(), stop(). */
export class WebhookSender {
  /** Every attempt, oldest first (bounded like the request log). */
  readonly deliveries: WebhookDelivery[] = [];
  private options: ReturnType<typeof validateWebhookOptions> | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly wakers = new Map<NodeJS.Timeout, () => void>();
  private seq = 0;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly logLimit = 10_000,
  ) {}

  configure(options: WebhookOptions | undefined): void {
    this.options = options === undefined ? undefined : validateWebhookOptions(options);
  }

  /** The options in force, without the secret. */
  describe(): { url: string; retryDelaysMs: number[]; timeoutMs: number; redeliver: boolean; apiChanges: boolean } | undefined {
    if (!this.options) return undefined;
    const { url, retryDelaysMs, timeoutMs, redeliver, apiChanges } = this.options;
    return { url, retryDelaysMs: [...retryDelaysMs], timeoutMs, redeliver, apiChanges };
  }

  /** Whom events about API changes name, or undefined when they are not sent. */
  apiChangeOperator(): { email: string; id: string } | undefined {
    return this.options?.apiChanges ? this.options.apiOperator : undefined;
  }

  get configured(): boolean {
    return this.options !== undefined;
  }

  /** Starts delivering `event` (in the background); false when no endpoint is configured. */
  send(event: { event: string; event_ts: number }): boolean {
    const options = this.options;
    if (!options || this.stopped) return false;
    const body = JSON.stringify(event);
    const job = this.deliverAll(options, event, body).finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
    return true;
  }

  /** Resolves when every delivery started so far has ended (succeeded or given up). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  async validateEndpoint(override: Partial<Pick<WebhookOptions, 'url' | 'secret'>> = {}): Promise<ValidationCheck> {
    const url = override.url ?? this.options?.url;
    const secret = override.secret ?? this.options?.secret;
    if (url === undefined || secret === undefined) return { ok: false, status: 0, reason: 'no webhook URL and secret are configured' };
    return checkUrlValidation({ url, secret, timeoutMs: this.options?.timeoutMs }, this.clock.now());
  }

  /** Abandons pending retries; deliveries in progress end on their own. */
  stop(): void {
    this.stopped = true;
    for (const [timer, wake] of this.wakers) {
      clearTimeout(timer);
      wake();
    }
    this.wakers.clear();
  }

  private async deliverAll(options: ReturnType<typeof validateWebhookOptions>, event: { event: string; event_ts: number }, body: string): Promise<void> {
    await this.deliverOne(options, event, body, false);
    if (options.redeliver && !this.stopped) await this.deliverOne(options, event, body, true);
  }

  private async deliverOne(options: ReturnType<typeof validateWebhookOptions>, event: { event: string; event_ts: number }, body: string, redelivery: boolean): Promise<void> {
    const sleep = options.sleep ?? ((ms: number) => realSleep(ms, this.wakers));
    for (let attempt = 1; ; attempt += 1) {
      const time = this.clock.now();
      const answer = await postJson(options.url, body, signedHeaders(options.secret, time, body), options.timeoutMs);
      const ok = answer.status >= 200 && answer.status < 300;
      this.record({ seq: ++this.seq, event: event.event, eventTs: event.event_ts, attempt, redelivery, time, status: answer.status, ok, ...(answer.error ? { error: answer.error } : {}) });
      const delay = options.retryDelaysMs[attempt - 1];
      if (ok || delay === undefined || this.stopped) return;
      await sleep(delay);
      if (this.stopped) return;
    }
  }

  private record(delivery: WebhookDelivery): void {
    this.deliveries.push(delivery);
    if (this.deliveries.length > this.logLimit) this.deliveries.shift();
  }
}
