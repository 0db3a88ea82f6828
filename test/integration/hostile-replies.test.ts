/**
 * A hostile Zoom (a stub server on 127.0.0.1): a GET whose authentication profile id is "__proto__", a 400 that
 * echoes the PATCH body (the passcode) and the Authorization header, a token endpoint whose refusal echoes the
 * Basic credentials. The built CLI, at LOG_LEVEL=trace, must send no key nobody asked for, and print or store no
 * secret: not on stdout or stderr, not in the journal or the plans it spills.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace, runCli, type CliResult } from '../helpers/cli.js';

const USER = 'alice@example.com';
const CLIENT_ID = 'hostile-client';
const CLIENT_SECRET = `cs-${randomBytes(12).toString('hex')}`;
const PASSCODE = `Pq${randomBytes(5).toString('hex')}`;
const BASIC = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');

interface Received {
  method: string;
  option: string | null;
  body: unknown;
}

interface Hostile {
  apiUrl: string;
  tokenUrl: string;
  received: Received[];
  tokens: string[];
  stop(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** A Zoom that lies: profile id "__proto__"; with `echo`, a 400 that repeats what it was sent. */
async function startHostileZoom(options: { echo: boolean }): Promise<Hostile> {
  const received: Received[] = [];
  const tokens: string[] = [];
  // The profile the desired state names ("Signed-in") has the id "__proto__"; another is visible.
  const profiles = [
    { id: '__proto__', name: 'Signed-in', visible: false, default_option: false },
    { id: 'other', name: 'Other', visible: true, default_option: true },
  ];
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const text = await bodyOf(req);
      const auth = req.headers.authorization ?? '';
      if (url.pathname === '/oauth/token') {
        if (auth !== `Basic ${BASIC}`) {
          const decoded = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString('utf8');
          return json(res, 401, { error: 'invalid_client', reason: `Invalid client credentials: ${auth} (${decoded})` });
        }
        const token = `eyJhbGciOiJIUzI1NiJ9.${randomBytes(24).toString('base64url')}.${randomBytes(16).toString('base64url')}`;
        tokens.push(token);
        return json(res, 200, { access_token: token, token_type: 'bearer', expires_in: 3600 });
      }
      const option = url.searchParams.get('option');
      if (url.pathname !== `/v2/users/${encodeURIComponent(USER)}/settings`) return json(res, 404, { code: 1001, message: 'User does not exist.' });
      if (req.method === 'GET') {
        if (option === 'meeting_authentication') return json(res, 200, { meeting_authentication: true, authentication_options: profiles });
        return json(res, 200, { schedule_meeting: { pmi_password: '11112222' }, in_meeting: { chat: true } });
      }
      const body = JSON.parse(text) as Record<string, unknown>;
      received.push({ method: req.method ?? '', option, body });
      if (options.echo) {
        // What real servers have done: the field error quotes the value, the message the whole request.
        const value = (body.schedule_meeting as { pmi_password?: string } | undefined)?.pmi_password ?? '';
        return json(res, 400, {
          code: 300,
          message: `Validation Failed for ${text} sent with Authorization: ${auth}\u001b[2J`,
          errors: [{ field: 'schedule_meeting.pmi_password', message: `Invalid value "${value}" (credentials ${BASIC})` }],
        });
      }
      const action = body.authentication_option as { action?: string; id?: string } | undefined;
      const profile = profiles.find((p) => p.id === action?.id);
      if (profile && action?.action === 'show') profile.visible = true;
      if (profile && action?.action === 'hide') profile.visible = false;
      res.writeHead(204).end();
    })().catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/v2`,
    tokenUrl: `http://127.0.0.1:${port}/oauth/token`,
    received,
    tokens,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let zoom: Hostile | undefined;
afterEach(async () => {
  await zoom?.stop();
  zoom = undefined;
});

function desiredState(): { work: string; dir: string } {
  const work = mkdtempSync(join(tmpdir(), 'hostile-'));
  const dir = join(work, 'desired-state');
  mkdirSync(join(dir, 'users'), { recursive: true });
  writeFileSync(
    join(dir, 'users', 'a.yaml'),
    `${USER}:\n  settings:\n    schedule_meeting:\n      pmi_password: { env: HOSTILE_PMI }\n    meeting_authentication:\n      profiles:\n        Signed-in:\n          visible: true\n`,
  );
  return { work, dir };
}

function env(z: Hostile, secret = CLIENT_SECRET): NodeJS.ProcessEnv {
  return {
    ZOOM_ACCOUNT_ID: 'hostile-account',
    ZOOM_CLIENT_ID: CLIENT_ID,
    ZOOM_CLIENT_SECRET: secret,
    ZOOM_OAUTH_TOKEN_URL: z.tokenUrl,
    ZOOM_API_BASE_URL: z.apiUrl,
    ZOOM_MAX_ATTEMPTS: '1',
    HOSTILE_PMI: PASSCODE,
    LOG_LEVEL: 'trace',
  };
}

const GUARDS_OFF = ['--max-changed-percent', '100', '--max-changed-users', '100'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Every secret of the run found in the CLI's output or in the files it wrote (the desired state aside). */
function leaks(results: CliResult[], work: string, extra: string[] = []): string[] {
  const secrets = [CLIENT_SECRET, BASIC, PASSCODE, ...zoom!.tokens, ...extra];
  const written = files(work).filter((path) => !path.includes('desired-state')).map((path) => ({ what: path, text: readFileSync(path, 'utf8') }));
  const outputs = results.flatMap((r, i) => [
    { what: `run ${i + 1} stdout`, text: r.stdout },
    { what: `run ${i + 1} stderr`, text: r.stderr },
  ]);
  return [...outputs, ...written].flatMap(({ what, text }) => secrets.filter((secret) => text.includes(secret)).map((secret) => `${what}: ${secret.slice(0, 6)}…`));
}

describe('a hostile Zoom', () => {
  it('a profile id "__proto__": plan and apply send the one show asked for, no hide, no other key', async () => {
    zoom = await startHostileZoom({ echo: false });
    const { work, dir } = desiredState();
    const planned = await runCli(['plan', '--dir', dir, '--format', 'json'], { env: env(zoom) });
    expect(planned.code).toBe(0);
    const plan = JSON.parse(planned.stdout) as { users: Array<{ requests: Array<{ option: string | null; body: unknown }> }> };
    expect(plan.users[0]!.requests.filter((r) => r.option === 'meeting_authentication').map((r) => r.body)).toEqual([{ authentication_option: { action: 'show', id: '__proto__' } }]);

    const applied = await runCli(['apply', '--auto-approve', '--dir', dir, '--journal', join(work, 'journal.jsonl'), ...GUARDS_OFF], { env: env(zoom) });
    expect(hasStackTrace(applied.stderr)).toBe(false);
    expect(applied.code).toBe(0);
    const auth = zoom.received.filter((r) => r.option === 'meeting_authentication').map((r) => r.body);
    expect(auth).toEqual([{ authentication_option: { action: 'show', id: '__proto__' } }]);
    expect(zoom.received.filter((r) => r.option === null).map((r) => r.body)).toEqual([{ schedule_meeting: { pmi_password: PASSCODE } }]);
    expect(leaks([planned, applied], work)).toEqual([]);
  });

  it('a 400 that echoes the body and the Authorization header: the user fails, and no secret is printed or stored', async () => {
    zoom = await startHostileZoom({ echo: true });
    const { work, dir } = desiredState();
    const journal = join(work, 'journal.jsonl');
    const applied = await runCli(['apply', '--auto-approve', '--dir', dir, '--journal', journal, ...GUARDS_OFF], { env: env(zoom) });
    const json = await runCli(['apply', '--auto-approve', '--dir', dir, '--journal', journal, '--format', 'json', ...GUARDS_OFF], { env: env(zoom) });
    for (const result of [applied, json]) {
      expect(result.code).toBe(1);
      expect(hasStackTrace(result.stderr)).toBe(false);
    }
    // The echo was sent to us: the secrets are really in what the server said.
    expect(zoom.received.length).toBe(2);
    expect(applied.stdout).toMatch(/failed:\n {2}alice@example\.com: PATCH .* failed: HTTP 400, Zoom code 300 validation failed \(schedule_meeting\.pmi_password: Invalid value "\[redacted\]"/);
    expect(applied.stdout).not.toContain('\u001b');
    expect(readFileSync(journal, 'utf8')).toContain('[redacted]');
    expect(leaks([applied, json], work)).toEqual([]);
  });

  it('a token endpoint whose refusal echoes the Basic credentials: the error names the variables, never their values', async () => {
    zoom = await startHostileZoom({ echo: false });
    const { work, dir } = desiredState();
    const wrong = `wrong-${randomBytes(10).toString('hex')}`;
    const result = await runCli(['plan', '--dir', dir], { env: env(zoom, wrong) });
    expect(result.code).toBe(1);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(result.stderr).toContain('check ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET');
    expect(result.stderr).toContain('Basic [redacted]');
    const wrongBasic = Buffer.from(`${CLIENT_ID}:${wrong}`).toString('base64');
    expect(leaks([result], work, [wrong, wrongBasic])).toEqual([]);
  });
});
