import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { createSimulatorCommand } from '../../src/commands/simulator.js';
import type { CommandIo } from '../../src/commands/command.js';
import { UsageError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/io/logger.js';
import { startSimulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { basicAuth } from './sim-helpers.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const CWD = mkdtempSync(join(tmpdir(), 'zoom-sim-cli-'));
afterAll(() => rmSync(CWD, { recursive: true, force: true }));

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { stream, text: () => text };
}

/** Stops every in-process run a failed assertion left running (stopping twice is harmless). */
const runs: Array<{ stop: () => void; exit: Promise<number> }> = [];
afterEach(async () => {
  for (const run of runs.splice(0)) {
    run.stop();
    await run.exit.catch(() => undefined);
  }
});

/** Runs the command in-process until `stop()` is called; returns what it printed and the options it started with. */
function runInProcess(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stop: (signal: string) => void = () => {};
  let started: SimulatorOptions | undefined;
  let ready: () => void = () => {};
  const readyPromise = new Promise<void>((resolve) => (ready = resolve));
  const command = createSimulatorCommand({
    start: async (options) => {
      started = options;
      return startSimulator(options);
    },
    // Called once the command has printed its lines and waits for a signal.
    untilStopped: () =>
      new Promise((resolve) => {
        stop = resolve;
        ready();
      }),
  });
  const stdout = collect();
  const stderr = collect();
  const io: CommandIo = { stdout: stdout.stream, stderr: stderr.stream, stdin: new PassThrough(), env, cwd: CWD, logger: silentLogger };
  const args = parseArgs({ args: argv, options: command.options, allowPositionals: true, strict: true });
  const exit = command.run(args, io);
  const run = { exit, readyPromise, stop: (signal = 'SIGTERM') => stop(signal), stdout: stdout.text, stderr: stderr.text, options: () => started };
  runs.push(run);
  return run;
}

describe('zoom-settings simulator (in process)', () => {
  it('prints the listening line first and the default secret in full', async () => {
    const run = runInProcess(['--users', '3']);
    await run.readyPromise;
    run.stop();
    expect(await run.exit).toBe(0);
    const lines = run.stdout().split('\n');
    const base = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(lines[0]!)![1];
    expect(run.stdout()).toContain(
      `export ZOOM_ACCOUNT_ID=sim-account ZOOM_CLIENT_ID=sim-client ZOOM_CLIENT_SECRET=sim-secret ` +
        `ZOOM_OAUTH_TOKEN_URL=${base}/oauth/token ZOOM_API_BASE_URL=${base}/v2`,
    );
    expect(run.stderr()).toContain('simulator stopped (SIGTERM)');
  });

  it('takes credentials from ZOOM_SIM_* and never prints a given secret', async () => {
    const env = { ZOOM_SIM_ACCOUNT_ID: 'acct-9', ZOOM_SIM_CLIENT_ID: 'client-9', ZOOM_SIM_CLIENT_SECRET: 'env-secret-value' };
    const run = runInProcess(['--users', '2'], env);
    await run.readyPromise;
    const base = /^listening on (\S+)$/m.exec(run.stdout())![1];
    const token = await fetch(`${base}/oauth/token?grant_type=account_credentials&account_id=acct-9`, {
      method: 'POST',
      headers: { authorization: basicAuth('client-9', 'env-secret-value') },
    });
    expect(token.status).toBe(200);
    run.stop();
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toContain("ZOOM_ACCOUNT_ID=acct-9 ZOOM_CLIENT_ID=client-9 ZOOM_CLIENT_SECRET='<as given>'");
    expect(run.stdout() + run.stderr()).not.toContain('env-secret-value');
  });

  it('maps every flag onto the simulator options', async () => {
    const run = runInProcess([
      '--users', '7', '--seed', 'abc', '--plan', 'free', '--max-rps', '3', '--daily-limit', '9', '--latency', '5-10',
      '--token-ttl', '60', '--account-id', 'a1', '--client-id', 'c1', '--client-secret', 'flag-secret', '--no-log', '--state', 'sim.json',
    ]);
    await run.readyPromise;
    run.stop();
    expect(await run.exit).toBe(0);
    expect(run.options()).toMatchObject({
      port: 0,
      users: 7,
      seed: 'abc',
      plan: 'free',
      maxRps: 3,
      dailyLimit: 9,
      latency: { minMs: 5, maxMs: 10 },
      tokenTtlSeconds: 60,
      accountId: 'a1',
      clientId: 'c1',
      clientSecret: 'flag-secret',
      requestLog: false,
      statePath: join(CWD, 'sim.json'),
    });
    expect(run.stdout()).not.toContain('flag-secret');
  });

  it.each([
    [['--port', '70000'], '--port must be an integer from 0 to 65535, not "70000"'],
    [['--users', 'many'], '--users must be an integer ≥ 0, not "many"'],
    [['--plan', 'gold'], '--plan must be free, pro or business, not "gold"'],
    [['--max-rps', '0'], '--max-rps must be a positive number, not "0"'],
    [['--latency', '9-1'], '--latency must be MIN-MAX milliseconds with MIN ≤ MAX (e.g. 20-80), not "9-1"'],
  ])('refuses %j with a usage error', async (argv, message) => {
    const run = runInProcess(argv);
    await expect(run.exit).rejects.toThrow(new UsageError(message));
  });

  it('maps the webhook flags, takes the secret from ZOOM_WEBHOOK_SECRET_TOKEN, and never prints it', async () => {
    const run = runInProcess(
      ['--users', '2', '--webhook-url', 'http://127.0.0.1:9/zoom', '--webhook-retry-delays', '10s,1m,250', '--webhook-redeliver', '--webhook-portal-only'],
      { ZOOM_WEBHOOK_SECRET_TOKEN: 'env-webhook-secret' },
    );
    await Promise.race([run.readyPromise, run.exit]);
    run.stop();
    expect(await run.exit).toBe(0);
    expect(run.options()!.webhooks).toEqual({ url: 'http://127.0.0.1:9/zoom', secret: 'env-webhook-secret', retryDelaysMs: [10_000, 60_000, 250], redeliver: true, apiChanges: false });
    expect(run.stdout()).toContain('Webhooks: signed settings events go to http://127.0.0.1:9/zoom (retries after 10s, 1m, 250ms; every event delivered twice; portal changes only)');
    expect(run.stdout()).toMatch(/Portal change: curl -X POST http:\/\/127\.0\.0\.1:\d+\/_sim\/portal\/users\/user00001%40example\.com\/settings/);
    expect(run.stdout() + run.stderr()).not.toContain('env-webhook-secret');
    expect(run.stderr()).toContain('0 portal changes, 0 webhook deliveries (0 failed)');
  });

  it.each([
    [['--webhook-url', 'http://127.0.0.1:9/x'], {}, '--webhook-url needs --webhook-secret or ZOOM_WEBHOOK_SECRET_TOKEN: events are signed'],
    [['--webhook-secret', 's'], {}, '--webhook-secret, --webhook-retry-delays, --webhook-redeliver and --webhook-portal-only need --webhook-url'],
    [['--webhook-url', 'localhost:8080'], { ZOOM_WEBHOOK_SECRET_TOKEN: 's' }, '--webhook-url must be an http:// or https:// URL, not "localhost:8080"'],
    [['--webhook-url', 'http://h/', '--webhook-secret', 's', '--webhook-retry-delays', '5 minutes'], {}, '--webhook-retry-delays must be durations like 10s,1m,1h (or none), not "5 minutes"'],
  ])('refuses webhook flags %j with a usage error', async (argv, env, message) => {
    const run = runInProcess(argv, env);
    await expect(run.exit).rejects.toThrow(new UsageError(message));
  });

  it('ZOOM_WEBHOOK_SECRET_TOKEN alone (set for watch in the same shell) sends nothing and is no error', async () => {
    const run = runInProcess(['--users', '1', '--webhook-retry-delays', 'none', '--webhook-url', 'http://127.0.0.1:9/'], { ZOOM_WEBHOOK_SECRET_TOKEN: 's' });
    await Promise.race([run.readyPromise, run.exit]);
    run.stop();
    expect(await run.exit).toBe(0);
    expect(run.options()!.webhooks).toEqual({ url: 'http://127.0.0.1:9/', secret: 's', retryDelaysMs: [] });
    const quiet = runInProcess(['--users', '1'], { ZOOM_WEBHOOK_SECRET_TOKEN: 's' });
    await Promise.race([quiet.readyPromise, quiet.exit]);
    quiet.stop();
    expect(await quiet.exit).toBe(0);
    expect(quiet.options()!.webhooks).toBeUndefined();
    expect(quiet.stdout()).toContain('Portal change (no webhook URL: no event is sent)');
  });

  it('explains every flag in its help', () => {
    const command = createSimulatorCommand();
    for (const flag of Object.keys(command.options)) expect(command.help).toContain(`--${flag}`);
    expect(command.help).toContain('--help');
  });
});

describe('zoom-settings simulator (child process)', () => {
  it('starts, serves a request, and exits 0 on SIGTERM without printing secrets', async () => {
    // `node --import tsx` rather than `npx tsx`: npx does not forward SIGTERM to the program it runs.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'simulator', '--port', '0', '--users', '5', '--client-secret', 'cli-secret-42'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
        });
        child.on('exit', () => reject(new Error(`exited before listening: ${stderr}`)));
      });
      const base = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(firstLine)?.[1];
      expect(base).toBeDefined();

      const tokenRes = await fetch(`${base}/oauth/token?grant_type=account_credentials&account_id=sim-account`, {
        method: 'POST',
        headers: { authorization: basicAuth('sim-client', 'cli-secret-42') },
      });
      const token = ((await tokenRes.json()) as { access_token: string }).access_token;
      const settings = await fetch(`${base}/v2/users/user00001@example.com/settings`, { headers: { authorization: `Bearer ${token}` } });
      expect(settings.status).toBe(200);
      const passcode = ((await settings.json()) as { schedule_meeting: { pmi_password: string } }).schedule_meeting.pmi_password;

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const printed = stdout + stderr;
      expect(printed).toContain('ZOOM_CLIENT_SECRET=');
      for (const secret of ['cli-secret-42', token, passcode]) expect(printed).not.toContain(secret);
      expect(stderr).toContain('1 API requests');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
