/**
 * The client's HTTP edge: one request on a keep-alive node:http(s) agent, JSON out and JSON in. Written on node:http
 * rather than axios because axios doubled the CPU time of a request (config merging, header objects, interceptor
 * promises, proxy lookups per call: 1.1 ms against 0.58 ms per GET on the 2-core benchmark machine), and a run sends
 * one request per managed variant per user (docs/performance.md). It does exactly what the client asked of axios:
 * every status is an answer (no throwing on 4xx/5xx), no redirects followed, an idle-socket timeout, compressed
 * answers decoded, and a body that is not JSON kept as text.
 */
import http from 'node:http';
import https from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { HttpTransportError, type HttpRequest, type HttpResponse, type HttpTransport, type HttpTransportOptions } from './transport.js';

function decode(body: Buffer, encoding: string | undefined): Buffer {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(body);
    case 'deflate':
      return inflateSync(body);
    case 'br':
      return brotliDecompressSync(body);
    default:
      return body;
  }
}

function parseBody(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: options.maxSockets });
  const baseHeaders = { Accept: 'application/json', 'Accept-Encoding': 'gzip, deflate, br', 'User-Agent': options.userAgent };

  function request(spec: HttpRequest): Promise<HttpResponse> {
    return new Promise<HttpResponse>((resolve, reject) => {
      let url: URL;
      try {
        url = new URL(spec.url);
      } catch {
        reject(new HttpTransportError(`invalid URL ${spec.url}`, 'ERR_INVALID_URL'));
        return;
      }
      const secure = url.protocol === 'https:';
      if (!secure && url.protocol !== 'http:') {
        reject(new HttpTransportError(`unsupported protocol ${url.protocol} in ${spec.url}`, 'ERR_INVALID_PROTOCOL'));
        return;
      }
      const payload = spec.json === undefined ? undefined : JSON.stringify(spec.json);
      const headers: Record<string, string> = { ...baseHeaders, ...spec.headers };
      if (payload !== undefined) {
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = String(Buffer.byteLength(payload));
      }
      const send = secure ? https.request : http.request;
      const req = send({
        method: spec.method,
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        headers,
        agent: secure ? httpsAgent : httpAgent,
      });
      let settled = false;
      const fail = (error: Error): void => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      req.setTimeout(options.timeoutMs, () => {
        fail(new HttpTransportError(`timeout of ${options.timeoutMs}ms exceeded`, 'ETIMEDOUT'));
        req.destroy();
      });
      req.on('error', (error) => fail(error));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('aborted', () => fail(new HttpTransportError('the answer was cut off (socket hang up)', 'ECONNRESET')));
        res.on('error', (error) => fail(error));
        res.on('end', () => {
          if (settled) return;
          let text: string;
          try {
            text = decode(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), res.headers['content-encoding']).toString('utf8');
          } catch (error) {
            fail(new HttpTransportError(`the answer could not be decoded (${(error as Error).message})`, 'EDECODE'));
            return;
          }
          settled = true;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, data: parseBody(text) });
        });
      });
      req.end(payload);
    });
  }

  return {
    request,
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
