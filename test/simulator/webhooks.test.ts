/**
 * Portal changes and the signed settings events they send (issue 19 item 7). A real receiver on 127.0.0.1 records
 * what arrives; signatures are checked here with node:crypto, payloads against Zoom's own webhook schemas
 * (test/fixtures/zoom-webhooks, extracted from shared/zoom-api by scripts/extract-webhook-schemas.ts) with ajv.
 */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../src/simulator/index.js';
import { expectedSignature, startReceiver, type Receiver } from '../helpers/webhook-receiver.js';
import { ManualClock, NOON, admin, apiFor } from './sim-helpers.js';

const SECRET = 'whsec-test-token';
const U1 = 'user00001@example.com';
const ADMIN = 'user00002@example.com';
const HIERARCHY: SimulatorOptions['hierarchy'] = {
  account: { settings: { in_meeting: { chat: true } } },
  groups: [{ name: 'Sales', id: 'sales', members: ['user00003@example.com'], settings: { recording: { cloud_recording: false } }, locks: { in_meeting: { chat: true } } }],
};

type Validate = ((data: unknown) => boolean) & { errors?: unknown };
const validators = new Map<string, Validate>();

beforeAll(() => {
  // ajv is CommonJS: createRequire gives the class without ESM interop guesswork.
  const Ajv2020 = createRequire(import.meta.url)('ajv/dist/2020.js') as new (options: object) => { compile(schema: unknown): Validate };
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  const fixture = JSON.parse(readFileSync('test/fixtures/zoom-webhooks/settings-events.schema.json', 'utf8')) as { schemas: Record<string, unknown> };
  for (const [event, schema] of Object.entries(fixture.schemas)) validators.set(event, ajv.compile(schema));
});

function expectZoomShaped(body: any): void {
  const validate = validators.get(body.event)!;
  expect({ event: body.event, valid: validate(body), errors: validate.errors ?? null }).toEqual({ event: body.event, valid: true, errors: null });
}

function expectSigned(received: { headers: Record<string, unknown>; rawBody: string }, secret = SECRET): void {
  const timestamp = received.headers['x-zm-request-timestamp'] as string;
  expect(timestamp).toMatch(/^\d{10}$/);
  expect(received.headers['x-zm-signature']).toBe(expectedSignature(secret, timestamp, received.rawBody));
}

/** Each test's simulator and receiver, stopped after it. */
let sim: SimulatorHandle | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await sim?.stop();
  await receiver?.close();
  sim = undefined;
  receiver = undefined;
});

describe('simulator portal changes → signed webhook events', () => {
  const clock = new ManualClock();

  async function start(options: SimulatorOptions = {}): Promise<{ sim: SimulatorHandle; receiver: Receiver }> {
    receiver = await startReceiver();
    sim = await startSimulator({ users: 5, clock, hierarchy: HIERARCHY, webhooks: { url: receiver.url, secret: SECRET }, ...options });
    return { sim, receiver };
  }

  it('a user change in the portal: one signed user.settings_updated with operator, the new and the previous value, not an API call', async () => {
    const { sim, receiver } = await start();
    sim.setSetting(U1, 'default', ['in_meeting', 'chat'], true);
    const userId = sim.user(U1)!.id;
    const answer = await admin(sim, 'POST', `/_sim/portal/users/${encodeURIComponent(U1)}/settings`, { operator: ADMIN, settings: { in_meeting: { chat: false } } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ changed: ['in_meeting.chat'], delivery: 'sent' });
    await sim.webhooksIdle();

    expect(receiver.received).toHaveLength(1);
    const [event] = receiver.received;
    expectSigned(event!);
    expect(event!.headers['x-zm-request-timestamp']).toBe(String(Math.floor(NOON / 1000)));
    expect(event!.headers['content-type']).toMatch(/^application\/json/);
    expect(event!.body).toEqual({
      event: 'user.settings_updated',
      event_ts: NOON,
      payload: {
        account_id: 'sim-account',
        operator: ADMIN,
        operator_id: sim.user(ADMIN)!.id,
        time_stamp: NOON,
        object: { id: userId, settings: { in_meeting: { chat: false } } },
        old_object: { id: userId, settings: { in_meeting: { chat: true } } },
      },
    });
    expectZoomShaped(event!.body);

    // The state changed, as the API now shows; the change itself was no API request and cost no rate limit.
    expect(sim.requestLog).toHaveLength(0);
    expect(sim.counters().requests).toBe(0);
    expect(sim.portalLog).toEqual([{ seq: 1, time: NOON, target: `user ${U1}`, event: 'user.settings_updated', operator: ADMIN, changed: ['in_meeting.chat'] }]);
    expect((await admin(sim, 'GET', '/_sim/portal/log')).body).toEqual(sim.portalLog);
    const api = await apiFor(sim);
    expect((await api.settings(U1)).body.in_meeting.chat).toBe(false);
  });

  it('only changed values are in the event; a change to what is already so sends nothing', async () => {
    const { sim, receiver } = await start();
    sim.setSetting(U1, 'default', ['in_meeting', 'chat'], true);
    sim.setSetting(U1, 'meeting_security', ['meeting_security', 'waiting_room'], false);
    const result = sim.portalChange(
      { kind: 'user', user: U1 },
      { operator: 'it-admin@example.com', settings: { in_meeting: { chat: true }, meeting_security: { waiting_room: true } } },
    );
    expect(result.changed).toEqual(['meeting_security.waiting_room']);
    expect(sim.user(U1)!.settings.meeting_security).toMatchObject({ meeting_security: { waiting_room: true } });
    const again = sim.portalChange({ kind: 'user', user: U1 }, { operator: 'it-admin@example.com', settings: { meeting_security: { waiting_room: true } } });
    expect(again).toEqual({ event: undefined, changed: [] });
    await sim.webhooksIdle();
    expect(receiver.received).toHaveLength(1);
    const body = receiver.received[0]!.body;
    expect(body.payload.object.settings).toEqual({ meeting_security: { waiting_room: true } });
    expect(body.payload.old_object.settings).toEqual({ meeting_security: { waiting_room: false } });
    // An operator who is not a simulated user still gets a stable id.
    expect(body.payload.operator_id).toMatch(/^[\w-]{22}$/);
    expectZoomShaped(body);
  });

  it('group and account settings and locks send their own events, each shaped as Zoom documents it', async () => {
    const { sim, receiver } = await start();
    const api = await apiFor(sim);
    // Not recording.auto_recording for the group: Zoom's group.settings_updated schema types it boolean (its example
    // sends true) where the group GET has local|cloud|none. The simulator sends the GET's value, so a receiver must
    // take the event's values as they come, not trust the webhook schema's types.
    const changes: Array<[string, object, string]> = [
      ['/_sim/portal/groups/sales/settings', { recording: { cloud_recording: true } }, 'group.settings_updated'],
      ['/_sim/portal/groups/Sales/lock_settings', { in_meeting: { chat: false } }, 'group.lock_settings_updated'],
      ['/_sim/portal/account/settings', { in_meeting: { chat: false } }, 'account.settings_updated'],
      ['/_sim/portal/account/lock_settings', { recording: { cloud_recording: true } }, 'account.lock_settings_updated'],
    ];
    for (const [path, settings] of changes) expect((await admin(sim, 'POST', path, { operator: ADMIN, settings })).status).toBe(200);
    await sim.webhooksIdle();
    expect(receiver.received.map((r) => r.body.event)).toEqual(changes.map((c) => c[2]));
    for (const received of receiver.received) {
      expectSigned(received);
      expectZoomShaped(received.body);
    }
    const [group, groupLock, account, accountLock] = receiver.received.map((r) => r.body.payload);
    expect([group.object, group.old_object]).toEqual([
      { id: 'sales', settings: { recording: { cloud_recording: true } } },
      { id: 'sales', settings: { recording: { cloud_recording: false } } },
    ]);
    expect([groupLock.object.settings, groupLock.old_object.settings]).toEqual([{ in_meeting: { chat: false } }, { in_meeting: { chat: true } }]);
    expect([account.object.id, account.object.settings, account.old_object.settings]).toEqual(['sim-account', { in_meeting: { chat: false } }, { in_meeting: { chat: true } }]);
    expect(accountLock.object.settings).toEqual({ recording: { cloud_recording: true } });
    // The API reads the new state.
    expect((await api.get('/groups/sales/settings')).body.recording.cloud_recording).toBe(true);
    expect((await api.get('/groups/sales/lock_settings')).body.in_meeting.chat).toBe(false);
    expect((await api.get('/accounts/me/settings')).body.in_meeting.chat).toBe(false);
    expect((await api.get('/accounts/me/lock_settings')).body.recording.cloud_recording).toBe(true);
  });

  it('a user who inherits (userSettings inherit): the change becomes their own value, old_object has the inherited one', async () => {
    receiver = await startReceiver();
    sim = await startSimulator({ users: 3, userSettings: 'inherit', hierarchy: { account: { settings: { in_meeting: { chat: true } } } }, webhooks: { url: receiver.url, secret: SECRET } });
    sim.portalChange({ kind: 'user', user: U1 }, { operator: ADMIN, settings: { in_meeting: { chat: false } } });
    await sim.webhooksIdle();
    expect(receiver.received[0]!.body.payload.old_object.settings).toEqual({ in_meeting: { chat: true } });
    expect(((await (await apiFor(sim)).settings(U1)).body as any).in_meeting.chat).toBe(false);
  });

  it('refuses what the portal would not allow: bad values, unknown fields, a setting a group lock holds, no operator', async () => {
    const { sim, receiver } = await start();
    const post = (path: string, body: unknown) => admin(sim, 'POST', path, body);
    const user = `/_sim/portal/users/${encodeURIComponent(U1)}/settings`;
    expect(await post(user, { operator: ADMIN, settings: { in_meeting: { chat: 'yes' } } })).toMatchObject({ status: 400, body: { error: 'in_meeting.chat: expected a boolean, got "yes"' } });
    expect(await post(user, { operator: ADMIN, settings: { in_meeting: { chatt: true } } })).toMatchObject({ status: 400, body: { error: "in_meeting.chatt is not one of the user settings Zoom's GET returns" } });
    expect(await post(user, { operator: ADMIN, settings: { recording: { auto_recording: 'tape' } } })).toMatchObject({ status: 400, body: { error: expect.stringContaining('expected one of local, cloud, none') } });
    expect(await post(user, { settings: { in_meeting: { chat: true } } })).toMatchObject({ status: 400, body: { error: expect.stringContaining('`operator`') } });
    expect(await post(user, { operator: ADMIN, settings: { __proto__: { chat: true } } })).toMatchObject({ status: 400 });
    const locked = await post('/_sim/portal/users/user00003%40example.com/settings', { operator: ADMIN, settings: { in_meeting: { chat: false } } });
    expect(locked).toMatchObject({ status: 400, body: { error: 'in_meeting.chat is locked by the group Sales: the portal does not let an admin change it for one user' } });
    expect((await post('/_sim/portal/users/nobody/settings', { operator: ADMIN, settings: { in_meeting: { chat: true } } })).status).toBe(404);
    expect((await post('/_sim/portal/groups/nope/settings', { operator: ADMIN, settings: { in_meeting: { chat: true } } })).status).toBe(404);
    expect((await post('/_sim/portal/account/lock_settings', { operator: ADMIN, settings: { in_meeting: { chat: 1 } } })).status).toBe(400);
    expect((await post('/_sim/portal/elsewhere', {})).status).toBe(404);
    await sim.webhooksIdle();
    expect(receiver.received).toHaveLength(0);
    expect(sim.portalLog).toHaveLength(0);
  });

  it('passcodes: absent from events about other settings; a passcode change carries it as Zoom\'s schema does, masked in the admin answer', async () => {
    const { sim, receiver } = await start();
    const before = sim.secrets();
    expect(before.length).toBeGreaterThan(0);
    await admin(sim, 'POST', `/_sim/portal/users/${encodeURIComponent(U1)}/settings`, { operator: ADMIN, settings: { in_meeting: { chat: !(sim.user(U1)!.settings.default as any).in_meeting.chat } } });
    const answer = await admin(sim, 'POST', `/_sim/portal/users/${encodeURIComponent(U1)}/settings`, { operator: ADMIN, settings: { schedule_meeting: { pmi_password: 'Pc-778899' } } });
    await sim.webhooksIdle();
    expect(receiver.received).toHaveLength(2);
    for (const secret of [...before, 'Pc-778899']) expect(receiver.received[0]!.rawBody).not.toContain(secret);
    // user.settings_updated documents schedule_meeting.pmi_password (a string): Zoom sends passcodes, so a receiver
    // (our watch) must redact them before it reports anything.
    expect(receiver.received[1]!.body.payload.object.settings).toEqual({ schedule_meeting: { pmi_password: 'Pc-778899' } });
    expectZoomShaped(receiver.received[1]!.body);
    expect(answer.body.event.payload.object.settings.schedule_meeting.pmi_password).toBe('(sensitive)');
    expect(JSON.stringify(answer.body)).not.toContain('Pc-778899');
    expect(JSON.stringify(sim.portalLog)).not.toContain('Pc-778899');
  });
});

describe('changes through the API send user.settings_updated too (Zoom: "… or by calling the Update user settings API")', () => {

  it('a PATCH that alters values: one event with the new and previous values, naming the API operator; none for a PATCH that alters nothing', async () => {
    receiver = await startReceiver();
    sim = await startSimulator({ users: 3, webhooks: { url: receiver.url, secret: SECRET, apiOperator: { email: 'gitops-app@example.com', id: 'app-1' } } });
    sim.setSetting(U1, 'default', ['in_meeting', 'chat'], true);
    sim.setSetting(U1, 'meeting_security', ['meeting_security', 'waiting_room'], false);
    const api = await apiFor(sim);
    expect((await api.patchSettings(U1, { in_meeting: { chat: false, file_transfer: (sim.user(U1)!.settings.default as any).in_meeting.file_transfer } })).status).toBe(204);
    expect((await api.patchSettings(U1, { in_meeting: { chat: false } })).status).toBe(204);
    expect((await api.patchSettings(U1, { meeting_security: { waiting_room: true } }, 'meeting_security')).status).toBe(204);
    await sim.webhooksIdle();
    expect(receiver.received.map((r) => r.body.payload.object.settings)).toEqual([{ in_meeting: { chat: false } }, { meeting_security: { waiting_room: true } }]);
    const [first, second] = receiver.received.map((r) => r.body);
    expect(first.payload).toMatchObject({ operator: 'gitops-app@example.com', operator_id: 'app-1', object: { id: sim.user(U1)!.id }, old_object: { settings: { in_meeting: { chat: true } } } });
    expect(second.payload.old_object.settings).toEqual({ meeting_security: { waiting_room: false } });
    for (const received of receiver.received) {
      expectSigned(received);
      expectZoomShaped(received.body);
    }
    expect(sim.portalLog).toHaveLength(0);
  });

  it('apiChanges: false sends portal changes only', async () => {
    receiver = await startReceiver();
    sim = await startSimulator({ users: 3, webhooks: { url: receiver.url, secret: SECRET, apiChanges: false } });
    sim.setSetting(U1, 'default', ['in_meeting', 'chat'], true);
    const api = await apiFor(sim);
    expect((await api.patchSettings(U1, { in_meeting: { chat: false } })).status).toBe(204);
    sim.portalChange({ kind: 'user', user: U1 }, { operator: ADMIN, settings: { in_meeting: { chat: true } } });
    await sim.webhooksIdle();
    expect(receiver.received.map((r) => r.body.payload.operator)).toEqual([ADMIN]);
  });
});

describe('delivery like Zoom: retries, redelivery, endpoint validation', () => {

  const change = (s: SimulatorHandle, chat: boolean) => s.portalChange({ kind: 'user', user: U1 }, { operator: ADMIN, settings: { in_meeting: { chat } } });

  it('a non-2xx answer is retried after 5, 20 and 60 minutes by default, each attempt freshly signed, then stops on 2xx', async () => {
    const clock = new ManualClock();
    const sleeps: number[] = [];
    const sleep = async (ms: number): Promise<void> => {
      sleeps.push(ms);
      clock.advance(ms);
    };
    receiver = await startReceiver();
    receiver.answers.push(500, 503);
    sim = await startSimulator({ users: 3, clock, webhooks: { url: receiver.url, secret: SECRET, sleep } });
    sim.setSetting(U1, 'default', ['in_meeting', 'chat'], true);
    change(sim, false);
    await sim.webhooksIdle();
    expect(sleeps).toEqual([5 * 60_000, 20 * 60_000]);
    expect(sim.webhookDeliveries.map((d) => [d.attempt, d.status, d.ok])).toEqual([
      [1, 500, false],
      [2, 503, false],
      [3, 200, true],
    ]);
    // The same event every time; a new timestamp and signature per attempt.
    expect(new Set(receiver.received.map((r) => r.rawBody)).size).toBe(1);
    expect(receiver.received.map((r) => Number(r.headers['x-zm-request-timestamp']) - Math.floor(NOON / 1000))).toEqual([0, 300, 1500]);
    for (const received of receiver.received) expectSigned(received);
  });

  it('gives up after the last retry; an endpoint that is down counts as a failure (status 0)', async () => {
    const sleeps: number[] = [];
    receiver = await startReceiver();
    receiver.answers.push(500, 500, 500, 500, 500);
    sim = await startSimulator({ users: 3, webhooks: { url: receiver.url, secret: SECRET, retryDelaysMs: [10, 20], sleep: async (ms) => void sleeps.push(ms) } });
    change(sim, false);
    await sim.webhooksIdle();
    expect(sleeps).toEqual([10, 20]);
    expect(sim.webhookDeliveries.map((d) => d.status)).toEqual([500, 500, 500]);
    const down = receiver.url;
    await receiver.close();
    receiver = undefined;
    sim.setWebhooks({ url: down, secret: SECRET, retryDelaysMs: [1], sleep: async () => undefined });
    change(sim, true);
    await sim.webhooksIdle();
    const last = sim.webhookDeliveries.slice(-2);
    expect(last.map((d) => [d.attempt, d.status, d.ok])).toEqual([
      [1, 0, false],
      [2, 0, false],
    ]);
    expect(last[0]!.error).toMatch(/ECONNREFUSED/);
  });

  it('no answer within the timeout (Zoom: 3 s) is a failure and is retried', async () => {
    receiver = await startReceiver();
    receiver.answers.push(0);
    sim = await startSimulator({ users: 3, webhooks: { url: receiver.url, secret: SECRET, timeoutMs: 50, retryDelaysMs: [1], sleep: async () => undefined } });
    change(sim, false);
    await sim.webhooksIdle();
    expect(sim.webhookDeliveries.map((d) => [d.attempt, d.status, d.ok, d.error])).toEqual([
      [1, 0, false, 'no answer within 50 ms'],
      [2, 200, true, undefined],
    ]);
  });

  it('stop() abandons a retry that is waiting on a real timer (an hour away) instead of hanging', async () => {
    receiver = await startReceiver();
    receiver.answers.push(500);
    sim = await startSimulator({ users: 3, webhooks: { url: receiver.url, secret: SECRET, retryDelaysMs: [3_600_000] } });
    change(sim, false);
    while (sim.webhookDeliveries.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await sim.stop();
    await sim.webhooksIdle();
    expect(sim.webhookDeliveries.map((d) => d.status)).toEqual([500]);
  });

  it('redeliver: the same event arrives twice, both validly signed (for deduplication tests)', async () => {
    receiver = await startReceiver();
    sim = await startSimulator({ users: 3, webhooks: { url: receiver.url, secret: SECRET, redeliver: true } });
    change(sim, false);
    change(sim, true);
    await sim.webhooksIdle();
    expect(receiver.received).toHaveLength(4);
    for (const received of receiver.received) expectSigned(received);
    const bodies = receiver.received.map((r) => r.rawBody);
    expect(new Set(bodies).size).toBe(2);
    expect(sim.webhookDeliveries.map((d) => d.redelivery).sort()).toEqual([false, false, true, true]);
  });

  it('endpoint.url_validation: a signed challenge; ok when encryptedToken = HMAC-SHA256(secret, plainToken), the reason when not', async () => {
    receiver = await startReceiver({ validationSecret: SECRET });
    sim = await startSimulator({ users: 1, webhooks: { url: receiver.url, secret: SECRET } });
    expect(await sim.checkWebhookEndpoint()).toEqual({ ok: true, status: 200 });
    const challenge = receiver.received[0]!;
    expect(challenge.body).toEqual({ event: 'endpoint.url_validation', event_ts: expect.any(Number), payload: { plainToken: expect.stringMatching(/^[\w-]{22}$/) } });
    expectSigned(challenge);
    const wrong = await admin(sim, 'POST', '/_sim/webhooks/validate', { secret: 'another-secret' });
    expect(wrong.body).toMatchObject({ ok: false, status: 200, reason: expect.stringContaining('is the secret token the same on both sides?') });
    const plain = await startReceiver();
    try {
      expect((await admin(sim, 'POST', '/_sim/webhooks/validate', { url: plain.url })).body).toMatchObject({ ok: false, reason: 'the answer is not JSON' });
    } finally {
      await plain.close();
    }
  });

  it('POST /_sim/webhooks sets the endpoint at run time; GET /_sim/webhooks shows it and the deliveries, never the secret', async () => {
    receiver = await startReceiver();
    sim = await startSimulator({ users: 3 });
    expect(change(sim, false).event).toBeDefined();
    expect((await admin(sim, 'POST', `/_sim/portal/users/${encodeURIComponent(U1)}/settings`, { operator: ADMIN, settings: { in_meeting: { chat: true } } })).body.delivery).toBe('no webhook endpoint configured');
    expect((await admin(sim, 'POST', '/_sim/webhooks', { url: receiver.url })).status).toBe(400);
    expect((await admin(sim, 'POST', '/_sim/webhooks', { url: 'ftp://x', secret: SECRET })).status).toBe(400);
    const set = await admin(sim, 'POST', '/_sim/webhooks', { url: receiver.url, secret: SECRET, retryDelaysMs: [1000], redeliver: false });
    expect(set.body).toEqual({ endpoint: { url: receiver.url, retryDelaysMs: [1000], timeoutMs: 3000, redeliver: false, apiChanges: true } });
    change(sim, false);
    await sim.webhooksIdle();
    expect(receiver.received).toHaveLength(1);
    const listed = await admin(sim, 'GET', '/_sim/webhooks');
    expect(listed.body.deliveries).toEqual([expect.objectContaining({ event: 'user.settings_updated', attempt: 1, status: 200, ok: true })]);
    expect(JSON.stringify(listed.body)).not.toContain(SECRET);
    expect((await admin(sim, 'POST', '/_sim/webhooks', { url: null })).body).toEqual({ endpoint: null });
  });
});
