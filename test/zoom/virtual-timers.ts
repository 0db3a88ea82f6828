/**
 * Virtual time for unit tests: sleep() parks the caller; once every microtask has run (setImmediate), the clock
 * jumps to the earliest sleeper and wakes it. `lateness` makes every timer fire late, like a busy event loop.
 * holdWhile(busy): the clock stands still while real I/O is in flight (e.g. a client's requests on their way to a
 * simulator that stamps arrivals with this same clock), so a request arrives at the virtual instant it was sent.
 */
import type { Timers } from '../../src/zoom/index.js';

interface Sleeper {
  at: number;
  seq: number;
  wake: () => void;
}

export class VirtualTimers implements Timers {
  private time: number;
  private sleepers: Sleeper[] = [];
  private seq = 0;
  private scheduled = false;
  private busy: () => boolean = () => false;

  constructor(
    start = Date.UTC(2026, 0, 15, 12, 0, 0),
    private readonly lateness: () => number = () => 0,
  ) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((wake) => {
      this.sleepers.push({ at: this.time + Math.max(0, ms) + this.lateness(), seq: this.seq++, wake });
      this.schedule();
    });
  }

  /** Keeps the clock still while `busy()` is true. */
  holdWhile(busy: () => boolean): this {
    this.busy = busy;
    return this;
  }

  /** Moves the clock by hand (e.g. a day passes). */
  advance(ms: number): void {
    this.time += ms;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.fire());
  }

  private fire(): void {
    if (this.busy()) {
      // Real I/O is in flight: look again shortly, without moving the clock.
      setTimeout(() => this.fire(), 1);
      return;
    }
    this.scheduled = false;
    if (this.sleepers.length === 0) return;
    this.sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = this.sleepers.shift()!;
    this.time = Math.max(this.time, next.at);
    next.wake();
    if (this.sleepers.length > 0) this.schedule();
  }
}

/** The most events inside any window of `windowMs` (closed on the left, open on the right). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while (sorted[end]! - sorted[start]! >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
