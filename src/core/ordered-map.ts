/**
 * Maps an (async) iterable through an async function with bounded concurrency, yielding results in input order.
 * Two bounds, both independent of the input's length, so users stream through the pipeline and memory stays flat:
 * - at most `window()` calls run at once;
 * - at most `maxHeld(window())` items are held between being pulled and being yielded (running, or finished and
 *   waiting for an earlier one to finish).
 * Only running calls count against the window: a slow item at the head does not stop the items behind it from
 * starting (bounding held items by the window instead left the rate limiter idle behind every slow answer).
 */
export async function* orderedMap<T, R>(
  input: Iterable<T> | AsyncIterable<T>,
  window: () => number,
  fn: (item: T) => Promise<R>,
  maxHeld: (window: number) => number = (limit) => limit * 8,
): AsyncGenerator<R> {
  const iterator = (Symbol.asyncIterator in input ? input[Symbol.asyncIterator]() : input[Symbol.iterator]()) as
    | Iterator<T>
    | AsyncIterator<T>;
  const held: Array<{ promise: Promise<R>; settled: boolean }> = [];
  let running = 0;
  let exhausted = false;
  /** Counts finished calls, so a finish that happens while `fill` awaits the input is not missed. */
  let finishedCalls = 0;
  let wake: (() => void) | undefined;

  const start = (item: T): void => {
    const slot = { promise: Promise.resolve(item).then(fn), settled: false };
    const finished = (): void => {
      slot.settled = true;
      running -= 1;
      finishedCalls += 1;
      const resume = wake;
      wake = undefined;
      resume?.();
    };
    // Observed when its turn comes (a rejection is thrown from the yield); handled here meanwhile.
    slot.promise.then(finished, finished);
    running += 1;
    held.push(slot);
  };

  const fill = async (): Promise<void> => {
    for (;;) {
      const limit = Math.max(1, window());
      if (exhausted || running >= limit || held.length >= Math.max(limit, maxHeld(limit))) return;
      const next = await iterator.next();
      if (next.done) {
        exhausted = true;
        return;
      }
      start(next.value);
    }
  };

  for (;;) {
    const finishedBefore = finishedCalls;
    await fill();
    const head = held[0];
    if (!head) return;
    if (head.settled) {
      held.shift();
      yield await head.promise;
      continue;
    }
    if (finishedCalls !== finishedBefore) continue;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}
