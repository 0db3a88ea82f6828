/**
 * A tiny proxy in front of the simulator's OAuth token endpoint that remembers every access token it hands out.
 * The simulator does not expose the tokens it issues; pointing ZOOM_OAUTH_TOKEN_URL here lets a test search the
 * CLI's output for each of them. With `echoRefusals`, a refusal repeats the Basic credentials it was sent (the
 * header and its decoded client_id:client_secret), as a careless token endpoint might.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenProxy {
  url: string;
  tokens: string[];
  stop(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startTokenProxy(tokenUrl: string, options: { echoRefusals?: boolean } = {}): Promise<TokenProxy> {
  const tokens: string[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const target = new URL(req.url ?? '/', tokenUrl);
      const upstream = new URL(tokenUrl);
      upstream.search = target.search;
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type']) if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
      const text = await body(req);
      const answer = await fetch(upstream, { method: req.method ?? 'POST', headers, ...(text ? { body: text } : {}) });
      let payload = await answer.text();
      if (options.echoRefusals && !answer.ok) {
        const auth = headers.authorization ?? '';
        const decoded = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString('utf8');
        payload = JSON.stringify({ error: 'invalid_client', reason: `Invalid client: ${auth} (${decoded})`, error_description: `client_secret=${decoded.split(':')[1] ?? ''}` });
      }
      try {
        const token = (JSON.parse(payload) as { access_token?: unknown }).access_token;
        if (typeof token === 'string') tokens.push(token);
      } catch {
        // not JSON: passed on as it is
      }
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(payload);
    })().catch((error: unknown) => res.writeHead(502).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/oauth/token`,
    tokens,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
