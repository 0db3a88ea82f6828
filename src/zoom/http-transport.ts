/**
 * The client's HTTP edge: axios on keep-alive agents (direct or through a proxy: proxy-agents.ts), JSON out and JSON
 * in. axios brings the decompression of gzip/deflate/br streams and a size check on the DECODED body; it costs some
 * CPU per request, which at Zoom's real rates (20/s Pro, 60/s Business+) is small next to the rate limit
 * (docs/performance.md, "HTTP transport").
 *
 * What the client asks of it: every status is an answer (no throwing on 4xx/5xx), no redirects followed, a body that
 * is not JSON kept as text, and two bounds no server can stretch: a total deadline per request (a body that drips one
 * byte a second fails at the deadline, not never) and a cap on the decoded body (an endless body or a gzip bomb
 * fails that request, memory stays bounded). Failures are HttpTransportError with node's code, so the client's
 * retry rules (network-errors.ts) classify them as before.
 */
import type http from 'node:http';
import axios, { isAxiosError, type AxiosResponse } from 'axios';
import {
  HttpTransportError,
  RESPONSE_TOO_LARGE,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  type HttpTransportOptions,
} from './transport.js';
import { createAgentPool } from './proxy-agents.js';

function parseBody(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function checkedUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HttpTransportError(`invalid URL ${raw}`, 'ERR_INVALID_URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new HttpTransportError(`unsupported protocol ${url.protocol} in ${raw}`, 'ERR_INVALID_PROTOCOL');
  }
  return url;
}

const ORIGIN = /^https?:\/\/[^/?#]+/i;

/** zlib's codes for a body that is not what its Content-Encoding says. */
const DECODE_ERROR = /^Z_|^ERR_ZLIB|^ERR__ERROR|BROTLI/;

/**
 * axios's error as a transport error with node's code and a message only: an AxiosError holds the request config
 * (and so the Authorization header), which must not travel further.
 */
function transportError(error: unknown, deadlineMs: number, deadlinePassed: boolean, maxBytes: number): HttpTransportError {
  if (deadlinePassed) return new HttpTransportError(`no complete answer within the deadline of ${deadlineMs} ms`, 'ETIMEDOUT');
  if (!isAxiosError(error)) {
    const code = (error as { code?: unknown } | null)?.code;
    return new HttpTransportError(error instanceof Error ? error.message : String(error), typeof code === 'string' ? code : 'network-error');
  }
  const code = error.code ?? 'network-error';
  if (/maxContentLength/.test(error.message)) {
    return new HttpTransportError(`the answer is larger than the cap of ${maxBytes} bytes (decoded)`, RESPONSE_TOO_LARGE);
  }
  if (/stream has been aborted/.test(error.message)) return new HttpTransportError('the answer was cut off (socket hang up)', 'ECONNRESET');
  if (DECODE_ERROR.test(code)) return new HttpTransportError(`the answer could not be decoded (${error.message})`, 'EDECODE');
  return new HttpTransportError(error.message, code);
}

export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const agents = createAgentPool({ maxSockets: options.maxSockets });
  const client = axios.create({
    // Node's http, named: no adapter lookup per request. The agents pick the proxy (proxy-agents.ts says why).
    adapter: 'http',
    proxy: false,
    maxRedirects: 0,
    validateStatus: () => true,
    // Bodies arrive as text and are parsed here: a body that is not JSON stays text, and no axios transform runs.
    responseType: 'text',
    transformRequest: [],
    transformResponse: [],
    decompress: true,
    maxContentLength: options.maxResponseBytes,
  });
  // Per request rather than instance defaults: axios deep-merges default headers into every request (measured).
  const baseHeaders = { Accept: 'application/json', 'Accept-Encoding': 'gzip, deflate, br', 'User-Agent': options.userAgent };
  // The agent per origin, found by the URL's prefix: parsing every URL to find it again cost CPU on each request.
  const agentByOrigin = new Map<string, http.Agent>();

  function agentFor(raw: string): http.Agent {
    const origin = ORIGIN.exec(raw)?.[0];
    const known = origin === undefined ? undefined : agentByOrigin.get(origin);
    if (known) return known;
    const agent = agents.agentFor(checkedUrl(raw));
    if (origin !== undefined) agentByOrigin.set(origin, agent);
    return agent;
  }

  async function request(spec: HttpRequest): Promise<HttpResponse> {
    const agent = agentFor(spec.url);
    const payload = spec.json === undefined ? undefined : JSON.stringify(spec.json);
    const headers: Record<string, string> = { ...baseHeaders, ...spec.headers };
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    // A total deadline: axios's own timeout is reset by every byte, so a dripping body would never reach it.
    const deadline = new AbortController();
    let deadlinePassed = false;
    const timer = setTimeout(() => {
      deadlinePassed = true;
      deadline.abort();
    }, options.deadlineMs);
    let response: AxiosResponse<string>;
    try {
      response = await client.request<string>({
        method: spec.method,
        url: spec.url,
        headers,
        data: payload,
        signal: deadline.signal,
        httpAgent: agent,
        httpsAgent: agent,
      });
    } catch (error) {
      throw transportError(error, options.deadlineMs, deadlinePassed, options.maxResponseBytes);
    } finally {
      clearTimeout(timer);
    }
    return {
      status: response.status,
      headers: response.headers as HttpResponse['headers'],
      data: parseBody(typeof response.data === 'string' ? response.data : ''),
    };
  }

  return {
    request,
    close() {
      agents.destroy();
    },
  };
}
