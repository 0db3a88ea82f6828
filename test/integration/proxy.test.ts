/**
 * Behind a corporate proxy (issue 14): `plan`, the built CLI as a child process, reaches an https Zoom through a
 * CONNECT proxy named by HTTPS_PROXY, trusting a private CA from NODE_EXTRA_CA_CERTS; the token request goes the
 * same way. NO_PROXY sends it direct. The "Zoom" is the simulator behind a TLS front on 127.0.0.1 whose certificate
 * is signed by a CA made with openssl for this test.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { requestStory, simulatorFor, type SimEnv } from '../helpers/sim-env.js';

interface Pki {
  dir: string;
  caFile: string;
  key: Buffer;
  cert: Buffer;
}

/** A CA and a server certificate for 127.0.0.1 signed by it. */
function makePki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'zoom-settings-proxy-'));
  const file = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', '1', '-subj', '/CN=zoom-settings test CA');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1');
  writeFileSync(file('san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.crt'), '-days', '1', '-extfile', file('san.ext'));
  return { dir, caFile: file('ca.crt'), key: readFileSync(file('server.key')), cert: readFileSync(file('server.crt')) };
}

/** Every socket a server accepted, so the test can end them all (a tunnel is no longer the server's to close). */
function trackSockets(server: net.Server): Set<net.Socket> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return sockets;
}

/** TLS in front of the (plain http) simulator: every request forwarded as it came, on a connection of its own. */
async function tlsFront(pki: Pki, target: URL): Promise<https.Server> {
  const server = https.createServer({ key: pki.key, cert: pki.cert }, (request, response) => {
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers, agent: false },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const accepted = new Map<net.Server, Set<net.Socket>>();

/** A forward proxy that writes down every tunnel (CONNECT host:port) and every forwarded plain request (its URL). */
async function connectProxy(): Promise<{ server: http.Server; tunnels: string[]; plainRequests: string[] }> {
  const tunnels: string[] = [];
  const plainRequests: string[] = [];
  const server = http.createServer((request, response) => {
    plainRequests.push(`${request.method} ${request.url}`);
    const upstream = http.request(request.url ?? '', { method: request.method, headers: request.headers, agent: false }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push(request.url ?? '');
    const [host, port] = (request.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, tunnels, plainRequests };
}

function portOf(server: net.Server): number {
  return (server.address() as AddressInfo).port;
}

async function close(server: http.Server | https.Server): Promise<void> {
  const closed = new Promise((resolve) => server.close(resolve));
  for (const socket of accepted.get(server) ?? []) socket.destroy();
  await closed;
}

let s: SimEnv;
let pki: Pki;
let front: https.Server;
let proxy: Awaited<ReturnType<typeof connectProxy>>;
let zoomEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  pki = makePki();
  s = await simulatorFor('desired-state', {}, { ZOOM_EXEC_PMI_PASSCODE: '73915542' });
  s.sim.setSetting('alice@example.com', 'default', ['in_meeting', 'waiting_room'], false);
  front = await tlsFront(pki, new URL(s.sim.apiBaseUrl));
  proxy = await connectProxy();
  accepted.set(front, trackSockets(front));
  accepted.set(proxy.server, trackSockets(proxy.server));
  const origin = `https://127.0.0.1:${portOf(front)}`;
  zoomEnv = {
    ...s.env,
    ZOOM_OAUTH_TOKEN_URL: `${origin}${new URL(s.sim.tokenUrl).pathname}`,
    ZOOM_API_BASE_URL: `${origin}${new URL(s.sim.apiBaseUrl).pathname}`,
    NODE_EXTRA_CA_CERTS: pki.caFile,
  };
});

afterAll(async () => {
  await close(proxy.server);
  await close(front);
  await s.stop();
  rmSync(pki.dir, { recursive: true, force: true });
});

function plan(env: NodeJS.ProcessEnv) {
  return runCli(['plan', '--dir', 'desired-state', '--format', 'json'], { env: { ...zoomEnv, ...env } });
}

describe('plan through an HTTPS proxy', () => {
  it('HTTPS_PROXY: the token request and every API request are tunnelled with CONNECT, TLS end to end', async () => {
    proxy.tunnels.length = 0;
    s.sim.clearLog();
    const result = await plan({ HTTPS_PROXY: `http://127.0.0.1:${portOf(proxy.server)}` });
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).summary.byStatus.change).toBe(1);
    // The proxy saw only host:port (the token request included), never a request line.
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels)).toEqual(new Set([`127.0.0.1:${portOf(front)}`]));
    expect(proxy.plainRequests).toEqual([]);
    expect(s.sim.requestLog.some((entry) => entry.user === null && entry.method === 'POST')).toBe(true);
    // Tunnels are kept alive: at most one per request in flight (a user's requests go one after another), not one
    // per request (axios's own tunnelling opened 16 for these 16 requests).
    expect(proxy.tunnels.length).toBeLessThan(s.sim.requestLog.length);
  });

  it('the lower-case https_proxy works the same', async () => {
    proxy.tunnels.length = 0;
    const result = await plan({ https_proxy: `http://127.0.0.1:${portOf(proxy.server)}` });
    expect(result.code).toBe(0);
    expect(proxy.tunnels.length).toBeGreaterThan(0);
  });

  it('NO_PROXY=127.0.0.1 goes direct: the proxy sees nothing and the plan is the same', async () => {
    proxy.tunnels.length = 0;
    s.sim.clearLog();
    const result = await plan({ HTTPS_PROXY: `http://127.0.0.1:${portOf(proxy.server)}`, NO_PROXY: '127.0.0.1' });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).summary.byStatus.change).toBe(1);
    expect(proxy.tunnels).toEqual([]);
    expect(proxy.plainRequests).toEqual([]);
    expect(requestStory(s.sim).length).toBeGreaterThan(0);
  });

  it('HTTP_PROXY: a plain-http Zoom (here the simulator itself) is reached through the proxy as forwarded requests', async () => {
    proxy.tunnels.length = 0;
    proxy.plainRequests.length = 0;
    const result = await runCli(['plan', '--dir', 'desired-state', '--format', 'json'], {
      env: { ...s.env, HTTP_PROXY: `http://127.0.0.1:${portOf(proxy.server)}` },
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).summary.byStatus.change).toBe(1);
    expect(proxy.tunnels).toEqual([]);
    expect(proxy.plainRequests).toContain(`POST ${s.sim.tokenUrl}?grant_type=account_credentials&account_id=${s.sim.credentials.accountId}`);
    expect(proxy.plainRequests).toContain(`GET ${s.sim.apiBaseUrl}/users/alice%40example.com/settings`);
  });

  it('without NODE_EXTRA_CA_CERTS the private CA is not trusted: a clear error, not a stack trace', async () => {
    const result = await plan({ HTTPS_PROXY: `http://127.0.0.1:${portOf(proxy.server)}`, NODE_EXTRA_CA_CERTS: '' });
    expect(result.code).not.toBe(0);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(result.stderr).toMatch(/certificate/i);
  });
});
