/**
 * Secrets never leak: every command and format of the BUILT CLI, run with LOG_LEVEL=trace against a simulator with
 * a non-default client secret, passcodes on every user (two of them managed through `{ env: NAME }` references,
 * changed "in the portal" between runs so plans and applies carry them), must never print or write the client
 * secret, its Basic header, an access token, or a passcode: not on stdout or stderr, not in plan files, journals,
 * spilled plans, Markdown or an imported desired state (zoom-api-facts.md §4.3) - not even when Zoom echoes them:
 * 400s that repeat the PATCH body and the Authorization header (test/chaos/echo-proxy.ts), a token refusal that
 * repeats the Basic credentials (token-proxy.ts echoRefusals).
 *
 * Tokens are caught by a proxy in front of the token endpoint (test/chaos/token-proxy.ts); `demo` runs its own
 * simulator in-process, so its passcodes are recomputed from the same seed and its tokens cannot be caught.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDesiredState, resolveUsers } from '../../src/io/desired-state.js';
import { seedUserFor } from '../../src/io/seed-users.js';
import { startSimulator } from '../../src/simulator/index.js';
import { hasStackTrace, runCli, type CliResult } from '../helpers/cli.js';
import { startEchoProxy, type EchoProxy } from './echo-proxy.js';
import { startTokenProxy, type TokenProxy } from './token-proxy.js';
import { createWorld, DEFAULT_PASSCODE_ENV, PASSCODE_ENV, userKey, type World } from './world.js';

const GUARDS_OFF = ['--max-changed-percent', '100', '--max-changed-users', '100000'];
const CLIENT_SECRET = `cs-${randomBytes(12).toString('hex')}`;
const EXEC_PASSCODE = String(randomInt(1_000_000_000, 9_999_999_999));
const DEFAULT_PASSCODE = `Mx${randomInt(10_000_000, 99_999_999)}`;

let world: World;
let proxy: TokenProxy;
let echo: EchoProxy;
let work: string;
/** Every secret seen so far: passcodes in the account at any point, tokens, the client secret and its header. */
const secrets = new Set<string>();
/** Everything the CLI printed, for the final sweep. */
const outputs: Array<{ what: string; text: string }> = [];

function noteSecrets(): void {
  for (const value of world.sim.secrets()) secrets.add(value);
  for (const token of proxy.tokens) secrets.add(token);
}

/** A secret as it would leak: whole, not as the digits inside a longer number or hash. */
function leaks(text: string, pool: Iterable<string> = secrets): string[] {
  const found: string[] = [];
  for (const secret of pool) {
    const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(?<![0-9A-Za-z])${escaped}(?![0-9A-Za-z])`).test(text)) found.push(secret);
  }
  return found;
}

async function run(what: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const result = await runCli(args, { cwd: work, env: { ...world.env, LOG_LEVEL: 'trace', ZOOM_OAUTH_TOKEN_URL: proxy.url, ...env }, timeoutMs: 120_000 });
  outputs.push({ what: `${what} (stdout)`, text: result.stdout }, { what: `${what} (stderr)`, text: result.stderr });
  noteSecrets();
  expect({ what, leaked: leaks(result.stdout + result.stderr), stackTrace: hasStackTrace(result.stderr) }).toEqual({ what, leaked: [], stackTrace: false });
  return result;
}

/** Changes made in the portal: new passcodes for a few users (both managed secrets) and a waiting room off. */
function portalEdits(round: number): void {
  for (const i of [round * 10, round * 10 + 4]) {
    const user = userKey(i);
    world.sim.setSetting(user, 'default', ['schedule_meeting', 'default_password_for_scheduled_meetings'], `Pz${randomInt(10_000_000, 99_999_999)}`);
    world.sim.setSetting(user, 'default', ['in_meeting', 'waiting_room'], false);
  }
  world.sim.setSetting(userKey(round * 10), 'default', ['schedule_meeting', 'pmi_password'], String(randomInt(100_000_000, 999_999_999)));
  noteSecrets();
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'secrets-'));
  world = await createWorld({
    dir: join(work, 'desired-state'),
    users: 30,
    seed: 41,
    passcode: EXEC_PASSCODE,
    defaultsPasscode: DEFAULT_PASSCODE,
    simulator: { clientSecret: CLIENT_SECRET },
  });
  proxy = await startTokenProxy(world.sim.tokenUrl, { echoRefusals: true });
  echo = await startEchoProxy(world.sim.apiBaseUrl);
  secrets.add(CLIENT_SECRET).add(EXEC_PASSCODE).add(DEFAULT_PASSCODE);
  secrets.add(Buffer.from(`${world.sim.credentials.clientId}:${CLIENT_SECRET}`).toString('base64'));
  noteSecrets();
}, 30_000);

afterAll(async () => {
  await proxy?.stop();
  await echo?.stop();
  await world?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('secrets never appear in output, logs, plans, journals or imports (LOG_LEVEL=trace)', () => {
  it('validate, text and json', async () => {
    expect((await run('validate', ['validate', '--dir', world.dir])).code).toBe(0);
    expect((await run('validate json', ['validate', '--dir', world.dir, '--format', 'json'])).code).toBe(0);
  });

  it('plan: text, json, markdown and --out, each showing the passcode changes as (sensitive)', async () => {
    portalEdits(0);
    for (const format of ['text', 'json', 'markdown']) {
      const result = await run(`plan ${format}`, ['plan', '--dir', world.dir, '--format', format]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('(sensitive)');
    }
    const out = await run('plan --out', ['plan', '--dir', world.dir, '--out', join(work, 'plan.json')]);
    expect(out.code).toBe(0);
    // The logs really were on: trace and debug lines of the requests reached stderr.
    expect(out.stderr).toContain('"level":20');
  });

  it('apply a saved plan, which sets the referenced passcodes in Zoom', async () => {
    const result = await run('apply plan.json', ['apply', join(work, 'plan.json'), '--journal', join(work, 'journal.jsonl'), ...GUARDS_OFF]);
    expect(result.code).toBe(0);
    expect(world.sim.user(userKey(0))!.settings.default).toMatchObject({ schedule_meeting: { pmi_password: EXEC_PASSCODE, default_password_for_scheduled_meetings: DEFAULT_PASSCODE } });
  });

  it('apply --auto-approve, text and json ledgers', async () => {
    portalEdits(1);
    expect((await run('apply --auto-approve', ['apply', '--auto-approve', '--dir', world.dir, '--journal', join(work, 'journal.jsonl'), ...GUARDS_OFF])).code).toBe(0);
    portalEdits(2);
    expect((await run('apply --auto-approve json', ['apply', '--auto-approve', '--dir', world.dir, '--journal', join(work, 'journal.jsonl'), '--format', 'json', ...GUARDS_OFF])).code).toBe(0);
  });

  it('drift: text, json, markdown, then --fix', async () => {
    portalEdits(1);
    for (const format of ['text', 'json', 'markdown']) {
      const result = await run(`drift ${format}`, ['drift', '--dir', world.dir, '--format', format, '--detailed-exitcode']);
      expect(result.code).toBe(2);
      expect(result.stdout).toContain('(sensitive)');
    }
    expect((await run('drift --fix', ['drift', '--fix', '--auto-approve', '--dir', world.dir, '--journal', join(work, 'journal.jsonl'), ...GUARDS_OFF])).code).toBe(0);
  });

  it('rollback names the passcodes it cannot restore, never their values', async () => {
    const result = await run('rollback', ['rollback', join(work, 'journal.jsonl'), '--auto-approve', ...GUARDS_OFF]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/cannot restore [^\n]*schedule_meeting\.pmi_password/);
  });

  it('a Zoom that echoes: 400s repeating the PATCH body (passcodes) and the Authorization header', async () => {
    portalEdits(2);
    // The users whose passcodes were just changed: their PATCHes carry both referenced passcodes.
    echo.echoUsers = new Set([userKey(20), userKey(24)]);
    const env = { ZOOM_API_BASE_URL: echo.url, ZOOM_MAX_ATTEMPTS: '1' };
    const text = await run('apply, echoing 400s', ['apply', '--auto-approve', '--dir', world.dir, '--journal', join(work, 'journal.jsonl'), ...GUARDS_OFF], env);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/failed:\n {2}\S+: PATCH .*HTTP 400, Zoom code 300 validation failed \(/);
    const json = await run('apply json, echoing 400s', ['apply', '--auto-approve', '--dir', world.dir, '--journal', join(work, 'journal.jsonl'), '--format', 'json', ...GUARDS_OFF], env);
    expect(json.code).toBe(1);
    // The echoes really held the secrets: each sent passcode and an access token went back in a 400.
    expect(echo.echoed).toBeGreaterThanOrEqual(4);
    echo.echoUsers = new Set();
  });

  it('import --all writes references, not passcodes', async () => {
    const result = await run('import --all', ['import', '--all', '--out-dir', join(work, 'imported')]);
    expect(result.code).toBe(0);
    expect(files(join(work, 'imported')).length).toBeGreaterThan(0);
  });

  it('demo, whose in-process simulator has passcodes of its own', async () => {
    // The demo seeds its simulator like `--simulate` does (seed 1, the desired users): the same seed gives the
    // same passcodes here, so they can be looked for in its output.
    const loaded = await loadDesiredState(world.dir);
    const twin = await startSimulator({ users: 0, seed: 1, seedUsers: [...resolveUsers(loaded.state)].map(seedUserFor) });
    const demoSecrets = twin.secrets();
    await twin.stop();
    expect(demoSecrets.length).toBeGreaterThan(0);
    for (const value of demoSecrets) secrets.add(value);
    const result = await run('demo', ['demo', '--dir', world.dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(sensitive)');
  });

  it('a wrong client secret is refused without being echoed, though the token endpoint echoes the Basic credentials', async () => {
    const wrong = `wrong-${randomBytes(10).toString('hex')}`;
    secrets.add(wrong);
    secrets.add(Buffer.from(`${world.sim.credentials.clientId}:${wrong}`).toString('base64'));
    const result = await run('plan, wrong client secret', ['plan', '--dir', world.dir], { ZOOM_CLIENT_SECRET: wrong });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ZOOM_CLIENT_SECRET');
  });

  it('the meeting_security GETs carried password_for_pmi, the PMI passcode in plain text, and the sweep looks for it (§9.6)', () => {
    const reads = world.sim.requestLog.filter((r) => r.method === 'GET' && r.option === 'meeting_security' && r.status === 200);
    expect(reads.length).toBeGreaterThan(30);
    const pmiPasscodes = world.sim
      .users()
      .map((u) => (world.sim.user(u.id)!.settings.default.schedule_meeting as { pmi_password?: unknown } | undefined)?.pmi_password)
      .filter((value): value is string => typeof value === 'string' && value !== '');
    expect(pmiPasscodes.length).toBeGreaterThan(20);
    expect(pmiPasscodes.filter((value) => !secrets.has(value))).toEqual([]);
  });

  it('the final sweep: no secret seen anywhere in any output or any file the runs wrote', () => {
    expect(proxy.tokens.length).toBeGreaterThan(3);
    expect(secrets.size).toBeGreaterThan(60);
    const written = files(work).map((path) => ({ what: path, text: readFileSync(path, 'utf8') }));
    // What the runs wrote: the plan, the journal, the plans spilled beside it, the imported desired state.
    expect(written.some((f) => f.what.endsWith('journal.jsonl'))).toBe(true);
    expect(written.filter((f) => f.what.includes(join(work, 'plans'))).length).toBeGreaterThan(2);
    const kind = (secret: string): string => (proxy.tokens.includes(secret) ? 'an access token' : secret.includes(CLIENT_SECRET) ? 'the client secret' : 'a passcode or credential');
    const found = [...outputs, ...written].flatMap(({ what, text }) => leaks(text).map((secret) => `${what}: ${kind(secret)}`));
    console.log(
      `secrets: ${secrets.size} secret values (${proxy.tokens.length} access tokens, the client secret and its Basic header, the rest passcodes) ` +
        `looked for in ${outputs.length} outputs of ${outputs.length / 2} runs and ${written.length} files: ${found.length} found`,
    );
    expect(found).toEqual([]);
  });

  it('the sweep can fail: a passcode and a token planted in a text are found', () => {
    const [token] = proxy.tokens;
    expect(leaks(`"pmi_password":"${EXEC_PASSCODE}" Bearer ${token!}`, [EXEC_PASSCODE, token!])).toEqual([EXEC_PASSCODE, token]);
    expect(leaks(`time 9${EXEC_PASSCODE}1 hmac:ab${EXEC_PASSCODE}cd`, [EXEC_PASSCODE])).toEqual([]);
  });
});

// The world's passcode variables are what the CLI resolves; they must be the ones the desired state names.
it('the desired state references both passcode variables', () => {
  const text = files(world.dir).map((path) => readFileSync(path, 'utf8')).join('\n');
  expect(text).toContain(`{ env: ${PASSCODE_ENV} }`);
  expect(text).toContain(`{ env: ${DEFAULT_PASSCODE_ENV} }`);
});
