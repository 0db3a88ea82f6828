/**
 * A stand-in for an app's Event Notification Endpoint on 127.0.0.1: records every POST (headers, raw body), answers
 * with the next status of a script (default 200), and answers Zoom's endpoint.url_validation challenge with a
 * secret of its own. It checks nothing itself: tests verify signatures with node:crypto, independently of the
 * simulator's code.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: any;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Statuses for the next event POSTs, in order (0: never answer); once used up, 200. */
  answers: number[];
  close(): Promise<void>;
}

export async function startReceiver(options: { validationSecret?: string; path?: string } = {}): Promise<Receiver> {
  const received: Received[] = [];
  const answers: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(rawBody);
      received.push({ headers: req.headers, rawBody, body });
      if (body.event === 'endpoint.url_validation' && options.validationSecret !== undefined) {
        const plainToken = body.payload.plainToken as string;
        const encryptedToken = createHmac('sha256', options.validationSecret).update(plainToken).digest('hex');
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ plainToken, encryptedToken }));
        return;
      }
      const status = answers.shift() ?? 200;
      if (status !== 0) res.writeHead(status).end();
      // 0: the request stays unanswered until the sender gives up (close() ends it otherwise).
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${options.path ?? '/zoom/events'}`,
    received,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Zoom's scheme, written out independently of src/: v0= + hex HMAC-SHA256(secret, `v0:{timestamp}:{body}`). */
export function expectedSignature(secret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}
