/** Writing to streams with backpressure, and renderers as plan sinks. */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { PlanRenderer } from '../core/render/renderer.js';
import type { PlanCost, PlanHeader, PlanSummary, UserPlan } from '../core/plan/types.js';

export async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (text.length === 0) return;
  // A stream that failed (a full disk) never drains: waiting for it would hang the run.
  const failed = (stream as Partial<Writable>).errored;
  if (failed) throw failed;
  if (!stream.write(text)) await once(stream, 'drain'); // rejects when the stream fails meanwhile
}

export interface StreamSink {
  start(header: PlanHeader): Promise<void>;
  user(user: UserPlan): Promise<void>;
  finish(summary: PlanSummary, cost: PlanCost): Promise<void>;
}

export function rendererSink(renderer: PlanRenderer, stream: NodeJS.WritableStream): StreamSink {
  return {
    start: (header) => write(stream, renderer.start(header)),
    user: (user) => write(stream, renderer.user(user)),
    finish: (summary, cost) => write(stream, renderer.finish(summary, cost)),
  };
}

/**
 * A file written as a stream; `done()` resolves once the bytes are on disk, and rejects with the first failure
 * (ENOSPC, EACCES, …) carrying the file's path, so the CLI can say which file and what to do.
 */
export function fileStream(path: string): NodeJS.WritableStream & { done(): Promise<void> } {
  mkdirSync(dirname(path), { recursive: true });
  const stream = createWriteStream(path, { encoding: 'utf8' });
  let failure: (Error & { path?: string }) | undefined;
  // Always listened to: an 'error' nobody waits for would crash the process with Node's stack trace.
  stream.on('error', (error: Error & { path?: string }) => {
    if (error.path === undefined) error.path = path;
    failure ??= error;
  });
  return Object.assign(stream, {
    done: async () => {
      if (!stream.closed) {
        stream.end();
        await once(stream, 'close').catch(() => undefined);
      }
      if (failure) throw failure;
    },
  });
}
