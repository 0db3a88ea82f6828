/**
 * The watch's HTTP edge (issue 19, item 1). Per request, before anything else happens:
 * - GET /healthz and GET /metrics answer at once;
 * - the event path takes POST only (405), any other path is 404;
 * - the body is read as it streams and refused with 413 the moment it passes the cap (never buffered beyond it);
 * - the signature (x-zm-signature over "v0:{timestamp}:{raw body}", constant-time) and the timestamp (within the
 *   replay window of the injected clock) are checked on the raw bytes: 401;
 * - only then is the body parsed: bad JSON or a malformed event is 400;
 * - endpoint.url_validation is answered in place (Zoom wants it within 3 s);
 * - a settings event is appended to the durable queue (fsync) and answered 200; the work happens off the request.
 * No refusal reaches Zoom: the handler has no client.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { readEvent, type SettingsEvent } from '../../core/watch/events.js';
import type { EventQueue, QueuedEvent } from '../../io/event-queue.js';
import type { Logger } from '../../io/logger.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signatureMatches, urlValidationAnswer } from '../../io/webhook-signature.js';
import type { WatchMetrics } from './metrics.js';
import { eventForStorage } from './secret-paths.js';

export interface WebhookServerOptions {
  secret: string;
  /** The path Zoom posts to. */
  path: string;
  maxBodyBytes: number;
  replayWindowMs: number;
  now(): number;
  queue: Pick<EventQueue, 'has' | 'append' | 'depth'>;
  metrics: WatchMetrics;
  logger: Logger;
  /** A new settings event, durable in the queue. */
  accepted(queued: QueuedEvent, event: SettingsEvent): void;
}

type Refusal = { status: number; reason: string };

function answer(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Redeliveries carry the same body: the event's name, event_ts and a hash of its payload identify it. */
export function eventId(body: { event?: unknown; event_ts?: unknown; payload?: unknown }): string {
  const hash = createHash('sha256').update(JSON.stringify(body.payload ?? null)).digest('hex').slice(0, 32);
  return `${String(body.event)}:${String(body.event_ts)}:${hash}`;
}

/** Reads the body up to the cap; resolves undefined (and answers 413) the moment it is exceeded. */
function readCapped(req: IncomingMessage, res: ServerResponse, cap: number, refuse: (r: ServerResponse, refusal: Refusal) => void): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    const tooBig = (): void => {
      // The rest is read and dropped (never kept) so the client can read the 413; a sender that keeps going past
      // a few times the cap loses the connection.
      res.setHeader('connection', 'close');
      refuse(res, { status: 413, reason: `body over ${cap} bytes` });
      let dropped = 0;
      req.on('data', (chunk: Buffer) => {
        dropped += chunk.length;
        if (dropped > 4 * cap) req.socket.destroy();
      });
      req.resume();
      resolve(undefined);
    };
    if (Number.isFinite(declared) && declared > cap) return tooBig();
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > cap) {
        done = true;
        chunks.length = 0;
        tooBig();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', () => {
      if (!done) resolve(undefined);
      done = true;
    });
  });
}

export function createWebhookServer(options: WebhookServerOptions): Server {
  const { metrics, logger } = options;
  const refuse = (res: ServerResponse, refusal: Refusal): void => {
    metrics.add(refusal.status === 401 ? 'signatures_rejected' : 'requests_rejected');
    logger.warn({ status: refusal.status, reason: refusal.reason }, 'webhook request refused');
    answer(res, refusal.status, { error: refusal.reason });
  };

  const checkSignature = (req: IncomingMessage, raw: Buffer): Refusal | undefined => {
    const signature = req.headers[SIGNATURE_HEADER];
    const timestamp = req.headers[TIMESTAMP_HEADER];
    if (typeof signature !== 'string' || typeof timestamp !== 'string') return { status: 401, reason: `missing ${SIGNATURE_HEADER} or ${TIMESTAMP_HEADER}` };
    if (!/^\d{1,13}$/.test(timestamp)) return { status: 401, reason: `${TIMESTAMP_HEADER} is not a number of seconds` };
    // Zoom's timestamp is in seconds (zoom-api-facts.md §9.11); a replayed request carries an old one.
    const skew = Math.abs(options.now() - Number(timestamp) * 1000);
    if (skew > options.replayWindowMs) return { status: 401, reason: `${TIMESTAMP_HEADER} is outside the replay window` };
    if (!signatureMatches(options.secret, timestamp, raw, signature)) return { status: 401, reason: `${SIGNATURE_HEADER} does not match` };
    return undefined;
  };

  const handleEvent = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readCapped(req, res, options.maxBodyBytes, refuse);
    if (!raw) return;
    const bad = checkSignature(req, raw);
    if (bad) return refuse(res, bad);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return refuse(res, { status: 400, reason: 'the body is not JSON' });
    }
    const read = readEvent(body);
    if (read.kind === 'invalid') return refuse(res, { status: 400, reason: read.reason });
    metrics.add('events_received');
    if (read.kind === 'url-validation') return answer(res, 200, urlValidationAnswer(options.secret, read.plainToken));
    if (read.kind === 'other') {
      logger.info({ event: read.event }, 'event ignored: not a settings event');
      return answer(res, 200, { status: 'ignored' });
    }
    const id = eventId(body as Record<string, unknown>);
    if (options.queue.has(id)) {
      metrics.add('events_duplicate');
      logger.info({ event: read.event.event, id }, 'redelivered event: already accepted');
      return answer(res, 200, { status: 'duplicate' });
    }
    // Durable before the 200: once Zoom hears 200 it does not send again.
    const queued = options.queue.append(id, eventForStorage(body));
    answer(res, 200, { status: 'accepted' });
    options.accepted(queued, read.event);
  };

  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') return answer(res, 200, { status: 'ok', queue_depth: options.queue.depth() });
    if (req.method === 'GET' && path === '/metrics') return answer(res, 200, metrics.render(), 'text/plain; version=0.0.4');
    if (path !== options.path) {
      req.resume();
      return refuse(res, { status: 404, reason: `no such path; Zoom posts to ${options.path}` });
    }
    if (req.method !== 'POST') {
      req.resume();
      res.setHeader('allow', 'POST');
      return refuse(res, { status: 405, reason: 'only POST' });
    }
    handleEvent(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'webhook request failed');
      if (!res.headersSent) answer(res, 500, { error: 'internal error' });
    });
  });
}
