/**
 * The CPU floor of this machine for the benchmark's traffic: the least a Node client can spend per request on the
 * same GETs (same simulator, rate and latency): keep-alive node:http, the answer read and JSON.parse'd, nothing else.
 *   tsx bench/floor-process.ts --base URL --token-url URL --client-id ID --client-secret S --account-id A
 *                              --rate R --requests M --users N
 * Prints one JSON line: CPU per request, measured over the request loop only (startup and the token excluded).
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import { emailOf, isPending } from './scenario.js';
import { positiveNumber, wholeNumber } from './options.js';

function get(agent: http.Agent, url: URL, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, agent, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
        resolve();
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function token(tokenUrl: string, accountId: string, clientId: string, secret: string): Promise<string> {
  const url = `${tokenUrl}?grant_type=account_credentials&account_id=${encodeURIComponent(accountId)}`;
  const response = await fetch(url, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` } });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token from ${tokenUrl} (HTTP ${response.status})`);
  return body.access_token;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      base: { type: 'string' },
      'token-url': { type: 'string' },
      'account-id': { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      rate: { type: 'string' },
      requests: { type: 'string' },
      users: { type: 'string' },
    },
    strict: true,
  });
  const rate = positiveNumber('--rate', values.rate ?? '');
  const requests = wholeNumber('--requests', values.requests ?? '', 1);
  const users = wholeNumber('--users', values.users ?? '', 1);
  const bearer = await token(values['token-url']!, values['account-id']!, values['client-id']!, values['client-secret']!);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const active = Array.from({ length: users }, (_, i) => i).filter((i) => !isPending(i));
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  let sent = 0;
  const inFlight = new Set<Promise<void>>();
  // Paced like the CLI: released on a grid of 1/R, each request on its own as soon as it is due.
  await new Promise<void>((resolve, reject) => {
    const tick = (): void => {
      const due = Math.min(requests, Math.floor(((Date.now() - started) * rate) / 1000) + 1);
      while (sent < due) {
        const user = emailOf(active[sent % active.length]!);
        sent += 1;
        const call = get(agent, new URL(`${values.base!}/users/${encodeURIComponent(user)}/settings`), bearer);
        inFlight.add(call);
        call.then(() => inFlight.delete(call), reject);
      }
      if (sent < requests) setTimeout(tick, Math.max(1, 1000 / rate));
      else void Promise.all(inFlight).then(() => resolve(), reject);
    };
    tick();
  });
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  process.stdout.write(`${JSON.stringify({ requests, wallMs: Date.now() - started, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / requests })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`floor process: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
