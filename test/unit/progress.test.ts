/**
 * Progress where there is no terminal: a 2,000-user plan at 20 users/s (100 s) in a CI log prints a line at least
 * every 15 s, and at every 10 % step. Virtual time: the clock moves only when the test says so.
 */
import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { startProgress, type ProgressClock } from '../../src/commands/shared/progress.js';
import type { CommandIo } from '../../src/commands/command.js';
import { silentLogger } from '../../src/io/logger.js';

class FakeClock implements ProgressClock {
  time = 1_000_000;
  private timers: Array<{ every: number; next: number; fn: () => void; live: boolean }> = [];

  now(): number {
    return this.time;
  }

  every(ms: number, fn: () => void): () => void {
    const timer = { every: ms, next: this.time + ms, fn, live: true };
    this.timers.push(timer);
    return () => void (timer.live = false);
  }

  /** Moves time forward, firing every interval that falls due on the way, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.next <= end).sort((a, b) => a.next - b.next)[0];
      if (!due) break;
      this.time = due.next;
      due.next += due.every;
      due.fn();
    }
    this.time = end;
  }
}

function ioWith(isTTY: boolean): { io: CommandIo; lines: Array<{ at: number; text: string }>; clock: FakeClock } {
  const clock = new FakeClock();
  const lines: Array<{ at: number; text: string }> = [];
  const stderr = Object.assign(new PassThrough(), { isTTY });
  stderr.on('data', () => undefined);
  const write = stderr.write.bind(stderr);
  stderr.write = ((chunk: string) => {
    lines.push({ at: clock.now(), text: chunk });
    return write(chunk);
  }) as typeof stderr.write;
  const io: CommandIo = { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {}, cwd: '.', logger: silentLogger };
  return { io, lines, clock };
}

/** 2,000 users at `perSecond`; `stall` pauses the run after `stallAt` users (a long Retry-After, say). */
function run(isTTY: boolean, perSecond: number, stall = { at: -1, ms: 0 }) {
  const { io, lines, clock } = ioWith(isTTY);
  let limited = 0;
  const progress = startProgress(io, 'planned', 2000, { clock, rateLimited: () => limited });
  for (let done = 0; done < 2000; done += 1) {
    clock.advance(1000 / perSecond);
    if (done === stall.at) {
      limited += 3;
      clock.advance(stall.ms);
    }
    progress.tick(done % 500 === 499);
  }
  progress.stop();
  return { lines, started: 1_000_000, ended: clock.now() };
}

function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]!);
}

describe('progress without a terminal', () => {
  it('a 2,000-user plan at 20/s prints a line at least every 15 s, and at every 10 % step', () => {
    const { lines, started, ended } = run(false, 20);
    expect(lines.every((l) => l.text.startsWith('progress: planned ') && l.text.endsWith('\n'))).toBe(true);
    const times = [started, ...lines.map((l) => l.at), ended];
    expect(Math.max(...gaps(times))).toBeLessThanOrEqual(15_000);
    for (const step of ['200/2,000 users (10%)', '1,000/2,000 users (50%)', '2,000/2,000 users (100%)']) {
      expect(lines.filter((l) => l.text.includes(step))).toHaveLength(1);
    }
    expect(lines.at(-1)!.text).toBe('progress: planned 2,000/2,000 users (100%) · 20.0 users/s · ETA 0 s · 0 × 429 · 4 failed\n');
    expect(lines.find((l) => l.text.includes('(10%)'))!.text).toContain('20.0 users/s · ETA 1 min 30 s');
  });

  it('keeps printing while nothing finishes (a long wait on Zoom), with the 429s counted', () => {
    const { lines, started, ended } = run(false, 20, { at: 700, ms: 120_000 });
    const times = [started, ...lines.map((l) => l.at), ended];
    expect(Math.max(...gaps(times))).toBeLessThanOrEqual(15_000);
    const during = lines.filter((l) => l.text.includes(' 700/2,000'));
    expect(during.length).toBeGreaterThanOrEqual(120_000 / 15_000);
    expect(during.every((l) => l.text.includes('3 × 429'))).toBe(true);
  });

  it('says nothing for small runs', () => {
    const { io, lines, clock } = ioWith(false);
    const progress = startProgress(io, 'planned', 49, { clock });
    for (let i = 0; i < 49; i += 1) {
      clock.advance(20_000);
      progress.tick();
    }
    progress.stop();
    expect(lines).toEqual([]);
  });
});

describe('progress on a terminal', () => {
  it('redraws one line in place and ends it', () => {
    const { lines } = run(true, 20);
    expect(lines.slice(0, -1).every((l) => l.text.startsWith('\rplanned '))).toBe(true);
    expect(lines.at(-1)!.text).toBe('\n');
    // Twice a second over the 100 s run.
    expect(lines.length).toBeGreaterThanOrEqual(199);
  });
});
