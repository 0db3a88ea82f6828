/**
 * The loop a user tries by hand (README "Real-time drift"): `zoom-settings simulator --webhook-url … --webhook-secret …`
 * as a child process, a portal change with an HTTP POST, and a signed event at the endpoint.
 */
import { spawn } from 'node:child_process';
import { afterEach, expect, it } from '@jest/globals';
import { expectedSignature, startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

const ROOT = new URL('../../', import.meta.url).pathname;
let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

it('the CLI simulator posts a signed user.settings_updated for a portal change, and its validation check passes', async () => {
  receiver = await startReceiver({ validationSecret: 'cli-webhook-secret' });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'simulator', '--port', '0', '--users', '3', '--webhook-url', receiver.url], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '', ZOOM_WEBHOOK_SECRET_TOKEN: 'cli-webhook-secret' },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const base = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /^listening on (\S+)$/m.exec(stdout);
        if (match && stdout.includes('Stop: Ctrl-C')) resolve(match[1]!);
      });
      child.on('exit', () => reject(new Error(`exited before listening: ${stderr}`)));
    });
    const validation = await fetch(`${base}/_sim/webhooks/validate`, { method: 'POST' });
    expect(await validation.json()).toEqual({ ok: true, status: 200 });

    // Flip the user's chat setting, whatever the seed made it, so the change alters a value.
    const user = (await (await fetch(`${base}/_sim/user/user00001%40example.com`)).json()) as { settings: { default: { in_meeting: { chat: boolean } } } };
    const chat = !user.settings.default.in_meeting.chat;
    const change = await fetch(`${base}/_sim/portal/users/user00001%40example.com/settings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operator: 'admin@example.com', settings: { in_meeting: { chat } } }),
    });
    expect(change.status).toBe(200);
    expect(((await change.json()) as { changed: string[] }).changed).toEqual(['in_meeting.chat']);
    // Delivery is in the background: wait for it (a bound, not a time assertion).
    for (let i = 0; i < 500 && receiver.received.length < 2; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    const event = receiver.received.find((r) => r.body.event === 'user.settings_updated');
    expect(event!.body.payload.object.settings).toEqual({ in_meeting: { chat } });
    expect(event!.headers['x-zm-signature']).toBe(expectedSignature('cli-webhook-secret', event!.headers['x-zm-request-timestamp'] as string, event!.rawBody));
    expect(event!.body.payload).toMatchObject({ account_id: 'sim-account', operator: 'admin@example.com' });

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout + stderr).not.toContain('cli-webhook-secret');
    expect(stderr).toContain('1 portal changes, 1 webhook deliveries (0 failed)');
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});
