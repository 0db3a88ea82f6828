/**
 * Bursts per target (commands/watch/debouncer.ts), in virtual time: an admin flipping three switches for one user
 * is one reconcile, run once that user has been quiet for the debounce time; another user is a reconcile of its own;
 * reconciles never overlap; a stop drops what waits (the durable queue keeps it) and lets the running one finish.
 */
import { describe, expect, it } from '@jest/globals';
import { Debouncer, type Batch } from '../../src/commands/watch/debouncer.js';
import { VirtualTimers } from '../zoom/virtual-timers.js';

function harness(quietMs = 2000) {
  const timers = new VirtualTimers();
  const start = timers.now();
  const runs: Array<{ key: string; items: string[]; at: number }> = [];
  let running = 0;
  let overlapped = false;
  const debouncer = new Debouncer<string>({
    timers,
    quietMs,
    async run(batch: Batch<string>) {
      running += 1;
      if (running > 1) overlapped = true;
      runs.push({ key: batch.key, items: batch.items, at: timers.now() - start });
      await timers.sleep(500);
      running -= 1;
    },
  });
  const settle = async (): Promise<void> => {
    while (debouncer.busy) await new Promise((r) => setImmediate(r));
  };
  return { timers, debouncer, runs, settle, overlapped: () => overlapped };
}

describe('debouncing events per target', () => {
  it('reconciles a burst once, after the target has been quiet, and each target separately, one at a time', async () => {
    const h = harness();
    h.debouncer.add('user:carol', 'e1');
    h.timers.advance(500);
    h.debouncer.add('user:carol', 'e2');
    h.debouncer.add('user:erin', 'f1');
    h.timers.advance(500);
    h.debouncer.add('user:carol', 'e3');
    await h.settle();
    expect(h.runs.map((r) => [r.key, r.items])).toEqual([
      ['user:erin', ['f1']],
      ['user:carol', ['e1', 'e2', 'e3']],
    ]);
    // Quiet for 2 s after the last event (virtual ms since the first event).
    expect(h.runs.find((r) => r.key === 'user:carol')!.at).toBeGreaterThanOrEqual(3000);
    expect(h.overlapped()).toBe(false);
  });

  it('an event after a reconcile starts a new one', async () => {
    const h = harness(100);
    h.debouncer.add('user:carol', 'e1');
    await h.settle();
    h.debouncer.add('user:carol', 'e2');
    await h.settle();
    expect(h.runs.map((r) => r.items)).toEqual([['e1'], ['e2']]);
  });

  it('stop drops what still waits for quiet and takes nothing new', async () => {
    const h = harness();
    h.debouncer.add('user:carol', 'e1');
    await h.debouncer.stop();
    h.debouncer.add('user:erin', 'f1');
    await h.settle();
    expect(h.runs).toEqual([]);
  });
});
