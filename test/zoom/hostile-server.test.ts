/**
 * Servers that do not play fair (issue 13, items 7–9), as real node:http servers on 127.0.0.1: a body that drips one
 * byte at a time, a body that never ends, a gzip bomb, and a per-second 429 that asks to wait an hour. Each must fail
 * ONE request cleanly (a typed error, bounded memory) or stop the run the way a daily limit does; none may hang.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHttpTransport } from '../../src/zoom/http-transport.js';
import { DailyLimitError, ZoomApiError, createZoomClient, type ZoomClient, type ZoomClientConfig } from '../../src/zoom/index.js';
import { HttpTransportError, RESPONSE_TOO_LARGE, type HttpTransport } from '../../src/zoom/transport.js';
import { captureLogs } from './harness.js';
import { VirtualTimers } from './virtual-timers.js';

const MiB = 1024 * 1024;
/** A test that hangs is a failure with a name, not a jest timeout: the bound is generous and asserts nothing about speed. */
const HANG_GUARD_MS = 15_000;

/** 32 gzip members of 16 MiB of zeros each: 512 MiB decoded from about half a megabyte on the wire. */
function gzipBomb(): Buffer {
  const member = gzipSync(Buffer.alloc(16 * MiB));
  return Buffer.concat(Array.from({ length: 32 }, () => member));
}

function withinGuard<T>(promise: Promise<T>): Promise<T | 'hung'> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), HANG_GUARD_MS);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return withinGuard(promise.then(() => 'answered', (error: unknown) => error));
}

describe('hostile HTTP servers', () => {
  let server: http.Server;
  let origin: string;
  const bomb = gzipBomb();
  const hits = new Map<string, number>();
  let endlessBytesWritten = 0;
  /** The virtual clock of the client under test, so a Retry-After date is an hour ahead of the client's now. */
  let clock = new VirtualTimers();

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const path = (request.url ?? '').replace(/\?.*$/, '');
      hits.set(path, (hits.get(path) ?? 0) + 1);
      switch (path) {
        case '/v2/users/drip/settings': {
          // One byte every 100 ms, for ever: the socket is never idle long enough for an idle timeout.
          response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
          const drip = setInterval(() => response.write(' '), 100);
          response.on('close', () => clearInterval(drip));
          return;
        }
        case '/v2/users/endless/settings': {
          // Chunked, no length, as fast as the client reads. Stops at 64 MiB only so a client WITHOUT a cap ends too.
          response.writeHead(200, { 'content-type': 'application/json' });
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          const pump = (): void => {
            while (endlessBytesWritten < 64 * MiB) {
              endlessBytesWritten += chunk.length;
              if (!response.write(chunk)) return void response.once('drain', pump);
            }
            response.end();
          };
          response.on('close', () => response.removeAllListeners('drain'));
          pump();
          return;
        }
        case '/v2/users/bomb/settings':
          response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
          response.end(bomb);
          return;
        case '/v2/users/hour-seconds/settings':
          response.writeHead(429, { 'content-type': 'application/json', 'x-ratelimit-type': 'QPS', 'retry-after': '3600' });
          response.end(JSON.stringify({ code: 429, message: 'You have reached the maximum per-second rate limit for this API.' }));
          return;
        case '/v2/users/hour-date/settings':
          // No type header, a date an hour ahead (Zoom's Retry-After form, zoom-api-facts.md §5.3).
          response.writeHead(429, { 'content-type': 'application/json', 'retry-after': new Date(clock.now() + 3_600_000).toUTCString() });
          response.end(JSON.stringify({ code: 429, message: 'Too many requests.' }));
          return;
        case '/v2/users/four-seconds/settings': {
          const first = hits.get(path) === 1;
          response.writeHead(first ? 429 : 200, { 'content-type': 'application/json', ...(first ? { 'x-ratelimit-type': 'QPS', 'retry-after': '4' } : {}) });
          response.end(JSON.stringify(first ? { code: 429, message: 'Slow down.' } : { in_meeting: {} }));
          return;
        }
        case '/gzip':
          response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
          response.end(gzipSync(JSON.stringify({ ok: true })));
          return;
        case '/text':
          response.writeHead(502, { 'content-type': 'text/html' });
          response.end('<html>Bad gateway</html>');
          return;
        case '/redirect':
          response.writeHead(302, { location: '/gzip' });
          response.end();
          return;
        default:
          response.writeHead(404);
          response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function client(overrides: Partial<ZoomClientConfig> = {}): { zoom: ZoomClient; logs: ReturnType<typeof captureLogs> } {
    const logs = captureLogs();
    clock = new VirtualTimers();
    const zoom = createZoomClient(
      { auth: { kind: 'token', accessToken: 'hostile-token' }, apiBaseUrl: `${origin}/v2`, plan: 'pro', rateShare: 1, maxRps: 100, maxAttempts: 5, timeoutMs: 5000, ...overrides },
      { logger: logs.logger, random: () => 0, timers: clock },
    );
    return { zoom, logs };
  }

  describe('through the Zoom client', () => {
    it('a body that drips a byte at a time fails at the total deadline (item 7), not never', async () => {
      const { zoom } = client({ timeoutMs: 400, maxAttempts: 1 });
      const error = await failure(zoom.getUserSettings('drip', 'default'));
      zoom.close();
      expect(error).toBeInstanceOf(ZoomApiError);
      expect((error as ZoomApiError).status).toBeNull();
      expect((error as ZoomApiError).message).toMatch(/no answer \(timeout: no complete answer within the deadline of 400 ms\)/);
    });

    it('a body that never ends fails at the size cap (item 8), once: the same request would get the same answer', async () => {
      hits.delete('/v2/users/endless/settings');
      const { zoom } = client();
      const error = await failure(zoom.getUserSettings('endless', 'default'));
      zoom.close();
      expect(error).toBeInstanceOf(ZoomApiError);
      expect((error as ZoomApiError).message).toMatch(new RegExp(`no answer \\(${RESPONSE_TOO_LARGE}: the answer is larger than the cap of 4194304 bytes`));
      expect(hits.get('/v2/users/endless/settings')).toBe(1);
      // The client stopped reading: the server wrote far less than its 64 MiB.
      expect(endlessBytesWritten).toBeLessThan(32 * MiB);
    });

    it('a gzip bomb fails at the size cap on the DECODED body (item 8)', async () => {
      const { zoom } = client();
      const error = await failure(zoom.getUserSettings('bomb', 'default'));
      zoom.close();
      expect(error).toBeInstanceOf(ZoomApiError);
      expect((error as ZoomApiError).message).toMatch(new RegExp(`${RESPONSE_TOO_LARGE}: the answer is larger than the cap of 4194304 bytes \\(decoded\\)`));
    });

    it.each([
      ['Retry-After: 3600 on a QPS 429', 'hour-seconds'],
      ['Retry-After an hour ahead as a date, no type', 'hour-date'],
    ])('%s is a daily limit in disguise (item 9): stop at once, resumable at the time asked, no hour-long waits', async (_name, user) => {
      const { zoom, logs } = client();
      const started = clock.now();
      const error = await failure(zoom.getUserSettings(user, 'default'));
      expect(error).toBeInstanceOf(DailyLimitError);
      // Retry-After has one-second resolution as a date.
      expect(Math.abs((error as DailyLimitError).resetAt.getTime() - (started + 3_600_000))).toBeLessThan(1000);
      // The words say what Zoom asked, not "daily limit": the 429 was not a daily-limit one.
      expect((error as DailyLimitError).source).toBe('zoom-long-wait');
      expect((error as DailyLimitError).message).toMatch(/^Zoom answered 429 and asked to wait until .* \(a longer limit than per second\)/);
      expect(hits.get(`/v2/users/${user}/settings`)).toBe(1);
      // No pause was taken: the virtual clock did not move.
      expect(clock.now()).toBe(started);
      expect(logs.lines().filter((line) => line.msg === 'rate limited; pausing all requests')).toHaveLength(0);
      // Every later MEDIUM request stops too, without reaching the server (the run defers the rest).
      await expect(zoom.getUserSettings('four-seconds', 'default')).rejects.toBeInstanceOf(DailyLimitError);
      expect(hits.get('/v2/users/four-seconds/settings')).toBeUndefined();
      zoom.close();
    });

    it('a per-second 429 asking for a few seconds is waited out once, then the request succeeds (item 9)', async () => {
      const { zoom, logs } = client();
      await expect(withinGuard(zoom.getUserSettings('four-seconds', 'default'))).resolves.toEqual({ in_meeting: {} });
      zoom.close();
      expect(logs.lines().filter((line) => line.msg === 'rate limited; pausing all requests').map((line) => line.pauseMs)).toEqual([4000]);
      expect(hits.get('/v2/users/four-seconds/settings')).toBe(2);
    });
  });

  describe('the transport itself', () => {
    let transport: HttpTransport;
    beforeAll(() => {
      transport = createHttpTransport({ deadlineMs: 400, maxResponseBytes: 1 * MiB, maxSockets: 4, userAgent: 'hostile-test' });
    });
    afterAll(() => transport.close());

    it('a dripping body is an ETIMEDOUT HttpTransportError (the code the retry rules read as a timeout)', async () => {
      const error = await failure(transport.request({ method: 'GET', url: `${origin}/v2/users/drip/settings` }));
      expect(error).toBeInstanceOf(HttpTransportError);
      expect((error as HttpTransportError).code).toBe('ETIMEDOUT');
    });

    it('a gzip bomb stops at the cap: memory grows by a bounded amount, not by the 512 MiB the bomb decodes to', async () => {
      let peak = process.memoryUsage.rss();
      const before = peak;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 1);
      const error = await failure(transport.request({ method: 'GET', url: `${origin}/v2/users/bomb/settings` }));
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage.rss());
      expect(error).toBeInstanceOf(HttpTransportError);
      expect((error as HttpTransportError).code).toBe(RESPONSE_TOO_LARGE);
      expect(peak - before).toBeLessThan(128 * MiB);
    });

    it('still decodes honest compressed answers, keeps a non-JSON body as text, and follows no redirect', async () => {
      await expect(transport.request({ method: 'GET', url: `${origin}/gzip` })).resolves.toMatchObject({ status: 200, data: { ok: true } });
      await expect(transport.request({ method: 'GET', url: `${origin}/text` })).resolves.toMatchObject({ status: 502, data: '<html>Bad gateway</html>' });
      const redirect = await transport.request({ method: 'GET', url: `${origin}/redirect` });
      expect(redirect.status).toBe(302);
      expect(redirect.headers.location).toBe('/gzip');
    });
  });
});
