/** orderedMap: input order out, at most `window` calls running, a bounded number held, no head-of-line stall. */
import { describe, expect, it } from '@jest/globals';
import { orderedMap } from '../../src/core/ordered-map.js';

interface Deferred {
  resolve(value: string): void;
  reject(error: Error): void;
  promise: Promise<string>;
}

function deferred(): Deferred {
  let resolve!: (value: string) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<string>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { resolve, reject, promise };
}

/** Lets every pending microtask and the generator's internal awaits run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function controlled(count: number) {
  const calls = Array.from({ length: count }, () => deferred());
  const started: number[] = [];
  let running = 0;
  let maxRunning = 0;
  const fn = async (i: number): Promise<string> => {
    started.push(i);
    running += 1;
    maxRunning = Math.max(maxRunning, running);
    try {
      return await calls[i]!.promise;
    } finally {
      running -= 1;
    }
  };
  return { calls, started, fn, maxRunning: () => maxRunning };
}

async function collect(generator: AsyncGenerator<string>, into: string[]): Promise<void> {
  for await (const value of generator) into.push(value);
}

describe('orderedMap', () => {
  it('yields in input order whatever order the calls finish in', async () => {
    const { calls, fn } = controlled(6);
    const out: string[] = [];
    const done = collect(orderedMap([0, 1, 2, 3, 4, 5], () => 6, fn), out);
    await settle();
    for (const i of [5, 3, 1, 4, 0, 2]) calls[i]!.resolve(`r${i}`);
    await done;
    expect(out).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it('runs at most `window` calls at once', async () => {
    const { calls, fn, maxRunning, started } = controlled(10);
    const out: string[] = [];
    const done = collect(orderedMap([...Array(10).keys()], () => 3, fn), out);
    await settle();
    expect(started).toEqual([0, 1, 2]);
    for (const call of calls) {
      call.resolve('x');
      await settle();
    }
    await done;
    expect(maxRunning()).toBe(3);
    expect(out).toHaveLength(10);
  });

  it('a slow head does not stop the items behind it from starting (only running calls count)', async () => {
    const { calls, fn, started } = controlled(8);
    const out: string[] = [];
    const done = collect(orderedMap([...Array(8).keys()], () => 2, fn), out);
    await settle();
    // Items 1..6 finish one by one while item 0 is still running: each frees its slot for the next item.
    for (let i = 1; i <= 6; i++) {
      calls[i]!.resolve(`r${i}`);
      await settle();
    }
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(out).toEqual([]);
    calls[7]!.resolve('r7');
    calls[0]!.resolve('r0');
    await done;
    expect(out).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
  });

  it('holds at most maxHeld items between pulling and yielding (memory stays flat)', async () => {
    const { calls, fn, started } = controlled(20);
    const out: string[] = [];
    const done = collect(orderedMap([...Array(20).keys()], () => 2, fn, () => 4), out);
    await settle();
    for (let i = 1; i < 20; i++) calls[i]!.resolve(`r${i}`);
    await settle();
    // Head 0 still runs: items 1..3 finished behind it, and nothing more is pulled.
    expect(started).toEqual([0, 1, 2, 3]);
    calls[0]!.resolve('r0');
    await done;
    expect(out).toHaveLength(20);
    expect(started).toEqual([...Array(20).keys()]);
  });

  it('a failed call is thrown at its turn, after the results before it', async () => {
    const { calls, fn } = controlled(3);
    const out: string[] = [];
    const done = collect(orderedMap([0, 1, 2], () => 3, fn), out);
    calls[1]!.reject(new Error('boom'));
    calls[2]!.resolve('r2');
    await settle();
    calls[0]!.resolve('r0');
    await expect(done).rejects.toThrow('boom');
    expect(out).toEqual(['r0']);
  });

  it('reads an async input lazily', async () => {
    let pulled = 0;
    async function* input(): AsyncGenerator<number> {
      for (let i = 0; i < 100; i++) {
        pulled += 1;
        yield i;
      }
    }
    const generator = orderedMap(input(), () => 2, async (i) => `r${i}`, () => 4);
    const first = await generator.next();
    expect(first.value).toBe('r0');
    expect(pulled).toBeLessThanOrEqual(5);
    await generator.return(undefined);
  });
});
