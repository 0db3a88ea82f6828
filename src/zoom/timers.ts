/** Injectable time, so the limiter and retry delays are deterministic in tests (a virtual clock) and real in use. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface Timers extends Clock {
  sleep(ms: number): Promise<void>;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
