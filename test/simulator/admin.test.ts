import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SimulatorHandle } from '../../src/simulator/index.js';
import { ManualClock, admin, type Api, apiFor, startTestSimulator } from './sim-helpers.js';

const U = 'user00001@example.com';

describe('simulator admin endpoints (/_sim/*)', () => {
  const clock = new ManualClock();
  let sim: SimulatorHandle;
  let api: Api;
  beforeAll(async () => {
    sim = await startTestSimulator({ clock, dailyLimit: 4 });
    api = await apiFor(sim);
  });
  afterAll(() => sim.stop());

  it('GET /_sim/stats returns the counters and is itself not counted or logged', async () => {
    await api.settings(U);
    const before = sim.counters();
    const logged = sim.requestLog.length;
    const stats = await admin(sim, 'GET', '/_sim/stats');
    expect(stats.status).toBe(200);
    expect(stats.body).toEqual(before);
    expect(sim.counters()).toEqual(before);
    expect(sim.requestLog).toHaveLength(logged);
  });

  it('GET /_sim/log masks passcodes sent in PATCH bodies', async () => {
    expect((await api.patchSettings(U, { schedule_meeting: { pmi_password: '8675309' } })).status).toBe(204);
    const log = await admin(sim, 'GET', '/_sim/log');
    const last = log.body.at(-1);
    expect(last).toMatchObject({ method: 'PATCH', user: U, status: 204, body: { schedule_meeting: { pmi_password: '(sensitive)' } } });
    expect(JSON.stringify(log.body)).not.toContain('8675309');
    // The in-process log keeps the body as received.
    expect(sim.requestLog.at(-1)!.body).toEqual({ schedule_meeting: { pmi_password: '8675309' } });
    expect(sim.secrets()).toContain('8675309');
  });

  it('GET /_sim/user/{key} returns the snapshot with secrets masked; 404 for an unknown user', async () => {
    const res = await admin(sim, 'GET', `/_sim/user/${encodeURIComponent(U)}`);
    expect(res.status).toBe(200);
    expect(res.body.email).toBe(U);
    expect(res.body.settings.default.schedule_meeting.pmi_password).toBe('(sensitive)');
    expect(JSON.stringify(res.body)).not.toContain('8675309');
    expect((await admin(sim, 'GET', '/_sim/user/nobody')).status).toBe(404);
  });

  it('POST /_sim/faults sets faults; bad options answer 400', async () => {
    expect((await admin(sim, 'POST', '/_sim/faults', { errorRate: 1 })).status).toBe(204);
    expect((await api.settings(U)).status).toBeGreaterThanOrEqual(500);
    expect((await admin(sim, 'POST', '/_sim/faults', {})).status).toBe(204);
    const bad = await admin(sim, 'POST', '/_sim/faults', { errorRate: 'lots' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('errorRate');
  });

  it('POST /_sim/next-day clears the daily counter', async () => {
    for (let i = 0; i < 10 && (await api.settings(U)).status !== 429; i++);
    expect((await api.settings(U)).headers.get('x-ratelimit-type')).toBe('Daily-limit');
    expect((await admin(sim, 'POST', '/_sim/next-day')).status).toBe(204);
    expect((await api.settings(U)).status).toBe(200);
  });

  it('POST /_sim/expire-tokens makes issued tokens fail with 401', async () => {
    await admin(sim, 'POST', '/_sim/next-day');
    expect((await admin(sim, 'POST', '/_sim/expire-tokens')).status).toBe(204);
    expect((await api.settings(U)).status).toBe(401);
    api = await apiFor(sim);
  });

  it('POST /_sim/set changes a setting "in the portal" and POST /_sim/lock locks one', async () => {
    await admin(sim, 'POST', '/_sim/next-day');
    expect((await admin(sim, 'POST', '/_sim/set', { user: U, variant: 'default', path: ['in_meeting', 'chat'], value: false })).status).toBe(204);
    expect((await admin(sim, 'POST', '/_sim/lock', { user: U, variant: 'default', path: ['in_meeting', 'chat'] })).status).toBe(204);
    expect((await api.patchSettings(U, { in_meeting: { chat: true } })).status).toBe(204);
    expect((await api.settings(U)).body.in_meeting.chat).toBe(false);
    const bad = await admin(sim, 'POST', '/_sim/set', { user: U, variant: 'default', path: ['in_meeting', 'nope'], value: 1 });
    expect(bad.status).toBe(400);
    expect((await admin(sim, 'POST', '/_sim/lock', { user: 'nobody', variant: 'default', path: ['x'] })).status).toBe(400);
    expect((await admin(sim, 'POST', '/_sim/lock', { user: U, variant: 'bogus', path: ['x'] })).status).toBe(400);
  });
});
