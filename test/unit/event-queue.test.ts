/**
 * The watch's durable queue (io/event-queue.ts) on a real file: what was appended and not done survives a reopen
 * (the restart after a crash), a torn last line is skipped with a warning, compaction keeps the pending events and
 * the recently finished ids (so a redelivery is still known), and the queue refuses paths it does not own.
 */
import { describe, expect, it } from '@jest/globals';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventQueue, checkQueuePath } from '../../src/io/event-queue.js';

function fixture() {
  const dir = mkdtempSync(join(tmpdir(), 'queue-'));
  const warnings: string[] = [];
  let now = Date.UTC(2026, 10, 30, 4, 0, 0);
  const options = {
    desiredDir: join(dir, 'desired-state'),
    dedupeWindowMs: 3600_000,
    now: () => now,
    warn: (message: string) => warnings.push(message),
  };
  return { path: join(dir, 'queue.jsonl'), dir, options, warnings, advance: (ms: number) => (now += ms) };
}

describe('the durable event queue', () => {
  it('keeps what was accepted and not done across a reopen; done events are remembered for deduplication', () => {
    const f = fixture();
    const queue = EventQueue.open(f.path, f.options);
    queue.append('a', { event: 'user.settings_updated', n: 1 });
    queue.append('b', { event: 'user.settings_updated', n: 2 });
    queue.done('a');
    queue.close();
    const reopened = EventQueue.open(f.path, f.options);
    expect(reopened.pending().map((e) => [e.id, e.event])).toEqual([['b', { event: 'user.settings_updated', n: 2 }]]);
    expect(reopened.has('a')).toBe(true);
    expect(reopened.depth()).toBe(1);
    reopened.close();
  });

  it('skips a torn last line (a crash mid-write) with a warning, and appends cleanly after it', () => {
    const f = fixture();
    const queue = EventQueue.open(f.path, f.options);
    queue.append('a', { n: 1 });
    queue.close();
    appendFileSync(f.path, '{"type":"event","id":"b","rece');
    const reopened = EventQueue.open(f.path, f.options);
    expect(f.warnings).toEqual(['queue: the last line is incomplete (a write cut off by a crash); skipped']);
    expect(reopened.pending().map((e) => e.id)).toEqual(['a']);
    reopened.append('c', { n: 3 });
    reopened.close();
    expect(EventQueue.open(f.path, f.options).pending().map((e) => e.id)).toEqual(['a', 'c']);
  });

  it('compaction forgets finished ids after the dedupe window and keeps every pending event', () => {
    const f = fixture();
    const queue = EventQueue.open(f.path, { ...f.options, compactEvery: 2 });
    for (const id of ['a', 'b', 'c']) queue.append(id, { id });
    queue.done('a');
    f.advance(2 * 3600_000);
    queue.done('b'); // the second done compacts: a is older than the window, b is not
    const lines = readFileSync(f.path, 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l) as { type?: string; id?: string; kind?: string }).map((r) => r.kind ?? `${r.type}:${r.id}`)).toEqual(['zoom-settings-watch-queue', 'seen:b', 'event:c']);
    expect(queue.has('a')).toBe(false);
    expect(queue.has('b')).toBe(true);
    queue.close();
  });

  it('refuses a path inside the desired state and an existing file that is not a queue', () => {
    const f = fixture();
    expect(() => checkQueuePath(join(f.options.desiredDir, 'queue.jsonl'), f.options.desiredDir)).toThrow(/lies inside the desired-state directory/);
    const notes = join(f.dir, 'notes.jsonl');
    writeFileSync(notes, '{"type":"run"}\n');
    expect(() => EventQueue.open(notes, f.options)).toThrow(/is not a zoom-settings watch queue/);
    expect(readFileSync(notes, 'utf8')).toBe('{"type":"run"}\n');
    expect(() => checkQueuePath(f.dir, f.options.desiredDir)).toThrow(/is not a regular file/);
  });
});
