/**
 * `zoom-settings watch` as a user runs it: the built CLI as a child process, a simulator as Zoom's API, and the test
 * as Zoom's webhook sender (signing with node:crypto from Zoom's documentation, test/helpers/zoom-webhook.ts).
 * The story per test: a portal change in the simulator (its admin API), then the event Zoom would send about it.
 * No wall-clock assertion: the tests wait for report lines with a generous deadline.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { requestStory, simulatorFor, type SimEnv } from '../helpers/sim-env.js';
import { postSigned, send, settingsEvent, sign, startWatchChild, type WatchChild } from '../helpers/zoom-webhook.js';


// Each test starts one or two CLI processes and waits for reports with a 30 s deadline of its own: under a loaded
// full suite the whole story can take longer than jest's default per test.
jest.setTimeout(120_000);
const SECRET = 'whsec-test-token-8c1f2a';
const CAROL = 'carol@example.com';

let s: SimEnv;
let work: string;
let watches: WatchChild[] = [];
let carolId: string;

beforeEach(async () => {
  s = await simulatorFor('desired-state', {}, { ZOOM_EXEC_PMI_PASSCODE: '31415926' });
  work = mkdtempSync(join(tmpdir(), 'watch-'));
  carolId = s.sim.user(CAROL)!.id;
});
afterEach(async () => {
  for (const w of watches) w.child.kill('SIGKILL');
  await Promise.all(watches.map((w) => w.exit()));
  watches = [];
  await s.stop();
});

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...s.env, ZOOM_WEBHOOK_SECRET_TOKEN: SECRET, ...extra };
}

async function watch(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<WatchChild> {
  const w = await startWatchChild(['--queue', join(work, 'queue.jsonl'), '--journal', join(work, 'journal.jsonl'), '--format', 'json', '--debounce-ms', '50', ...args], env(extra));
  watches.push(w);
  return w;
}

/** "In the Zoom portal": through the simulator's admin API, as another process would. */
async function portalSetsChat(value: boolean): Promise<void> {
  const answer = await send(`${s.sim.baseUrl}/_sim/set`, JSON.stringify({ user: CAROL, variant: 'default', path: ['in_meeting', 'chat'], value }), {});
  expect(answer.status).toBe(204);
}

const chatNow = (): unknown => (s.sim.user(CAROL)!.settings.default.in_meeting as Record<string, unknown>).chat;

/** Waits until every accepted event is done (the queue depth /healthz reports). */
async function drained(w: WatchChild): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((JSON.parse((await send(`${w.base}/healthz`, '', {}, 'GET')).body) as { queue_depth: number }).queue_depth > 0) {
    if (Date.now() > deadline) throw new Error('the queue never drained');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function stopGracefully(w: WatchChild): Promise<{ code: number | null }> {
  w.child.kill('SIGTERM');
  const exit = await w.exit();
  watches = watches.filter((x) => x !== w);
  return exit;
}

describe('watch: drift from events', () => {
  it('reports one drift naming the operator, old → new and the desired file:line; a redelivery is not processed again; the report also goes to the notify webhook', async () => {
    const received: string[] = [];
    const hook: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push(body);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    const notifyUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/services/T000/B000/notify-secret-xyz`;
    try {
      const w = await watch(['--dir', 'desired-state'], { ZOOM_SETTINGS_NOTIFY_URL: notifyUrl });
      await portalSetsChat(false);
      s.sim.clearLog();
      const event = settingsEvent(carolId, ['in_meeting', 'chat'], true, false, 1_780_000_000_000);
      const first = await postSigned(w.url, SECRET, event);
      expect(first.status).toBe(200);
      const report = await w.waitFor('the drift report', () => w.reports()[0]);
      expect(report).toMatchObject({
        type: 'drift',
        target: { kind: 'user', id: carolId, key: CAROL },
        event: 'user.settings_updated',
        operator: 'portal-admin@example.com',
        operator_id: 'op-4711',
        settings: [{ setting: 'in_meeting.chat', old: true, new: false, live: false, desired: true, state: 'drift' }],
      });
      expect((report.settings as Array<{ desired_at: string }>)[0]!.desired_at).toMatch(/^desired-state\/defaults\.yaml:6:\d+$/);
      // Zoom retries a delivery it thinks failed: same body, new timestamp.
      const again = await postSigned(w.url, SECRET, event);
      expect(JSON.parse(again.body)).toEqual({ status: 'duplicate' });
      await w.waitFor('the notification', () => (received.length > 0 ? true : undefined));
      const text = (JSON.parse(received[0]!) as { text: string }).text;
      expect(text).toContain('portal-admin@example.com');
      expect(text).toContain('in_meeting.chat: true → false');
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('notify-secret-xyz');
      await drained(w);
      const metrics = await send(`${w.base}/metrics`, '', {}, 'GET');
      expect(metrics.body).toMatch(/^zoom_settings_watch_drift_found_total 1$/m);
      expect(metrics.body).toMatch(/^zoom_settings_watch_events_duplicate_total 1$/m);
      expect(metrics.body).toMatch(/^zoom_settings_watch_queue_depth 0$/m);
      // Without --fix nothing is written; only carol was read, once.
      expect(requestStory(s.sim)).toEqual([`GET ${CAROL} default 200`]);
      expect(w.reports()).toHaveLength(1);
      expect(w.stdout() + w.stderr()).not.toContain(SECRET);
    } finally {
      await new Promise((r) => hook.close(r));
    }
  });

  it('--fix puts the value back and verifies it: one GET, one PATCH and the verifying GET, for that user only', async () => {
    const w = await watch(['--dir', 'desired-state', '--fix']);
    await portalSetsChat(false);
    s.sim.clearLog();
    expect((await postSigned(w.url, SECRET, settingsEvent(carolId, ['in_meeting', 'chat'], true, false, 1_780_000_100_000))).status).toBe(200);
    const report = await w.waitFor('the fix report', () => w.reports()[0]);
    expect(report).toMatchObject({ type: 'drift', operator: 'portal-admin@example.com', settings: [{ setting: 'in_meeting.chat', old: true, new: false, state: 'fixed' }], fix: { result: 'applied' } });
    expect(chatNow()).toBe(true);
    expect(requestStory(s.sim)).toEqual([`GET ${CAROL} default 200`, `PATCH ${CAROL} default 204`, `GET ${CAROL} default 200`]);
    const journaled = readFileSync(join(work, 'journal.jsonl'), 'utf8').split('\n').filter((line) => line.includes('"type":"user"'));
    expect(journaled).toHaveLength(1);
    expect(journaled[0]).toContain(`"user":"${CAROL}"`);
    expect(journaled[0]).toContain('"result":"applied"');
    // Zoom echoes the correction as another event: re-read, nothing to fix, no report, no empty run in the journal.
    expect((await postSigned(w.url, SECRET, settingsEvent(carolId, ['in_meeting', 'chat'], false, true, 1_780_000_110_000, 'app@example.com'))).status).toBe(200);
    await w.waitFor("the echo's re-read", () => (requestStory(s.sim).length === 4 ? true : undefined));
    await drained(w);
    expect(requestStory(s.sim)[3]).toBe(`GET ${CAROL} default 200`);
    const runs = readFileSync(join(work, 'journal.jsonl'), 'utf8').split('\n').filter((line) => line.includes('"type":"run"'));
    expect(runs).toHaveLength(1);
    expect(readdirSync(join(work, 'plans'))).toHaveLength(1);
    expect(w.reports()).toHaveLength(1);
    expect(await stopGracefully(w)).toEqual({ code: 0, signal: null });
  });

  it('--fix while another run holds the journal: reported, kept queued, and fixed once the journal is free', async () => {
    const lock = join(work, 'journal.jsonl.lock');
    // A live run of this host (the test process itself) holds the journal, as a nightly drift --fix would.
    writeFileSync(lock, `${JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), command: 'drift' })}\n`);
    const w = await watch(['--dir', 'desired-state', '--fix']);
    await portalSetsChat(false);
    s.sim.clearLog();
    await postSigned(w.url, SECRET, settingsEvent(carolId, ['in_meeting', 'chat'], true, false, 1_780_000_150_000));
    const busy = await w.waitFor('the busy report', () => w.reports()[0]);
    expect(busy).toMatchObject({ type: 'error', retrying: true });
    expect(String(busy.error)).toContain('another zoom-settings run holds the lock');
    expect(requestStory(s.sim, ['PATCH'])).toEqual([]);
    rmSync(lock);
    const fixed = await w.waitFor('the retried fix', () => w.reports().find((r) => r.type === 'drift'));
    expect(fixed).toMatchObject({ settings: [{ setting: 'in_meeting.chat', state: 'fixed' }] });
    expect(chatNow()).toBe(true);
  });
});

describe('watch: the checkout', () => {
  it('a change to the desired state (a git pull) is what the next event is compared with, without a restart', async () => {
    const dir = join(work, 'desired-state');
    cpSync('desired-state', dir, { recursive: true });
    const w = await watch(['--dir', dir]);
    await portalSetsChat(false);
    await postSigned(w.url, SECRET, settingsEvent(carolId, ['in_meeting', 'chat'], true, false, 1_780_000_700_000));
    expect(await w.waitFor('the first report', () => w.reports()[0])).toMatchObject({ settings: [{ setting: 'in_meeting.chat', desired: true, state: 'drift' }] });
    const defaults = join(dir, 'defaults.yaml');
    writeFileSync(defaults, readFileSync(defaults, 'utf8').replace('chat: true', 'chat: false'));
    await portalSetsChat(true);
    await postSigned(w.url, SECRET, settingsEvent(carolId, ['in_meeting', 'chat'], false, true, 1_780_000_800_000));
    expect(await w.waitFor('the second report', () => w.reports()[1])).toMatchObject({ settings: [{ setting: 'in_meeting.chat', old: false, new: true, live: true, desired: false }] });
  });
});

describe('watch: what it refuses', () => {
  it('401 for a bad signature or a stale timestamp, 413 for an oversized body, 400 for bad JSON, 404/405 for path and method: and no request to Zoom', async () => {
    const w = await watch(['--dir', 'desired-state', '--max-body', '4096']);
    s.sim.clearLog();
    const body = JSON.stringify(settingsEvent(carolId, ['in_meeting', 'chat'], true, false, 1_780_000_200_000));
    const now = String(Math.floor(Date.now() / 1000));
    const badSignature = await send(w.url, body, { 'x-zm-request-timestamp': now, 'x-zm-signature': sign('another-secret', now, body) });
    const unsigned = await send(w.url, body, {});
    const stale = String(Math.floor(Date.now() / 1000) - 6 * 60);
    const staleAnswer = await send(w.url, body, { 'x-zm-request-timestamp': stale, 'x-zm-signature': sign(SECRET, stale, body) });
    const big = JSON.stringify({ event: 'user.settings_updated', padding: 'x'.repeat(10_000) });
    const oversized = await send(w.url, big, { 'x-zm-request-timestamp': now, 'x-zm-signature': sign(SECRET, now, big) });
    const notJson = await send(w.url, '{"event":', { 'x-zm-request-timestamp': now, 'x-zm-signature': sign(SECRET, now, '{"event":') });
    const wrongMethod = await send(w.url, '', {}, 'GET');
    const wrongPath = await send(`${w.base}/elsewhere`, body, { 'x-zm-request-timestamp': now, 'x-zm-signature': sign(SECRET, now, body) });
    expect([badSignature.status, unsigned.status, staleAnswer.status, oversized.status, notJson.status, wrongMethod.status, wrongPath.status]).toEqual([401, 401, 401, 413, 400, 405, 404]);
    const metrics = (await send(`${w.base}/metrics`, '', {}, 'GET')).body;
    expect(metrics).toMatch(/^zoom_settings_watch_signatures_rejected_total 3$/m);
    expect(metrics).toMatch(/^zoom_settings_watch_requests_rejected_total 4$/m);
    expect(JSON.parse((await send(`${w.base}/healthz`, '', {}, 'GET')).body)).toEqual({ status: 'ok', queue_depth: 0 });
    expect(s.sim.requestLog).toEqual([]);
    expect(w.reports()).toEqual([]);
  });

  it("answers endpoint.url_validation as Zoom's algorithm says", async () => {
    const w = await watch(['--dir', 'desired-state']);
    const plainToken = 'qgg8vlvZRS6UYooatFL8Aw';
    const answer = await postSigned(w.url, SECRET, { event: 'endpoint.url_validation', event_ts: 1_780_000_300_000, payload: { plainToken } });
    expect(answer.status).toBe(200);
    // Computed here, independently: hex HMAC-SHA256 of the plain token with the secret token.
    expect(JSON.parse(answer.body)).toEqual({ plainToken, encryptedToken: createHmac('sha256', SECRET).update(plainToken).digest('hex') });
  });

  it('starts on a fresh checkout: the queue directory (.zoom-settings/) is made before its lock is taken', async () => {
    const queue = join(work, 'fresh-checkout', '.zoom-settings', 'watch-queue.jsonl');
    const w = await startWatchChild(['--queue', queue, '--journal', join(work, 'journal.jsonl'), '--dir', 'desired-state'], env());
    watches.push(w);
    expect((await send(`${w.base}/healthz`, '', {}, 'GET')).status).toBe(200);
  });

  it('refuses a queue inside the desired state, and an existing file that is not a queue, before listening', async () => {
    const inside = await runCli(['watch', '--port', '0', '--dir', 'desired-state', '--queue', 'desired-state/queue.jsonl'], { env: env() });
    expect(inside.code).toBe(1);
    expect(inside.stderr).toContain('refusing the queue desired-state/queue.jsonl: it lies inside the desired-state directory');
    const other = join(work, 'notes.txt');
    writeFileSync(other, 'my notes\n');
    const notQueue = await runCli(['watch', '--port', '0', '--dir', 'desired-state', '--queue', other], { env: env() });
    expect(notQueue.code).toBe(1);
    expect(notQueue.stderr).toContain('is not a zoom-settings watch queue');
    expect(readFileSync(other, 'utf8')).toBe('my notes\n');
    const noSecret = await runCli(['watch', '--port', '0', '--dir', 'desired-state'], { env: s.env });
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toContain('ZOOM_WEBHOOK_SECRET_TOKEN is not set');
  });
});

describe('watch: durable queue', () => {
  it('an event answered 200 before a SIGKILL is processed after the restart', async () => {
    // A long quiet time: the event is accepted and queued, and the process is killed before it is processed.
    const first = await watch(['--dir', 'desired-state', '--debounce-ms', '600000']);
    await portalSetsChat(false);
    s.sim.clearLog();
    expect((await postSigned(first.url, SECRET, settingsEvent(carolId, ['in_meeting', 'chat'], true, false, 1_780_000_400_000))).status).toBe(200);
    first.child.kill('SIGKILL');
    expect((await first.exit()).signal).toBe('SIGKILL');
    expect(first.reports()).toEqual([]);
    expect(s.sim.requestLog.filter((r) => r.user !== null)).toEqual([]);
    const second = await watch(['--dir', 'desired-state']);
    expect(second.stderr()).toContain('1 queued events to resume');
    const report = await second.waitFor('the resumed report', () => second.reports()[0]);
    expect(report).toMatchObject({ type: 'drift', operator: 'portal-admin@example.com', settings: [{ setting: 'in_meeting.chat', state: 'drift' }] });
  });
});

describe('watch: stopping', () => {
  it('SIGTERM while an event waits for quiet: exit 0, the event stays queued and the next start reports it (text format)', async () => {
    const first = await watch(['--dir', 'desired-state', '--debounce-ms', '600000']);
    await portalSetsChat(false);
    expect((await postSigned(first.url, SECRET, settingsEvent(carolId, ['in_meeting', 'chat'], true, false, 1_780_000_450_000))).status).toBe(200);
    expect(await stopGracefully(first)).toEqual({ code: 0, signal: null });
    expect(first.stderr()).toContain('watch: stopped');
    const second = await watch(['--dir', 'desired-state', '--format', 'text']);
    const text = await second.waitFor('the text report', () => (second.stdout().includes('in_meeting.chat') ? second.stdout() : undefined));
    expect(text).toContain(`drift on user ${CAROL} (id ${carolId}) by portal-admin@example.com (operator id op-4711) at `);
    expect(text).toMatch(/in_meeting\.chat: true → false by portal-admin@example\.com; desired true at desired-state\/defaults\.yaml:6:\d+/);
  });
});

describe('acknowledged drift', () => {
  function desiredWithAck(expires: string): string {
    const dir = join(work, 'desired-state');
    cpSync('desired-state', dir, { recursive: true });
    mkdirSync(join(dir, 'drift-acks'), { recursive: true });
    writeFileSync(
      join(dir, 'drift-acks', 'incident-4711.yaml'),
      `target:\n  user: ${CAROL}\nsettings: [in_meeting.chat]\nowner: jane@example.com\nreason: chat is the bridge during incident 4711\nexpires: ${expires}\n`,
    );
    return dir;
  }

  it('watch --fix reports it and leaves it until it expires; after expires (another today) it is fixed', async () => {
    const dir = desiredWithAck('2026-12-31');
    const before = await watch(['--dir', dir, '--fix'], { ZOOM_SETTINGS_TODAY: '2026-12-31' });
    await portalSetsChat(false);
    s.sim.clearLog();
    await postSigned(before.url, SECRET, settingsEvent(carolId, ['in_meeting', 'chat'], true, false, 1_780_000_500_000));
    const acknowledged = await before.waitFor('the acknowledged report', () => before.reports()[0]);
    expect(acknowledged).toMatchObject({
      type: 'drift',
      settings: [{ setting: 'in_meeting.chat', state: 'acknowledged', ack: { owner: 'jane@example.com', expires: '2026-12-31', source: `${dir}/drift-acks/incident-4711.yaml:1:1` } }],
    });
    expect(acknowledged.fix).toBeUndefined();
    expect(chatNow()).toBe(false);
    expect(requestStory(s.sim, ['PATCH'])).toEqual([]);
    expect(await stopGracefully(before)).toEqual({ code: 0, signal: null });

    const after = await watch(['--dir', dir, '--fix'], { ZOOM_SETTINGS_TODAY: '2027-01-01' });
    await postSigned(after.url, SECRET, settingsEvent(carolId, ['in_meeting', 'chat'], true, false, 1_780_000_600_000));
    const fixed = await after.waitFor('the fix after expiry', () => after.reports()[0]);
    expect(fixed).toMatchObject({ settings: [{ setting: 'in_meeting.chat', state: 'fixed' }], fix: { result: 'applied' } });
    expect(String(fixed.note)).toContain('the acknowledgement by jane@example.com expired on 2026-12-31');
    expect(chatNow()).toBe(true);
  });

  it('the nightly drift honours it: reported, not counted by --detailed-exitcode, not fixed by --fix; counted again once expired', async () => {
    const dir = desiredWithAck('2026-12-31');
    await portalSetsChat(false);
    const report = await runCli(['drift', '--dir', dir, '--detailed-exitcode'], { env: env({ ZOOM_SETTINGS_TODAY: '2026-12-01' }) });
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('Acknowledged drift (reported, not corrected until it expires):');
    expect(report.stdout).toContain(`${CAROL} in_meeting.chat: false (desired true at ${dir}/defaults.yaml:6:`);
    expect(report.stdout).toContain('acknowledged by jane@example.com until 2026-12-31: chat is the bridge during incident 4711');
    const markdown = await runCli(['drift', '--dir', dir, '--format', 'markdown'], { env: env({ ZOOM_SETTINGS_TODAY: '2026-12-01' }) });
    expect(markdown.stdout).toContain('### Acknowledged drift (drift-acks/: reported, not corrected until it expires)');
    expect(markdown.stdout).toContain('acknowledged by jane@example.com until 2026-12-31');
    s.sim.clearLog();
    const fix = await runCli(['drift', '--dir', dir, '--fix', '--auto-approve', '--journal', join(work, 'nightly.jsonl')], { env: env({ ZOOM_SETTINGS_TODAY: '2026-12-01' }) });
    expect(fix.code).toBe(0);
    expect(requestStory(s.sim, ['PATCH'])).toEqual([]);
    expect(chatNow()).toBe(false);
    const expired = await runCli(['drift', '--dir', dir, '--detailed-exitcode'], { env: env({ ZOOM_SETTINGS_TODAY: '2027-01-01' }) });
    expect(expired.code).toBe(2);
    expect(expired.stdout).toContain('in_meeting.chat: false → true');
  });

  it('an acknowledgement with mistakes is refused with file:line:column, before anything is read', async () => {
    const dir = join(work, 'desired-state');
    cpSync('desired-state', dir, { recursive: true });
    mkdirSync(join(dir, 'drift-acks'));
    writeFileSync(join(dir, 'drift-acks', 'bad.yaml'), 'target:\n  user: carol@example.com\nsettings: [in_meeting.chatt]\nowner: jane@example.com\nreason: x\nexpires: 2026-02-30\n');
    const result = await runCli(['drift', '--dir', dir], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${dir}/drift-acks/bad.yaml:3:12`);
    expect(result.stderr).toContain("not a setting in Zoom's user settings schema");
    expect(result.stderr).toContain(`${dir}/drift-acks/bad.yaml:6:10`);
    expect(result.stderr).toContain('expected a date written YYYY-MM-DD');
    expect(s.sim.requestLog).toEqual([]);
  });
});
