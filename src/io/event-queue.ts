/**
 * The watch's durable queue (issue 19, item 3): JSON lines, like the apply journal (io/journal.ts). An accepted
 * event is appended and fsync'd before Zoom gets its 200, and marked done (appended, fsync'd) once handled, so a
 * restart after a crash or SIGKILL picks up every event that was accepted and not finished.
 *
 * Why a file and not SQLite: Node 20 has no node:sqlite, and a native binding (better-sqlite3) cannot build where CI
 * installs with `npm ci --ignore-scripts`. The queue needs only append, fsync and a rewrite now and then, which a
 * file does with no dependency.
 *
 * Layout: a header line, then `event` records (id, received, the event as JSON) and `done` records (id, at).
 * Compaction (at open, and when done records pile up) rewrites the file with the pending events and the ids of
 * events done within the dedupe window (so a redelivery is still recognised), to a temporary file that is fsync'd
 * and renamed over the queue. A torn last line (a crash mid-write) is logged and skipped.
 */
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { canonical, isInside } from './journal.js';

export const QUEUE_HEADER = { kind: 'zoom-settings-watch-queue', version: 1 } as const;

export interface QueuedEvent {
  id: string;
  /** ISO time the watch accepted it. */
  received: string;
  /** The event notification as Zoom sent it (parsed JSON). */
  event: unknown;
}

type QueueRecord = { type: 'event'; id: string; received: string; event: unknown } | { type: 'done'; id: string; at: string } | { type: 'seen'; id: string; at: string };

export interface QueueOptions {
  /** The desired-state directory: a queue inside it would be committed or read as desired state. */
  desiredDir: string;
  /** How long a finished event's id is remembered for deduplication (ms). */
  dedupeWindowMs: number;
  now(): number;
  warn(message: string, fields?: Record<string, unknown>): void;
  /** Compact when this many done records have been appended since the last compaction. */
  compactEvery?: number;
}

function refuse(path: string, why: string): never {
  throw new InputError(`refusing the queue ${path}: ${why}; choose another --queue path`);
}

/** The queue must be a file the tool owns: not inside the desired state, not some other existing file. */
export function checkQueuePath(path: string, desiredDir: string): void {
  if (isInside(canonical(path), canonical(desiredDir))) refuse(path, `it lies inside the desired-state directory ${desiredDir}`);
  try {
    lstatSync(path);
  } catch {
    return;
  }
  const stat = statSync(path);
  if (!stat.isFile()) refuse(path, 'it exists and is not a regular file');
  if (stat.size === 0) return;
  const text = readFileSync(path, 'utf8');
  const first = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  let header: unknown;
  try {
    header = JSON.parse(first);
  } catch {
    header = undefined;
  }
  const h = header as { kind?: unknown; version?: unknown } | undefined;
  if (!h || h.kind !== QUEUE_HEADER.kind) refuse(path, 'it exists and is not a zoom-settings watch queue (its first line is not the queue header)');
  if (h.version !== QUEUE_HEADER.version) refuse(path, `it is a queue of format version ${String(h.version)}, this zoom-settings reads version ${QUEUE_HEADER.version}`);
}

function isRecord(value: unknown): value is QueueRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  if (typeof r.id !== 'string') return false;
  if (r.type === 'event') return typeof r.received === 'string' && Object.hasOwn(r, 'event');
  return (r.type === 'done' || r.type === 'seen') && typeof r.at === 'string';
}

export class EventQueue {
  private fd: number;
  private readonly pendingEvents = new Map<string, QueuedEvent>();
  /** Finished ids and when they finished (ms). */
  private readonly finished = new Map<string, number>();
  private doneSinceCompaction = 0;

  private constructor(
    readonly path: string,
    private readonly options: QueueOptions,
  ) {
    this.fd = -1;
  }

  static open(path: string, options: QueueOptions): EventQueue {
    checkQueuePath(path, options.desiredDir);
    mkdirSync(dirname(resolve(path)), { recursive: true });
    const queue = new EventQueue(path, options);
    queue.load();
    queue.compact();
    return queue;
  }

  private load(): void {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return;
    }
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      if (index === 0 || line.trim() === '') return;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        record = undefined;
      }
      if (!isRecord(record)) {
        const last = index === lines.length - 1 || lines.slice(index + 1).every((l) => l.trim() === '');
        this.options.warn(last ? 'queue: the last line is incomplete (a write cut off by a crash); skipped' : 'queue: a line is not a queue record; skipped', { queue: this.path, line: index + 1 });
        return;
      }
      if (record.type === 'event') this.pendingEvents.set(record.id, { id: record.id, received: record.received, event: record.event });
      else {
        this.pendingEvents.delete(record.id);
        this.finished.set(record.id, Date.parse(record.at) || this.options.now());
      }
    });
  }

  /** Events accepted and not yet done, oldest first. */
  pending(): QueuedEvent[] {
    return [...this.pendingEvents.values()];
  }

  depth(): number {
    return this.pendingEvents.size;
  }

  /** Accepted before (pending, or done within the dedupe window): a redelivery. */
  has(id: string): boolean {
    return this.pendingEvents.has(id) || this.finished.has(id);
  }

  /** Appends and fsyncs: once this returns, a crash cannot lose the event. */
  append(id: string, event: unknown): QueuedEvent {
    const queued: QueuedEvent = { id, received: new Date(this.options.now()).toISOString(), event };
    this.write({ type: 'event', ...queued });
    this.pendingEvents.set(id, queued);
    return queued;
  }

  done(id: string): void {
    if (!this.pendingEvents.has(id)) return;
    const at = this.options.now();
    this.write({ type: 'done', id, at: new Date(at).toISOString() });
    this.pendingEvents.delete(id);
    this.finished.set(id, at);
    this.doneSinceCompaction += 1;
    if (this.doneSinceCompaction >= (this.options.compactEvery ?? 1000)) this.compact();
  }

  private write(record: QueueRecord): void {
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
    fsyncSync(this.fd);
  }

  /** Rewrites the file with what is still needed, atomically (temporary file, fsync, rename, fsync of the directory). */
  compact(): void {
    const cutoff = this.options.now() - this.options.dedupeWindowMs;
    for (const [id, at] of this.finished) if (at < cutoff) this.finished.delete(id);
    const lines = [JSON.stringify(QUEUE_HEADER)];
    for (const [id, at] of this.finished) lines.push(JSON.stringify({ type: 'seen', id, at: new Date(at).toISOString() }));
    for (const queued of this.pendingEvents.values()) lines.push(JSON.stringify({ type: 'event', ...queued }));
    const temporary = `${this.path}.compact-${process.pid}`;
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, `${lines.join('\n')}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
    syncDirectory(dirname(resolve(this.path)));
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = openSync(this.path, 'a', 0o600);
    this.doneSinceCompaction = 0;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/** The rename is durable only once the directory entry is on disk; some file systems refuse to open a directory. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // best effort (e.g. Windows); the data itself was fsync'd before the rename
  }
}
