/**
 * A proxy in front of the simulator's API that, for the users it is told to, answers a PATCH with a 400 that
 * repeats what it was sent: the body (with the passcodes) in the message and a field error, and the Authorization
 * header, as real servers' validation errors have done. Everything else passes through unchanged.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EchoProxy {
  /** The API base URL to give the CLI (ZOOM_API_BASE_URL). */
  url: string;
  /** Users whose PATCHes are echoed back (by the {userId} as sent). */
  echoUsers: Set<string>;
  /** PATCHes echoed so far. */
  echoed: number;
  stop(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startEchoProxy(apiBaseUrl: string): Promise<EchoProxy> {
  const upstreamBase = apiBaseUrl.replace(/\/+$/, '');
  const proxy: EchoProxy = { url: '', echoUsers: new Set(), echoed: 0, stop: async () => undefined };
  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').replace(/^\/v2/, '');
      const text = await body(req);
      const user = /^\/users\/([^/?]+)\/settings/.exec(path)?.[1];
      const auth = req.headers.authorization ?? '';
      if (req.method === 'PATCH' && user !== undefined && proxy.echoUsers.has(decodeURIComponent(user))) {
        proxy.echoed += 1;
        const fields = Object.entries(JSON.parse(text) as Record<string, Record<string, unknown>>).flatMap(([section, values]) =>
          Object.entries(values ?? {}).map(([name, value]) => ({ field: `${section}.${name}`, message: `Invalid value: ${JSON.stringify(value)}` })),
        );
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 300, message: `Validation Failed: ${text} (Authorization: ${auth})`, errors: fields }));
        return;
      }
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type']) if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
      const answer = await fetch(`${upstreamBase}${path}`, { method: req.method ?? 'GET', headers, ...(text ? { body: text } : {}) });
      const out: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (name !== 'content-length' && name !== 'transfer-encoding' && name !== 'connection' && name !== 'content-encoding') out[name] = value;
      });
      res.writeHead(answer.status, out).end(Buffer.from(await answer.arrayBuffer()));
    })().catch((error: unknown) => res.writeHead(502).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  proxy.url = `http://127.0.0.1:${port}/v2`;
  proxy.stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
