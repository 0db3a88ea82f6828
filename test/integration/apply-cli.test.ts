/**
 * `zoom-settings apply`, `rollback` and `apply --resume` end to end: the built CLI as a child process, a simulator
 * in this process whose request log tells what reached Zoom.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, hasStackTrace, runCli } from '../helpers/cli.js';
import { requestStory, simulatorFor, type SimEnv } from '../helpers/sim-env.js';

let s: SimEnv | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

const GUARDS_OFF = ['--max-changed-percent', '100', '--max-changed-users', '100000'];

function workdir(): string {
  return mkdtempSync(join(tmpdir(), 'apply-'));
}

/** A desired state of `count` users sharing one profile, for runs long enough to interrupt. */
function manyUsers(count: number): string {
  const dir = workdir();
  mkdirSync(join(dir, 'users'));
  mkdirSync(join(dir, 'profiles'));
  writeFileSync(join(dir, 'defaults.yaml'), 'settings:\n  in_meeting:\n    waiting_room: true\n    chat: false\n');
  writeFileSync(join(dir, 'profiles/secure.yaml'), 'settings:\n  meeting_security:\n    waiting_room: true\n    auto_security: true\n');
  const lines = Array.from({ length: count }, (_, i) => `u${String(i + 1).padStart(3, '0')}@many.example.com:\n  profiles: [secure]`);
  writeFileSync(join(dir, 'users/all.yaml'), `${lines.join('\n')}\n`);
  return dir;
}

/** Users whose waiting room was switched off in the portal (what the plan reverts). */
function drift(sim: SimEnv['sim'], users: string[]): void {
  for (const user of users) sim.setSetting(user, 'default', ['in_meeting', 'waiting_room'], false);
}

function patches(sim: SimEnv['sim']): string[] {
  return requestStory(sim, ['PATCH']);
}

describe('apply a saved plan', () => {
  it('applies exactly the plan: the PATCHes are the plan requests, the rest are reads; a second apply sends nothing', async () => {
    s = await simulatorFor('desired-state', {}, { ZOOM_EXEC_PMI_PASSCODE: '55501234' });
    drift(s.sim, ['alice@example.com', 'bob@example.com']);
    s.sim.setSetting('carol@example.com', 'meeting_security', ['meeting_security', 'meeting_password_requirement', 'length'], 6);
    const dir = workdir();
    const planned = await runCli(['plan', '--dir', 'desired-state', '--out', join(dir, 'plan.json')], { env: s.env });
    expect(planned.code).toBe(0);
    const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8'));
    const expected = plan.users.flatMap((u: { user: string; requests: Array<{ option: string | null; body: unknown }> }) =>
      u.requests.map((r) => ({ user: u.user, option: r.option, body: r.body })),
    );
    s.sim.clearLog();
    const applied = await runCli(['apply', join(dir, 'plan.json'), '--journal', join(dir, 'journal.jsonl'), ...GUARDS_OFF], { env: s.env });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const sent = s.sim.requestLog.filter((r) => r.method === 'PATCH').map((r) => ({ user: r.user, option: r.option, body: r.body }));
    // Users are applied concurrently; each user's requests go in the plan's order.
    const byUser = (list: Array<{ user: string | null }>) => list.slice().sort((a, b) => String(a.user).localeCompare(String(b.user)));
    expect(byUser(sent)).toEqual(byUser(expected));
    // Besides the PATCHes only reads: each touched variant once before (stale check) and once after (verify).
    const reads = s.sim.requestLog.filter((r) => r.user !== null && r.method !== 'PATCH');
    expect(reads.every((r) => r.method === 'GET')).toBe(true);
    const touched = plan.users.flatMap((u: { user: string; requests: Array<{ option: string | null }> }) => [...new Set(u.requests.map((r) => r.option))].map((o) => `${u.user} ${o}`));
    expect(reads.map((r) => `${r.user} ${r.option}`).sort()).toEqual([...touched, ...touched].sort());
    expect(applied.stdout).toMatch(/applied\s+3/);
    expect(s.sim.user('alice@example.com')!.settings.default).toMatchObject({ in_meeting: { waiting_room: true } });

    s.sim.clearLog();
    const again = await runCli(['apply', '--auto-approve', '--dir', 'desired-state', '--journal', join(dir, 'journal.jsonl')], { env: s.env });
    expect(again.code).toBe(0);
    expect(patches(s.sim)).toEqual([]);
    expect(again.stdout).toContain('Nothing to apply.');
  });

  it('reports a user changed between plan and apply as stale and does not patch it', async () => {
    s = await simulatorFor('desired-state', {}, { ZOOM_EXEC_PMI_PASSCODE: '55501234' });
    drift(s.sim, ['alice@example.com', 'bob@example.com']);
    const dir = workdir();
    await runCli(['plan', '--dir', 'desired-state', '--out', join(dir, 'plan.json')], { env: s.env });
    // Someone fixes alice by hand, differently: her "before" no longer matches.
    s.sim.setSetting('alice@example.com', 'default', ['in_meeting', 'waiting_room'], 'true-ish');
    s.sim.clearLog();
    const applied = await runCli(['apply', join(dir, 'plan.json'), '--journal', join(dir, 'j.jsonl'), ...GUARDS_OFF], { env: s.env });
    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(/stale\s+1/);
    expect(applied.stdout).toContain('alice@example.com: changed in Zoom since the plan: in_meeting.waiting_room; re-run plan');
    expect(patches(s.sim)).toEqual(['PATCH bob@example.com default 204']);
  });

  it('reports a locked setting not-applied, once, without retrying', async () => {
    s = await simulatorFor('desired-state', {}, { ZOOM_EXEC_PMI_PASSCODE: '55501234' });
    drift(s.sim, ['alice@example.com']);
    s.sim.lock('alice@example.com', 'default', ['in_meeting', 'waiting_room']);
    const dir = workdir();
    s.sim.clearLog();
    const applied = await runCli(['apply', '--auto-approve', '--dir', 'desired-state', '--journal', join(dir, 'j.jsonl'), ...GUARDS_OFF], { env: s.env });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/not-applied\s+1/);
    expect(applied.stdout).toContain('in_meeting.waiting_room: Zoom accepted the request (204) but kept the old value');
    expect(patches(s.sim)).toEqual(['PATCH alice@example.com default 204']);
  });

  it('refuses a plan over the guards, and the override passes', async () => {
    s = await simulatorFor('desired-state', {}, { ZOOM_EXEC_PMI_PASSCODE: '55501234' });
    drift(s.sim, ['alice@example.com', 'bob@example.com', 'carol@example.com']);
    const dir = workdir();
    await runCli(['plan', '--dir', 'desired-state', '--out', join(dir, 'plan.json')], { env: s.env });
    s.sim.clearLog();
    const byPercent = await runCli(['apply', join(dir, 'plan.json'), '--journal', join(dir, 'j.jsonl')], { env: s.env });
    expect(byPercent.code).toBe(1);
    expect(byPercent.stderr).toContain('50.0% of the 6 managed users, more than --max-changed-percent 30');
    const byCount = await runCli(['apply', join(dir, 'plan.json'), '--journal', join(dir, 'j.jsonl'), '--max-changed-percent', '60', '--max-changed-users', '2'], { env: s.env });
    expect(byCount.code).toBe(1);
    expect(byCount.stderr).toContain('the plan changes 3 users, more than --max-changed-users 2');
    expect(s.sim.requestLog).toEqual([]);
    const raised = await runCli(['apply', join(dir, 'plan.json'), '--journal', join(dir, 'j.jsonl'), '--max-changed-percent', '60'], { env: s.env });
    expect(raised.code).toBe(0);
    expect(patches(s.sim)).toHaveLength(3);
  });

  it('refuses a plan file edited by hand, truncated, from another account, or for a changed desired state', async () => {
    s = await simulatorFor('desired-state', {}, { ZOOM_EXEC_PMI_PASSCODE: '55501234' });
    drift(s.sim, ['alice@example.com']);
    const dir = workdir();
    await runCli(['plan', '--dir', 'desired-state', '--out', join(dir, 'plan.json')], { env: s.env });
    const text = readFileSync(join(dir, 'plan.json'), 'utf8');
    const cases: Record<string, [string, string]> = {
      edited: [text.replace('"waiting_room":true', '"waiting_room":false'), 'it was edited after `zoom-settings plan` wrote it'],
      truncated: [text.slice(0, Math.floor(text.length / 2)), 'it is truncated'],
      'other account': [text, 'made for account sim-account, but the credentials are for other-account'],
    };
    s.sim.clearLog();
    for (const [name, [content, message]] of Object.entries(cases)) {
      writeFileSync(join(dir, `${name}.json`), content);
      const env = name === 'other account' ? { ...s.env, ZOOM_ACCOUNT_ID: 'other-account' } : s.env;
      const result = await runCli(['apply', join(dir, `${name}.json`), '--journal', join(dir, 'j.jsonl'), ...GUARDS_OFF], { env });
      expect({ name, code: result.code, refused: result.stderr.includes(message), trace: hasStackTrace(result.stderr) }).toEqual({ name, code: 1, refused: true, trace: false });
    }
    const changedDir = workdir();
    writeFileSync(join(changedDir, 'x'), '');
    const moved = await runCli(['apply', join(dir, 'plan.json'), '--dir', 'test/fixtures/golden', ...GUARDS_OFF], { env: s.env });
    expect(moved.code).toBe(1);
    expect(moved.stderr).toContain('has changed since the plan was made');
    expect(s.sim.requestLog.filter((r) => r.method === 'PATCH')).toEqual([]);
  });

  it('refuses to apply without a plan file or --auto-approve when stdin is not a terminal', async () => {
    const result = await runCli(['apply', '--dir', 'desired-state'], { env: {} });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--auto-approve');
  });
});

describe('journal, resume and rollback', () => {
  it('rollback restores the before values of a run', async () => {
    s = await simulatorFor('desired-state', {}, { ZOOM_EXEC_PMI_PASSCODE: '55501234' });
    drift(s.sim, ['alice@example.com']);
    s.sim.setSetting('bob@example.com', 'meeting_security', ['meeting_security', 'block_user_domain_list'], ['old.example.org']);
    const dir = workdir();
    const journal = join(workdir(), 'journal.jsonl');
    const applied = await runCli(['apply', '--auto-approve', '--dir', 'desired-state', '--journal', journal, ...GUARDS_OFF], { env: s.env });
    expect(applied.code).toBe(0);
    expect(s.sim.user('bob@example.com')!.settings.meeting_security).toMatchObject({ meeting_security: { block_user_domain_list: ['badactor.example.net'] } });
    s.sim.clearLog();
    const rolled = await runCli(['rollback', journal, '--auto-approve', ...GUARDS_OFF], { env: s.env });
    expect(rolled.stderr).toBe('');
    expect(rolled.code).toBe(0);
    expect(rolled.stdout).toMatch(/applied\s+2/);
    expect(s.sim.user('alice@example.com')!.settings.default).toMatchObject({ in_meeting: { waiting_room: false } });
    expect(s.sim.user('bob@example.com')!.settings.meeting_security).toMatchObject({ meeting_security: { block_user_domain_list: ['old.example.org'] } });
    const lines = readFileSync(journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === 'run').map((l) => l.command)).toEqual(['apply', 'rollback']);
  });

  it('a process killed in the middle of apply is resumed without sending any PATCH twice', async () => {
    const dir = manyUsers(40);
    s = await simulatorFor(dir, { latency: { minMs: 40, maxMs: 60 } }, { ZOOM_MAX_RPS: '40' });
    const users = s.sim.users().map((u) => u.email);
    drift(s.sim, users);
    const journal = join(workdir(), 'journal.jsonl');
    const child = spawn(process.execPath, [CLI, 'apply', '--auto-approve', '--dir', dir, '--journal', journal, ...GUARDS_OFF], { env: { PATH: process.env.PATH, ...s.env }, stdio: 'ignore' });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (patches(s!.sim).length >= 10) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
    });
    await new Promise((resolve) => child.once('exit', resolve));
    const before = patches(s.sim).length;
    expect(before).toBeLessThan(40);
    const resumed = await runCli(['apply', '--resume', journal], { env: s.env });
    expect(resumed.code).toBe(0);
    const perUser = new Map<string, number>();
    for (const line of patches(s.sim).filter((p) => p.endsWith(' 204'))) perUser.set(line, (perUser.get(line) ?? 0) + 1);
    expect([...perUser.values()].every((n) => n === 1)).toBe(true);
    expect(perUser.size).toBe(40);
    for (const user of users) expect(s.sim.user(user)!.settings.default).toMatchObject({ in_meeting: { waiting_room: true } });
  }, 60_000);

  it('a daily limit in the middle defers the rest; resume after the reset finishes them', async () => {
    const dir = manyUsers(12);
    s = await simulatorFor(dir);
    const users = s.sim.users().map((u) => u.email);
    drift(s.sim, users);
    // 12 users × 2 reads to plan, then per user a PATCH and a verifying read: the limit strikes mid-apply.
    s.sim.setFaults({ dailyLimitAfterRequests: 24 + 10 });
    const journal = join(workdir(), 'journal.jsonl');
    const first = await runCli(['apply', '--auto-approve', '--dir', dir, '--journal', journal, ...GUARDS_OFF], { env: s.env });
    expect(first.code).toBe(1);
    const deferred = Number(/deferred\s+(\d+)/.exec(first.stdout)?.[1]);
    const applied = Number(/applied\s+(\d+)/.exec(first.stdout)?.[1]);
    expect(deferred).toBeGreaterThan(0);
    expect(applied + deferred).toBe(12);
    expect(first.stdout).toMatch(/resume after \d{4}-\d\d-\d\dT00:00:00.000Z with --resume/);
    await fetch(`${s.sim.baseUrl}/_sim/next-day`, { method: 'POST' });
    s.sim.setFaults({});
    const resumed = await runCli(['apply', '--resume', journal], { env: s.env });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`applied\\s+${deferred}\\b`));
    for (const user of users) expect(s.sim.user(user)!.settings.default).toMatchObject({ in_meeting: { waiting_room: true } });
  }, 60_000);
});
