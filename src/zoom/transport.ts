/**
 * The client's HTTP seam: what the Zoom client needs from HTTP (one request, every status an answer, bounded in time
 * and size), so the implementation stays one module (http-transport.ts, on axios) and another can stand in.
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

/** The code of a request whose decoded answer passed the size cap: not retried (the same request gets the same answer). */
export const RESPONSE_TOO_LARGE = 'ERESPONSETOOLARGE';

/**
 * A request that got no (complete) answer. `code` is node's (ECONNREFUSED, ECONNRESET, …), ETIMEDOUT for the
 * deadline, RESPONSE_TOO_LARGE for the size cap, EDECODE for a body its Content-Encoding does not describe.
 */
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

/** Far above any settings reply (a full settings GET is a few KB, a 2,000-user page well under 1 MB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

export interface HttpTransportOptions {
  /** The whole request, from sending to the last body byte, must finish within this (ZOOM_TIMEOUT_MS). */
  deadlineMs: number;
  /** The most body bytes AFTER decompression; a larger answer fails the request with RESPONSE_TOO_LARGE. */
  maxResponseBytes: number;
  maxSockets: number;
  userAgent: string;
}
