/**
 * Bursts per target: an admin who flips five switches in the portal sends five events; the watch reconciles that
 * user once, after the target has been quiet for `quietMs`, and reports all five operators' changes together.
 * Targets are reconciled one at a time (the same client and budget as everything else). Time is injected.
 */
import type { Timers } from '../../zoom/index.js';

export interface Batch<E> {
  key: string;
  items: E[];
}

export interface DebouncerOptions<E> {
  timers: Timers;
  quietMs: number;
  run(batch: Batch<E>): Promise<void>;
}

export class Debouncer<E> {
  private readonly waiting = new Map<string, { items: E[]; lastAt: number }>();
  private chain: Promise<void> = Promise.resolve();
  private stopping = false;
  private readonly loops = new Set<Promise<void>>();

  constructor(private readonly options: DebouncerOptions<E>) {}

  add(key: string, item: E): void {
    if (this.stopping) return;
    const now = this.options.timers.now();
    const entry = this.waiting.get(key);
    if (entry) {
      entry.items.push(item);
      entry.lastAt = now;
      return;
    }
    this.waiting.set(key, { items: [item], lastAt: now });
    const loop = this.quietThenRun(key);
    this.loops.add(loop);
    void loop.finally(() => this.loops.delete(loop));
  }

  private async quietThenRun(key: string): Promise<void> {
    const { timers, quietMs } = this.options;
    for (;;) {
      const entry = this.waiting.get(key);
      if (!entry || this.stopping) return;
      const wait = entry.lastAt + quietMs - timers.now();
      if (wait <= 0) break;
      await timers.sleep(wait);
    }
    const entry = this.waiting.get(key)!;
    this.waiting.delete(key);
    const run = this.chain.then(() => (this.stopping ? undefined : this.options.run({ key, items: entry.items })));
    this.chain = run.catch(() => undefined);
    await this.chain;
  }

  /** Targets waiting for quiet, and the one being reconciled, if any. */
  get busy(): boolean {
    return this.waiting.size > 0 || this.loops.size > 0;
  }

  /**
   * Stops taking events and lets the reconcile in flight finish; batches still waiting are dropped here (their
   * events stay pending in the durable queue and run on the next start).
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.waiting.clear();
    await this.chain;
  }
}
