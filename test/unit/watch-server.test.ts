/**
 * The watch's HTTP edge in-process (commands/watch/server.ts) with an injected clock: the replay window is judged
 * against that clock, not the machine's; a body streamed without Content-Length is refused as soon as it passes the
 * cap; an accepted event is in the queue file before the 200 arrives.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WatchMetrics } from '../../src/commands/watch/metrics.js';
import { createWebhookServer } from '../../src/commands/watch/server.js';
import type { SettingsEvent } from '../../src/core/watch/events.js';
import { EventQueue } from '../../src/io/event-queue.js';
import { silentLogger } from '../../src/io/logger.js';
import { postSigned, send, settingsEvent } from '../helpers/zoom-webhook.js';

const SECRET = 'unit-secret-token';
const NOW = Date.UTC(2026, 10, 30, 4, 0, 0);
let server: Server | undefined;

afterEach(async () => {
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

async function start(maxBodyBytes = 1024) {
  const dir = mkdtempSync(join(tmpdir(), 'watch-server-'));
  const queue = EventQueue.open(join(dir, 'queue.jsonl'), { desiredDir: join(dir, 'desired'), dedupeWindowMs: 60_000, now: () => NOW, warn: () => undefined });
  const accepted: SettingsEvent[] = [];
  const metrics = new WatchMetrics(() => queue.depth());
  let queuedBefore200 = false;
  server = createWebhookServer({
    secret: SECRET,
    path: '/zoom/webhook',
    maxBodyBytes,
    replayWindowMs: 5 * 60_000,
    now: () => NOW,
    queue,
    metrics,
    logger: silentLogger,
    accepted: (_queued, event) => {
      queuedBefore200 = readFileSync(queue.path, 'utf8').includes('"type":"event"');
      accepted.push(event);
    },
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/zoom/webhook`;
  return { url, accepted, metrics, queuedBefore200: () => queuedBefore200, queueText: () => readFileSync(queue.path, 'utf8') };
}

describe('the webhook server', () => {
  it('judges the timestamp by the injected clock: inside the 5-minute window accepted, just outside refused', async () => {
    const w = await start();
    const event = (ts: number) => settingsEvent('KdYKjnimT4KPd8FFgQt9FQ', ['in_meeting', 'chat'], true, false, ts);
    expect((await postSigned(w.url, SECRET, event(1), NOW - 5 * 60_000 + 1000)).status).toBe(200);
    expect((await postSigned(w.url, SECRET, event(2), NOW + 5 * 60_000 - 1000)).status).toBe(200);
    expect((await postSigned(w.url, SECRET, event(3), NOW - 5 * 60_000 - 1000)).status).toBe(401);
    expect((await postSigned(w.url, SECRET, event(4), NOW + 5 * 60_000 + 1000)).status).toBe(401);
    expect((await postSigned(w.url, 'not-the-secret', event(5), NOW)).status).toBe(401);
    expect(w.accepted.map((e) => e.eventTs)).toEqual([1, 2]);
    expect(w.accepted[0]).toMatchObject({ target: { kind: 'user', id: 'KdYKjnimT4KPd8FFgQt9FQ' }, operator: 'portal-admin@example.com', changes: [{ path: 'in_meeting.chat', old: true, new: false }] });
    expect(w.queuedBefore200()).toBe(true);
    expect(w.metrics.get('signatures_rejected')).toBe(3);
  });

  it('refuses a chunked body (no Content-Length) with 413 once it passes the cap', async () => {
    const w = await start(1024);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(w.url, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      // 600 bytes at a time, and no end: the server must answer without waiting for the whole body.
      req.write('x'.repeat(600));
      req.write('x'.repeat(600));
    });
    expect(status).toBe(413);
    expect(w.accepted).toEqual([]);
  });

  it('takes a settings event for a group or the account, and ignores other event types with a 200', async () => {
    const w = await start();
    const group = { event: 'group.lock_settings_updated', event_ts: 5, payload: { account_id: 'a', operator: 'o@example.com', operator_id: 'x', object: { id: 'g1', settings: { in_meeting: { chat: true } } }, old_object: { id: 'g1', settings: { in_meeting: { chat: false } } } } };
    expect((await postSigned(w.url, SECRET, group, NOW)).status).toBe(200);
    const other = await postSigned(w.url, SECRET, { event: 'user.signed_in', event_ts: 6, payload: {} }, NOW);
    expect(JSON.parse(other.body)).toEqual({ status: 'ignored' });
    expect(w.accepted.map((e) => [e.event, e.target, e.locks])).toEqual([['group.lock_settings_updated', { kind: 'group', id: 'g1' }, true]]);
    const bad = await send(w.url, 'x', {}, 'PUT');
    expect(bad.status).toBe(405);
  });

  it('keeps no passcode in the queue file: a pmi_password change is stored as (sensitive), the chat change as it came', async () => {
    const w = await start();
    const event = {
      event: 'user.settings_updated',
      event_ts: 7,
      payload: {
        account_id: 'a',
        operator: 'o@example.com',
        operator_id: 'x',
        object: { id: 'u1', settings: { schedule_meeting: { pmi_password: 'Nw4711new' }, in_meeting: { chat: false } } },
        old_object: { id: 'u1', settings: { schedule_meeting: { pmi_password: 'Old0815pw' }, in_meeting: { chat: true } } },
      },
    };
    expect((await postSigned(w.url, SECRET, event, NOW)).status).toBe(200);
    const stored = w.queueText();
    expect(stored).not.toContain('Nw4711new');
    expect(stored).not.toContain('Old0815pw');
    expect(stored).toContain('"pmi_password":"(sensitive)"');
    expect(stored).toContain('"chat":false');
    expect(w.accepted[0]!.changes.map((c) => c.path).sort()).toEqual(['in_meeting.chat', 'schedule_meeting.pmi_password']);
  });
});
