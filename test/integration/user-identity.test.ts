/**
 * One user, one identity: the same Zoom user written by id in one file and by email in another is refused with
 * both positions (listing the account's users once, GET /users), before any settings are read or sent; the
 * listing's cost is reported; `--users a@x,A@X` plans one user. The built CLI against a simulator.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { simulatorFor, type SimEnv } from '../helpers/sim-env.js';

let s: SimEnv | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

async function world(): Promise<{ dir: string; sim: SimEnv; aliceId: string }> {
  const dir = join(mkdtempSync(join(tmpdir(), 'identity-')), 'desired-state');
  cpSync('desired-state', dir, { recursive: true });
  s = await simulatorFor(dir, {}, { ZOOM_EXEC_PMI_PASSCODE: '55501234' });
  return { dir, sim: s, aliceId: s.sim.user('alice@example.com')!.id };
}

const settingsRequests = (sim: SimEnv): number => sim.sim.requestLog.filter((r) => r.user !== null).length;

describe('one user, one identity', () => {
  it('alice by id in one file and by email in another is refused with both positions; no settings read or sent', async () => {
    const { dir, sim, aliceId } = await world();
    writeFileSync(join(dir, 'users', 'by-id.yaml'), `# the same person, by Zoom id\n${aliceId}:\n  settings:\n    in_meeting:\n      chat: false\n`);
    for (const args of [['plan', '--dir', dir], ['apply', '--auto-approve', '--dir', dir, '--journal', join(dir, '..', 'j.jsonl')]]) {
      const result = await runCli(args, { env: sim.env });
      expect(result.code).toBe(1);
      expect(hasStackTrace(result.stderr)).toBe(false);
      expect(result.stderr).toContain('names a user twice, once by Zoom id and once by email; nothing was sent to Zoom');
      // Files are read in name order: by-id.yaml comes first, so the email entry is the duplicate.
      expect(result.stderr).toMatch(new RegExp(`engineering\\.yaml:2:1 alice@example\\.com: the same Zoom user \\(alice@example\\.com, id ${aliceId}\\) is already defined as ${aliceId} at .*by-id\\.yaml:2:1; define each user once`));
    }
    expect(settingsRequests(sim)).toBe(0);
    // Only the listing reached Zoom (two runs: active and pending users each).
    const api = sim.sim.requestLog.filter((r) => r.path.startsWith('/v2/'));
    expect(api.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`)).toEqual(Array(4).fill('GET /v2/users'));
  });

  it('mixed keys that name different users are planned, and the listing is counted in the cost', async () => {
    const { dir, sim } = await world();
    // An id Zoom does not know: planned as not found, like an unknown email.
    writeFileSync(join(dir, 'users', 'by-id.yaml'), `ZZnotAUserZZ0000000000:\n  settings:\n    in_meeting:\n      chat: false\n`);
    const result = await runCli(['plan', '--dir', dir], { env: sim.env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Planning listed the account's users to match ids and emails \(\d+ MEDIUM requests?\)/);
  });

  it('a desired state of emails only lists nothing', async () => {
    const { dir, sim } = await world();
    expect((await runCli(['plan', '--dir', dir], { env: sim.env })).code).toBe(0);
    expect(sim.sim.requestLog.filter((r) => r.path.startsWith('/v2/users?'))).toEqual([]);
    expect(sim.sim.requestLog.filter((r) => r.path.startsWith('/v2/users/')).length).toBeGreaterThan(0);
  });

  it('--users a@x,A@X plans one user', async () => {
    const { dir, sim } = await world();
    sim.sim.setSetting('alice@example.com', 'default', ['in_meeting', 'waiting_room'], false);
    const result = await runCli(['plan', '--dir', dir, '--users', 'alice@example.com,ALICE@Example.com', '--format', 'json'], { env: sim.env });
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as { users: Array<{ user: string }>; summary: { users: number } };
    expect(plan.users.map((u) => u.user)).toEqual(['alice@example.com']);
    expect(plan.summary.users).toBe(1);
  });
});
