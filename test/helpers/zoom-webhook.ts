/**
 * Zoom's side of a webhook, written from Zoom's documentation (zoom-api-facts.md §9.11) with node:crypto alone, so
 * the tests check the watch against the algorithm and not against its own code: signed POSTs, URL validation, and
 * a running `zoom-settings watch` child process whose report lines the test can wait for.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { CLI } from './cli.js';

export function sign(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface Answer {
  status: number;
  body: string;
}

/** A raw POST (or other method) with the given headers. */
export function send(url: string, body: string | Buffer, headers: Record<string, string>, method = 'POST'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    // A server that refuses early may close the connection while the body is still going out.
    req.on('error', reject);
    req.end(body);
  });
}

/** Posts an event as Zoom does: timestamp in seconds, signature over "v0:{timestamp}:{body}". */
export function postSigned(url: string, secret: string, event: unknown, nowMs = Date.now()): Promise<Answer> {
  const body = JSON.stringify(event);
  const timestamp = String(Math.floor(nowMs / 1000));
  return send(url, body, { 'x-zm-request-timestamp': timestamp, 'x-zm-signature': sign(secret, timestamp, body) });
}

export function settingsEvent(userId: string, path: [string, string], from: unknown, to: unknown, eventTs: number, operator = 'portal-admin@example.com'): unknown {
  const [section, field] = path;
  return {
    event: 'user.settings_updated',
    event_ts: eventTs,
    payload: {
      account_id: 'acct',
      operator,
      operator_id: 'op-4711',
      time_stamp: eventTs,
      object: { id: userId, settings: { [section]: { [field]: to } } },
      old_object: { id: userId, settings: { [section]: { [field]: from } } },
    },
  };
}

export interface WatchChild {
  url: string;
  base: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The JSON report lines so far. */
  reports(): Array<Record<string, unknown>>;
  waitFor<T>(what: string, probe: () => T | undefined, deadlineMs?: number): Promise<T>;
  exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `zoom-settings watch --port 0 …` and resolves once it listens. */
export async function startWatchChild(args: string[], env: NodeJS.ProcessEnv): Promise<WatchChild> {
  const child = spawn(process.execPath, [CLI, 'watch', '--port', '0', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  let gone = false;
  void exited.then(() => (gone = true));
  const waitFor = async <T>(what: string, probe: () => T | undefined, deadlineMs = 30_000): Promise<T> => {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (gone || Date.now() > deadline) throw new Error(`waited in vain for ${what}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const url = await waitFor('watch to listen', () => /listening on (http\S+?)[;\s]/.exec(stderr)?.[1]);
  return {
    url,
    base: new URL(url).origin,
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    reports: () =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    waitFor,
    exit: () => exited,
  };
}
