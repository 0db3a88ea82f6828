/** Writing to streams with backpressure, and renderers as plan sinks. */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import type { PlanRenderer } from '../core/render/renderer.js';
import type { PlanCost, PlanHeader, PlanSummary, UserPlan } from '../core/plan/types.js';

export async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (text.length === 0) return;
  if (!stream.write(text)) await once(stream, 'drain');
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

/** A file written as a stream; `close()` resolves once the bytes are on disk. */
export function fileStream(path: string): NodeJS.WritableStream & { done(): Promise<void> } {
  mkdirSync(dirname(path), { recursive: true });
  const stream = createWriteStream(path, { encoding: 'utf8' });
  return Object.assign(stream, {
    done: async () => {
      stream.end();
      await once(stream, 'close');
    },
  });
}
