import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UsageError } from '../../src/core/errors.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { ZoomApiError } from '../../src/zoom/index.js';
import { activeUsers, apiLog, simulatorClient, type TestClient } from './harness.js';

const PASSCODE = 'Zq7-passcode-771';

describe('ZoomClient calls (against the simulator)', () => {
  let sim: SimulatorHandle;
  let test: TestClient;

  beforeAll(async () => {
    sim = await startSimulator({
      users: 75,
      maxRps: 1000,
      latency: { minMs: 5, maxMs: 25 },
      clientSecret: 'client-secret-that-must-not-leak',
      seedUsers: [{ email: 'first.o+tag@example.com' }],
    });
    test = simulatorClient(sim);
  });

  afterAll(async () => {
    test.client.close();
    await sim.stop();
  });

  it('reads each variant with its option and no option for default', async () => {
    const user = activeUsers(sim)[0]!;
    sim.clearLog();
    const base = await test.client.getUserSettings(user.id, 'default');
    const security = await test.client.getUserSettings(user.id, 'meeting_security');
    const meetingAuth = await test.client.getUserSettings(user.id, 'meeting_authentication');
    expect(base).toHaveProperty('in_meeting');
    expect(base).not.toHaveProperty('meeting_security');
    expect(Object.keys(security)).toEqual(['meeting_security']);
    // Real Zoom lists the profiles only while the toggle is on (zoom-api-facts.md §9.2).
    expect(meetingAuth).toHaveProperty('meeting_authentication');
    if (meetingAuth.meeting_authentication === true) expect(meetingAuth).toHaveProperty('authentication_options');
    else expect(meetingAuth).not.toHaveProperty('authentication_options');
    expect(apiLog(sim).map((entry) => [entry.method, entry.option])).toEqual([
      ['GET', null],
      ['GET', 'meeting_security'],
      ['GET', 'meeting_authentication'],
    ]);
  });

  it('patches with the body as given and URL-encodes an email', async () => {
    sim.clearLog();
    const email = 'First.O+tag@example.com';
    await test.client.patchUserSettings(email, 'meeting_security', { meeting_security: { waiting_room: true } });
    await test.client.patchUserSettings(email, 'meeting_security', { meeting_security: { waiting_room: false } });
    expect(apiLog(sim).map((entry) => entry.path)).toEqual([
      '/v2/users/First.O%2Btag%40example.com/settings',
      '/v2/users/First.O%2Btag%40example.com/settings',
    ]);
    expect(apiLog(sim)[1]!.body).toEqual({ meeting_security: { waiting_room: false } });
    expect((sim.user('first.o+tag@example.com')!.settings.meeting_security.meeting_security as Record<string, unknown>).waiting_room).toBe(false);
  });

  it('refuses "me" without sending anything', async () => {
    const before = sim.counters().requests;
    await expect(test.client.getUserSettings('me', 'default')).rejects.toBeInstanceOf(UsageError);
    await expect(test.client.patchUserSettings('ME', 'default', {})).rejects.toThrow(/user's id or email/);
    expect(sim.counters().requests).toBe(before);
  });

  it('never has two requests in flight for one user, whatever the method or the case of the email', async () => {
    const before = sim.counters();
    const users = activeUsers(sim).slice(0, 3);
    const calls = Array.from({ length: 60 }, (_, index) => {
      const user = users[index % 3]!;
      const key = index % 2 === 0 ? user.email : user.email.toUpperCase();
      return index % 3 === 0
        ? test.client.patchUserSettings(key, 'default', { in_meeting: { chat: index % 2 === 0 } })
        : test.client.getUserSettings(key, index % 4 === 0 ? 'meeting_security' : 'default');
    });
    await Promise.all(calls);
    const after = sim.counters();
    expect(after.concurrentSameUser - before.concurrentSameUser).toBe(0);
    expect(after.rateLimited.Concurrent - before.rateLimited.Concurrent).toBe(0);
    expect(after.requests - before.requests).toBe(60);
    expect(test.client.metrics().maxInFlight).toBeGreaterThan(1);
  });

  it('1001: an unknown user is a ZoomApiError in words, not retried', async () => {
    const error = (await test.client.getUserSettings('ghost@example.com', 'default').catch((caught: unknown) => caught)) as ZoomApiError;
    expect(error).toBeInstanceOf(ZoomApiError);
    expect(error.message).toBe('GET /users/ghost%40example.com/settings for ghost@example.com failed: HTTP 404, Zoom code 1001 user does not exist');
    expect(error.isNotFound).toBe(true);
    expect(error).toMatchObject({ status: 404, code: 1001, option: 'default', userId: 'ghost@example.com', attempts: 1 });
  });

  it('1000: a pending user is a ZoomApiError saying the invitation is pending', async () => {
    const error = (await test.client.patchUserSettings('user00050@example.com', 'meeting_security', { meeting_security: { waiting_room: true } }).catch(
      (caught: unknown) => caught,
    )) as ZoomApiError;
    expect(error.isPending).toBe(true);
    expect(error.message).toBe(
      'PATCH /users/user00050%40example.com/settings?option=meeting_security for user00050@example.com failed: HTTP 400, Zoom code 1000 invitation pending (the user has not accepted the invitation to join the account yet)',
    );
  });

  it('300: validation errors name the fields, and the passcode sent is not in the message', async () => {
    const user = activeUsers(sim)[4]!.id;
    sim.clearLog();
    const error = (await test.client
      .patchUserSettings(user, 'default', { in_meeting: { waitng_room: true }, schedule_meeting: { default_password_for_scheduled_meetings: PASSCODE, host_video: 'yes' } })
      .catch((caught: unknown) => caught)) as ZoomApiError;
    expect(error).toBeInstanceOf(ZoomApiError);
    expect(error.code).toBe(300);
    expect(error.fieldErrors.map((entry) => entry.field).sort()).toEqual(['in_meeting.waitng_room', 'schedule_meeting.host_video']);
    expect(error.message).toMatch(new RegExp(`^PATCH /users/${user}/settings for ${user} failed: HTTP 400, Zoom code 300 validation failed \\(.*in_meeting\\.waitng_room: .+\\)$`));
    expect(error.message).not.toContain(PASSCODE);
    expect(apiLog(sim)).toHaveLength(1);
  });

  it('lists users page by page', async () => {
    sim.clearLog();
    const active: string[] = [];
    for await (const user of test.client.listUsers({ pageSize: 30 })) active.push(user.email);
    expect(active).toEqual(activeUsers(sim).map((user) => user.email));
    expect(apiLog(sim).map((entry) => entry.method + ' ' + entry.path)).toEqual(Array(3).fill('GET /v2/users'));
    const pending: string[] = [];
    for await (const user of test.client.listUsers({ status: 'pending' })) pending.push(user.email);
    expect(pending).toEqual(['user00050@example.com']);
  });

  it('the trace log holds no token, no client secret and no passcode', async () => {
    const user = activeUsers(sim)[5]!.id;
    await test.client.getUserSettings(user, 'default');
    await test.client.patchUserSettings(user, 'default', { schedule_meeting: { default_password_for_scheduled_meetings: PASSCODE } });
    sim.expireAllTokens();
    await test.client.getUserSettings(user, 'meeting_security');
    const text = test.logs.text();
    const lines = test.logs.lines();
    expect(lines.some((line) => line.msg === 'zoom request' && line.method === 'PATCH' && line.status === 204)).toBe(true);
    expect(lines.some((line) => line.msg === 'patch body keys')).toBe(true);
    expect(lines.some((line) => line.msg === 'retrying zoom request')).toBe(true);
    expect(text).not.toMatch(/sim\.[A-Za-z0-9_-]{16,}/);
    expect(text).not.toMatch(/bearer/i);
    expect(text).not.toContain('client-secret-that-must-not-leak');
    expect(text).not.toContain(PASSCODE);
    const secrets = sim.secrets();
    expect(secrets.length).toBeGreaterThan(0);
    // Whole values only: a 6-digit passcode also occurs inside the log's millisecond timestamps.
    const whole = (secret: string) => new RegExp(`(?<![A-Za-z0-9])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`);
    for (const secret of secrets) expect(text).not.toMatch(whole(secret));
  });
});
