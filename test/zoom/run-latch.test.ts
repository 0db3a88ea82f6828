/** The run latch (src/zoom/run-latch.ts): which failures stop a run, and what waiting calls see when it trips. */
import { describe, expect, it } from '@jest/globals';
import { MissingScopesError, ZoomApiError, ZoomUnavailableError } from '../../src/zoom/index.js';
import { RunLatch } from '../../src/zoom/run-latch.js';

const base = { method: 'GET', path: '/users/x/settings', option: null, userId: 'x', fieldErrors: [], attempts: 2 };
const serverError = (status: number) => new ZoomApiError({ ...base, status, code: null, zoomMessage: null });
const refused = () => new ZoomApiError({ ...base, status: null, code: null, zoomMessage: null, cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
const notFound = () => new ZoomApiError({ ...base, status: 404, code: 1001, zoomMessage: 'User does not exist: x.' });
const scope = () => new ZoomApiError({ ...base, method: 'PATCH', status: 400, code: 4711, zoomMessage: 'Invalid access token, does not contain scopes:[user:write:admin].' });

describe('RunLatch', () => {
  it('trips on the threshold-th 5xx in a row, whatever the 5xx, and names them', () => {
    const latch = new RunLatch(3);
    expect(latch.failed(serverError(503))).toBeInstanceOf(ZoomApiError);
    expect(latch.failed(serverError(500))).toBeInstanceOf(ZoomApiError);
    const tripped = latch.failed(serverError(503)) as ZoomUnavailableError;
    expect(tripped).toBeInstanceOf(ZoomUnavailableError);
    expect(tripped.message).toMatch(/^Zoom API unavailable: 3 requests in a row failed with HTTP 500 or HTTP 503 \(each after 2 attempts\)/);
    expect(() => latch.check()).toThrow(tripped);
  });

  it('an answer about a user or a success ends the streak; another kind of failure starts a new one', () => {
    const latch = new RunLatch(2);
    latch.failed(serverError(503));
    latch.failed(notFound());
    latch.failed(serverError(503));
    latch.succeeded();
    latch.failed(serverError(502));
    expect(latch.failed(refused())).toBeInstanceOf(ZoomApiError);
    expect((latch.failed(refused()) as Error).message).toMatch(/failed with ECONNREFUSED/);
  });

  it('a scope refusal trips at once and rejects every call waiting in race()', async () => {
    const latch = new RunLatch();
    const never = new Promise<number>(() => undefined);
    const waiting = latch.race(never);
    const error = latch.failed(scope()) as MissingScopesError;
    expect(error).toBeInstanceOf(MissingScopesError);
    expect(error.scopes).toEqual(['user:write:admin']);
    await expect(waiting).rejects.toBe(error);
    await expect(latch.race(Promise.resolve(1))).rejects.toBe(error);
  });

  it('passes values through while not tripped', async () => {
    const latch = new RunLatch();
    await expect(latch.race(Promise.resolve(7))).resolves.toBe(7);
    await expect(latch.race(Promise.reject(new Error('limiter')))).rejects.toThrow('limiter');
    expect(() => new RunLatch(0)).toThrow('Expected `threshold` to be an integer of at least 1, got 0');
  });
});
