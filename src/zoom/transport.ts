/**
 * The client's HTTP seam: what the Zoom client needs from HTTP (one request, every status an answer), so the
 * implementation stays one module (http-transport.ts) and another can stand in.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH';
  /** Absolute http(s) URL, with the query. */
  url: string;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names, as node gives them. */
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; a body that is not JSON as text; '' when there is none. */
  data: unknown;
}

/** A request that got no (complete) answer. `code` is node's (ECONNREFUSED, ECONNRESET, …) or ETIMEDOUT for our timeout. */
export class HttpTransportError extends Error {
  override name = 'HttpTransportError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export interface HttpTransport {
  request(request: HttpRequest): Promise<HttpResponse>;
  /** Destroys the keep-alive sockets. */
  close(): void;
}

export interface HttpTransportOptions {
  /** Abort when the socket is idle this long (no answer, or an answer that stalls). */
  timeoutMs: number;
  maxSockets: number;
  userAgent: string;
}
