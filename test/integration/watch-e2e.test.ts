/**
 * The loop end to end, as the demo shows it: the simulator's "portal" changes a managed user's in_meeting.chat and
 * posts Zoom's signed user.settings_updated to a running `zoom-settings watch` (the built CLI, a child process).
 * The watch reports the drift with the operator, old → new and the desired file:line; with --fix it puts the
 * value back and verifies it with one GET, one PATCH and one verifying GET, for that user only.
 * The test waits for report lines (generous deadline); it asserts no durations.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestStory, simulatorFor, type SimEnv } from '../helpers/sim-env.js';
import { send, startWatchChild, type WatchChild } from '../helpers/zoom-webhook.js';


// Each test starts one or two CLI processes and waits for reports with a 30 s deadline of its own: under a loaded
// full suite the whole story can take longer than jest's default per test.
jest.setTimeout(120_000);
const SECRET = 'e2e-secret-token-51d0';
const CAROL = 'carol@example.com';

let s: SimEnv;
let w: WatchChild | undefined;

beforeEach(async () => {
  s = await simulatorFor('desired-state', {}, { ZOOM_EXEC_PMI_PASSCODE: '31415926' });
});
afterEach(async () => {
  w?.child.kill('SIGKILL');
  await w?.exit();
  w = undefined;
  await s.stop();
});

async function watchWithSimulatorPosting(args: string[]): Promise<WatchChild> {
  const work = mkdtempSync(join(tmpdir(), 'watch-e2e-'));
  w = await startWatchChild(['--dir', 'desired-state', '--queue', join(work, 'queue.jsonl'), '--journal', join(work, 'journal.jsonl'), '--format', 'json', ...args], {
    ...s.env,
    ZOOM_WEBHOOK_SECRET_TOKEN: SECRET,
  });
  // Configured through the simulator's admin API, as the demo does, then Zoom's endpoint validation.
  expect((await send(`${s.sim.baseUrl}/_sim/webhooks`, JSON.stringify({ url: w.url, secret: SECRET }), {})).status).toBe(200);
  const validation = JSON.parse((await send(`${s.sim.baseUrl}/_sim/webhooks/validate`, '{}', {})).body) as Record<string, unknown>;
  expect(validation).toMatchObject({ ok: true });
  return w;
}

async function portalChange(): Promise<void> {
  const carolId = s.sim.user(CAROL)!.id;
  s.sim.clearLog();
  const answer = await send(`${s.sim.baseUrl}/_sim/portal/users/${carolId}/settings`, JSON.stringify({ operator: 'it-admin@example.com', operator_id: 'adm-1', settings: { in_meeting: { chat: false } } }), {});
  expect(JSON.parse(answer.body)).toMatchObject({ delivery: 'sent' });
}

describe('watch with the simulator posting portal changes', () => {
  it('reports one drift: operator, old → new, desired file:line; sends nothing', async () => {
    const watch = await watchWithSimulatorPosting([]);
    await portalChange();
    const report = await watch.waitFor('the drift report', () => watch.reports()[0]);
    expect(report).toMatchObject({
      type: 'drift',
      target: { kind: 'user', key: CAROL },
      operator: 'it-admin@example.com',
      settings: [{ setting: 'in_meeting.chat', old: true, new: false, live: false, desired: true, state: 'drift' }],
    });
    expect((report.settings as Array<{ desired_at: string }>)[0]!.desired_at).toMatch(/^desired-state\/defaults\.yaml:6:\d+$/);
    await s.sim.webhooksIdle();
    expect(watch.reports()).toHaveLength(1);
    expect(requestStory(s.sim)).toEqual([`GET ${CAROL} default 200`]);
  });

  it('--fix: the value is back and verified, with one GET, one PATCH and the verifying GET for that user only', async () => {
    const watch = await watchWithSimulatorPosting(['--fix']);
    await portalChange();
    const report = await watch.waitFor('the fix report', () => watch.reports()[0]);
    expect(report).toMatchObject({ operator: 'it-admin@example.com', settings: [{ setting: 'in_meeting.chat', old: true, new: false, state: 'fixed' }], fix: { result: 'applied' } });
    expect((s.sim.user(CAROL)!.settings.default.in_meeting as Record<string, unknown>).chat).toBe(true);
    expect(s.sim.requestLog.filter((r) => r.user !== null).map((r) => `${r.method} ${r.user} ${r.option ?? 'default'} ${r.status}`)).toEqual([
      `GET ${CAROL} default 200`,
      `PATCH ${CAROL} default 204`,
      `GET ${CAROL} default 200`,
    ]);
  });

  it('a group event is planned against groups/sales.yaml: with --fix the group setting is back, reading and writing that group only', async () => {
    const watch = await watchWithSimulatorPosting(['--fix']);
    const salesId = await groupId('Sales');
    s.sim.clearLog();
    // groups/sales.yaml wants in_meeting.chat false for Sales; an admin turns it on in the portal.
    const answer = await send(`${s.sim.baseUrl}/_sim/portal/groups/${salesId}/settings`, JSON.stringify({ operator: 'it-admin@example.com', settings: { in_meeting: { chat: true } } }), {});
    expect(JSON.parse(answer.body)).toMatchObject({ delivery: 'sent' });
    const report = await watch.waitFor('the group report', () => watch.reports()[0]);
    expect(report).toMatchObject({
      type: 'drift',
      target: { kind: 'group', id: salesId },
      operator: 'it-admin@example.com',
      settings: [{ setting: 'in_meeting.chat', old: false, new: true, live: true, desired: false, state: 'fixed' }],
      fix: { result: 'applied' },
    });
    expect((report.settings as Array<{ desired_at: string }>)[0]!.desired_at).toMatch(/^desired-state\/groups\/sales\.yaml:8:\d+$/);
    const touched = s.sim.requestLog.map((r) => `${r.method} ${r.path.replace(/\?.*$/, '')}`);
    expect(touched.filter((t) => t.startsWith('PATCH'))).toEqual([`PATCH /v2/groups/${salesId}/settings`]);
    expect(touched.every((t) => t.includes(`/groups/${salesId}/`))).toBe(true);
  });
});

/** A group's id, as the API lists it (the simulator makes ids up). */
async function groupId(name: string): Promise<string> {
  const { clientId, clientSecret, accountId } = s.sim.credentials;
  const token = (await (
    await fetch(`${s.sim.tokenUrl}?grant_type=account_credentials&account_id=${accountId}`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` } })
  ).json()) as { access_token: string };
  const groups = (await (await fetch(`${s.sim.apiBaseUrl}/groups`, { headers: { authorization: `Bearer ${token.access_token}` } })).json()) as { groups: Array<{ id: string; name: string }> };
  return groups.groups.find((g) => g.name === name)!.id;
}
