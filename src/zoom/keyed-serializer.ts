/**
 * Runs tasks one at a time per key. Zoom limits concurrent operations on one resource, "for example simultaneous
 * updates to a single user's settings", and answers 429 "Too many concurrent requests" (zoom-api-facts.md §5.2).
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task running or queued (for tests and metrics). */
  get activeKeys(): number {
    return this.tails.size;
  }
}
