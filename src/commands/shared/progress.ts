/**
 * Progress of a long run on stderr: users done / total, rate, ETA, Zoom's 429 answers and failed users.
 * On a terminal one line redrawn in place twice a second; elsewhere (CI logs) a plain line every 10 s and at each
 * 10 % step, so a 15-minute apply in a GitHub Actions log is never silent for long.
 */
import type { CommandIo } from '../command.js';

export interface Progress {
  /** One user finished; `failed` when it ended in an error. */
  tick(failed?: boolean): void;
  stop(): void;
}

/** Time for the reporter: injectable so tests run a 100-second plan in virtual time. */
export interface ProgressClock {
  now(): number;
  /** Calls `fn` every `ms` until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
}

export const systemClock: ProgressClock = {
  now: () => Date.now(),
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** Zoom's 429 answers a client has had, of every kind (per second, daily, concurrent). */
export function rateLimitedCount(client: { metrics(): { rateLimited: Record<string, number> } }): () => number {
  return () => Object.values(client.metrics().rateLimited).reduce((sum, n) => sum + n, 0);
}

export interface ProgressOptions {
  clock?: ProgressClock;
  /** 429 answers so far (the client's metrics). */
  rateLimited?: () => number;
}

/** Below this many users a run is over before progress would help. */
const MIN_USERS = 50;
const TTY_REDRAW_MS = 500;
/** Non-TTY: a line at least this often, and at every STEP_PERCENT of the users. */
export const HEARTBEAT_MS = 10_000;
const STEP_PERCENT = 10;

const NOOP: Progress = { tick: () => undefined, stop: () => undefined };

function duration(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 90 ? `${minutes} min ${seconds % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function startProgress(io: CommandIo, verb: string, total: number, options: ProgressOptions = {}): Progress {
  if (total < MIN_USERS) return NOOP;
  const clock = options.clock ?? systemClock;
  const tty = Boolean(io.stderr.isTTY);
  const started = clock.now();
  let done = 0;
  let failed = 0;
  let lastLineAt = started;
  let lastStep = 0;

  const status = (): string => {
    const seconds = (clock.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? duration(Math.round((total - done) / rate)) : '?';
    const percent = Math.floor((done / total) * 100);
    const limited = options.rateLimited?.() ?? 0;
    return (
      `${verb} ${done.toLocaleString('en')}/${total.toLocaleString('en')} users (${percent}%) · ${rate.toFixed(1)} users/s · ETA ${eta}` +
      ` · ${limited.toLocaleString('en')} × 429 · ${failed.toLocaleString('en')} failed`
    );
  };
  const line = (): void => {
    lastLineAt = clock.now();
    io.stderr.write(tty ? `\r${status()}   ` : `progress: ${status()}\n`);
  };

  const cancel = tty
    ? clock.every(TTY_REDRAW_MS, line)
    : clock.every(HEARTBEAT_MS / 10, () => {
        if (clock.now() - lastLineAt >= HEARTBEAT_MS) line();
      });
  return {
    tick(userFailed = false) {
      done += 1;
      if (userFailed) failed += 1;
      if (tty) return;
      const step = Math.floor((done / total) * (100 / STEP_PERCENT));
      if (step > lastStep) {
        lastStep = step;
        line();
      }
    },
    stop() {
      cancel();
      if (tty) {
        line();
        io.stderr.write('\n');
      } else if (lastStep < 100 / STEP_PERCENT) line();
    },
  };
}
