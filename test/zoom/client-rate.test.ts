import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import type { Variant } from '../../src/schema/index.js';
import { activeUsers, apiLog, runPool, simulatorClient } from './harness.js';
import { maxInWindow, VirtualTimers } from './virtual-timers.js';

const VARIANTS: Variant[] = ['default', 'meeting_security', 'meeting_authentication', 'recording_authentication'];
/**
 * The client and the simulator share one virtual clock that stands still while a request is in flight: arrivals
 * are stamped at the instant the limiter released them, whatever the machine's load, and no test waits for real.
 */
const RPS = 25;
const REQUESTS = 80;
const START = Date.UTC(2026, 0, 15, 12, 0, 0);

describe('ZoomClient rate limiting, measured at the simulator', () => {
  let sim: SimulatorHandle;
  let timers: VirtualTimers;
  let inFlight: () => number = () => 0;

  beforeAll(async () => {
    timers = new VirtualTimers(START).holdWhile(() => inFlight() > 0);
    sim = await startSimulator({ users: 30, maxRps: RPS, latency: { minMs: 1, maxMs: 5 }, clock: timers });
  });

  afterAll(async () => {
    await sim.stop();
  });

  /** A client on the shared clock; the clock holds while its requests are in flight. */
  function pacedClient(maxRps: number): ReturnType<typeof simulatorClient> {
    const made = simulatorClient(sim, { maxRps }, { timers });
    inFlight = () => made.client.metrics().inFlight;
    return made;
  }

  it('alone at the server rate: no 1-second window above the rate (+1) and zero 429s over ~3 s', async () => {
    sim.clearLog();
    const before = sim.counters();
    const started = timers.now();
    const { client } = pacedClient(RPS);
    const users = activeUsers(sim);
    const jobs = Array.from({ length: REQUESTS }, (_, index) => () =>
      client.getUserSettings(users[index % users.length]!.id, VARIANTS[index % VARIANTS.length]!),
    );
    const results = await runPool(jobs, client.recommendedParallelism());
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);

    const arrivals = apiLog(sim).map((entry) => entry.time);
    expect(arrivals).toHaveLength(REQUESTS);
    expect(maxInWindow(arrivals, 1000)).toBeLessThanOrEqual(RPS + 1);
    // Paced, not bunched: 80 requests at 25/s span at least (80 - 26) / 25 s of the clock.
    expect(Math.max(...arrivals) - started).toBeGreaterThanOrEqual(((REQUESTS - RPS - 1) / RPS) * 1000);
    expect(sim.counters().maxRequestsInAnyOneSecondWindow).toBeLessThanOrEqual(RPS + 1);
    expect(sim.counters().rateLimited.QPS - before.rateLimited.QPS).toBe(0);
    const metrics = client.metrics();
    expect(metrics.rateLimited.QPS).toBe(0);
    expect(metrics.retries).toBe(0);
    expect(metrics.requests).toBe(REQUESTS);
    client.close();
  });

  it('a per-second 429 pauses the WHOLE limiter (every caller), then all calls succeed', async () => {
    sim.setMaxRps(2);
    sim.clearLog();
    try {
      const { client, logs } = pacedClient(20);
      const users = activeUsers(sim).slice(0, 6);
      await Promise.all(users.map((user) => client.getUserSettings(user.id, 'default')));

      const log = apiLog(sim);
      const throttled = log.filter((entry) => entry.rateLimitType === 'QPS');
      expect(throttled.length).toBeGreaterThan(0);
      for (const hit of throttled) {
        // random() = 0 → a 1,000 ms pause; requests already released when the 429 came back may still land early on.
        const during = log.filter((entry) => entry.time >= hit.time + 100 && entry.time < hit.time + 1000);
        expect(during).toEqual([]);
      }
      const metrics = client.metrics();
      expect(metrics.rateLimited.QPS).toBe(throttled.length);
      expect(metrics.retries).toBe(throttled.length);
      expect(metrics.byStatus['200']).toBe(6);
      expect(logs.lines().filter((line) => line.msg === 'rate limited; pausing all requests')).toHaveLength(throttled.length);
      client.close();
    } finally {
      sim.setMaxRps(RPS);
    }
  });
});
