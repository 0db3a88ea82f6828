/** A progress line on stderr for long runs, only when stderr is a terminal: users done / total, rate, ETA. */
import type { CommandIo } from '../command.js';

export interface Progress {
  tick(): void;
  stop(): void;
}

export function startProgress(io: CommandIo, verb: string, total: number): Progress {
  const stderr = io.stderr as NodeJS.WriteStream;
  if (!stderr.isTTY || total < 50) return { tick: () => undefined, stop: () => undefined };
  const started = Date.now();
  let done = 0;
  const draw = (): void => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
    stderr.write(`\r${verb} ${done.toLocaleString('en')}/${total.toLocaleString('en')} users · ${rate.toFixed(1)} users/s · ETA ${eta}s   `);
  };
  const timer = setInterval(draw, 500);
  timer.unref();
  return {
    tick: () => void (done += 1),
    stop() {
      clearInterval(timer);
      draw();
      stderr.write('\n');
    },
  };
}
