/**
 * Issue 16's "done when", through the real CLI against the simulator seeded with a hierarchy: groups/sales.yaml
 * adds a lock on in_meeting.chat (Sales already has it false; its three members have their own chat on). The plan
 * shows one group lock change affecting 3 users and sends no user PATCH (the lock enforces what they want); apply
 * converges with one PATCH to the group's lock settings; a re-plan is clean; rollback restores the lock. A lifted
 * lock goes before the user change it unblocks. The guard refuses an account change unless allowed.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { simulatorFor, type SimEnv } from '../helpers/sim-env.js';
import type { HierarchySeed } from '../../src/simulator/index.js';

const MEMBERS = ['ann@example.com', 'bob@example.com', 'cat@example.com'];
const OUTSIDER = 'dan@example.com';

/** A desired state of four users who all want chat off; Sales (three of them) gets the value and, here, the lock. */
function desiredState(groupFile: string, accountFile?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'levels-'));
  writeFileSync(join(dir, 'defaults.yaml'), 'settings:\n  in_meeting:\n    chat: false\n');
  mkdirSync(join(dir, 'users'));
  writeFileSync(join(dir, 'users', 'team.yaml'), [...MEMBERS, OUTSIDER].map((u) => `${u}:\n`).join(''));
  mkdirSync(join(dir, 'groups'));
  writeFileSync(join(dir, 'groups', 'sales.yaml'), groupFile);
  if (accountFile) writeFileSync(join(dir, 'account.yaml'), accountFile);
  return dir;
}

const SALES_LOCKED = 'group: Sales\nsettings:\n  in_meeting:\n    chat: false\nlocks:\n  in_meeting:\n    chat: true\n';
const SALES_UNLOCKED_IN_ZOOM: HierarchySeed = {
  groups: [{ name: 'Sales', members: MEMBERS, settings: { in_meeting: { chat: false } }, locks: { in_meeting: { chat: false } } }],
};

// Each test runs the CLI up to a dozen times in a row.
jest.setTimeout(180_000);

let s: SimEnv | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

function patches(sim: SimEnv['sim']): string[] {
  return sim.requestLog.filter((r) => r.method === 'PATCH').map((r) => `${r.path.replace(/\/groups\/[^/]+\//, '/groups/{sales}/')} ${JSON.stringify(r.body)} ${r.status}`);
}

describe('a group lock in groups/sales.yaml', () => {
  it('plans one group lock change affecting 3 users and no user PATCH; apply converges; re-plan is clean; rollback restores the lock', async () => {
    const dir = desiredState(SALES_LOCKED);
    s = await simulatorFor(dir, { hierarchy: SALES_UNLOCKED_IN_ZOOM });
    // Their own value is on; Sales does not lock it yet, so their GET shows it on.
    for (const member of MEMBERS) s.sim.setSetting(member, 'default', ['in_meeting', 'chat'], true);

    const plan = await runCli(['plan', '--dir', dir, '--detailed-exitcode'], { env: s.env });
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('~ group Sales  (1 change, 1 request) — affects 3 users (group Sales)');
    expect(plan.stdout).toContain(`locks.in_meeting.chat: false → true  ${dir}/groups/sales.yaml:7:5`);
    expect(plan.stdout).toContain('Account and groups: 1 to change (affects 3 users), 0 unchanged, 0 errors.');
    expect(plan.stdout).toContain('Plan: 0 users to change, 4 unchanged');
    // Not a conflict: the lock enforces the very value the members want.
    expect(plan.stdout).not.toContain('held by lock');

    const json = JSON.parse((await runCli(['plan', '--dir', dir, '--format', 'json'], { env: s.env })).stdout) as {
      format_version: number;
      users: Array<{ target: { kind: string; id: string }; user: string; status: string; requests: Array<{ path: string; lock?: boolean; body: unknown }>; affects?: unknown }>;
    };
    expect(json.format_version).toBe(2);
    const [sales, ...users] = json.users;
    expect([sales!.target.kind, sales!.user, sales!.status, sales!.affects]).toEqual(['group', 'group Sales', 'change', { users: 3, scope: 'group Sales' }]);
    expect(sales!.requests.map((r) => [r.path.endsWith('/lock_settings'), r.lock, r.body])).toEqual([[true, true, { in_meeting: { chat: true } }]]);
    expect(users.map((u) => [u.target.kind, u.status])).toEqual([...MEMBERS, OUTSIDER].map(() => ['user', 'no-change']));

    const markdown = await runCli(['plan', '--dir', dir, '--format', 'markdown'], { env: s.env });
    expect(markdown.stdout).toContain('### Account and group changes (applied before the users)');
    expect(markdown.stdout).toContain('| group Sales | `locks.in_meeting.chat` | `false` | `true` |');
    expect(markdown.stdout).toContain('affects 3 users (group Sales) |');

    s.sim.clearLog();
    const journal = join(dir, '..', `${dir.split('/').pop()}-journal.jsonl`);
    // The guard counts the members the group change reaches: 3 of 4 managed users is over the default 30 %.
    const guarded = await runCli(['apply', '--dir', dir, '--auto-approve', '--journal', journal], { env: s.env });
    expect(guarded.code).toBe(1);
    expect(guarded.stderr).toContain('the plan changes 75.0% of the 4 managed users, 3 of them through account or group changes, more than --max-changed-percent 30');
    expect(patches(s.sim)).toEqual([]);
    const applied = await runCli(['apply', '--dir', dir, '--auto-approve', '--max-changed-percent', '100', '--journal', journal], { env: s.env });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('1 PATCH request sent');
    expect(patches(s.sim)).toEqual(['/v2/groups/{sales}/lock_settings {"in_meeting":{"chat":true}} 204']);

    const again = await runCli(['plan', '--dir', dir, '--detailed-exitcode'], { env: s.env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Account and groups: 0 to change, 1 unchanged, 0 errors.');

    s.sim.clearLog();
    const rolledBack = await runCli(['rollback', journal, '--auto-approve', '--max-changed-percent', '100'], { env: s.env });
    expect(rolledBack.stderr).toBe('');
    expect(rolledBack.code).toBe(0);
    expect(patches(s.sim)).toEqual(['/v2/groups/{sales}/lock_settings {"in_meeting":{"chat":false}} 204']);
    // The lock is gone again, so the same desired state plans it once more, and the members' own values show.
    const after = await runCli(['plan', '--dir', dir, '--detailed-exitcode'], { env: s.env });
    expect(after.code).toBe(2);
    expect(after.stdout).toContain('locks.in_meeting.chat: false → true');
    // drift sees the group too, and reports it as drift of the account and groups.
    const drift = await runCli(['drift', '--dir', dir, '--detailed-exitcode'], { env: s.env });
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('Account and groups: 1 drifted (affects 3 users), 0 unchanged, 0 errors.');
  });

  it('a lifted lock is applied before the user change it unblocks', async () => {
    const unlock = 'group: Sales\nlocks:\n  in_meeting:\n    chat: false\n';
    const dir = desiredState(unlock);
    writeFileSync(join(dir, 'users', 'team.yaml'), `${MEMBERS[0]}:\n  settings:\n    in_meeting:\n      chat: true\n${[...MEMBERS.slice(1), OUTSIDER].map((u) => `${u}:\n`).join('')}`);
    s = await simulatorFor(dir, { hierarchy: { groups: [{ name: 'Sales', members: MEMBERS, settings: { in_meeting: { chat: false } }, locks: { in_meeting: { chat: true } } }] } });
    s.sim.setSetting(MEMBERS[0]!, 'default', ['in_meeting', 'chat'], false);

    const plan = await runCli(['plan', '--dir', dir], { env: s.env });
    expect(plan.stdout).toContain('locks.in_meeting.chat: true → false');
    expect(plan.stdout).toContain(`~ ${MEMBERS[0]}  (1 change, 1 request)`);
    expect(plan.stdout).not.toContain('held by lock');

    s.sim.clearLog();
    const applied = await runCli(['apply', '--dir', dir, '--auto-approve', '--max-changed-percent', '100', '--journal', join(dir, '..', `${dir.split('/').pop()}-j.jsonl`)], { env: s.env });
    expect(applied.code).toBe(0);
    expect(patches(s.sim)).toEqual([
      '/v2/groups/{sales}/lock_settings {"in_meeting":{"chat":false}} 204',
      `/v2/users/${encodeURIComponent(MEMBERS[0]!)}/settings {"in_meeting":{"chat":true}} 204`,
    ]);
  });
});

describe('the guard and the account', () => {
  it('refuses an account change by default, says how to allow it, and applies it with --allow-account-changes', async () => {
    const dir = desiredState(SALES_LOCKED, 'settings:\n  in_meeting:\n    chat: false\n');
    s = await simulatorFor(dir, { hierarchy: { account: { settings: { in_meeting: { chat: true } } }, groups: [{ name: 'Sales', members: MEMBERS }] } });

    const plan = await runCli(['plan', '--dir', dir], { env: s.env });
    expect(plan.stdout).toContain('~ the account  (1 change, 1 request) — affects 4 users (the account)');
    const markdown = await runCli(['plan', '--dir', dir, '--format', 'markdown'], { env: s.env });
    expect(markdown.stdout).toContain('**Guards: merge will refuse: the plan changes the account');

    s.sim.clearLog();
    const refused = await runCli(['apply', '--dir', dir, '--auto-approve', '--journal', join(dir, '..', `${dir.split('/').pop()}-a.jsonl`)], { env: s.env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "refusing to apply: the plan changes the account's settings or locks, which affects every user (4 users); review it and pass --allow-account-changes to apply it; nothing was sent to Zoom",
    );
    expect(patches(s.sim)).toEqual([]);

    const allowed = await runCli(['apply', '--dir', dir, '--auto-approve', '--allow-account-changes', '--max-changed-percent', '100', '--journal', join(dir, '..', `${dir.split('/').pop()}-b.jsonl`)], { env: s.env });
    expect(allowed.stderr).toBe('');
    expect(allowed.code).toBe(0);
    expect(patches(s.sim)).toEqual(['/v2/accounts/me/settings {"in_meeting":{"chat":false}} 204']);
    expect((await runCli(['plan', '--dir', dir, '--detailed-exitcode'], { env: s.env })).code).toBe(0);
  });

  it('names the file and line of a group Zoom does not have', async () => {
    const dir = desiredState('group: Marketing\nlocks:\n  in_meeting:\n    chat: true\n');
    s = await simulatorFor(dir, { hierarchy: { groups: [{ name: 'Sales', members: MEMBERS }] } });
    // The desired Marketing group is seeded too (the helper mirrors the desired state): take it away, as in Zoom.
    s.sim.setHierarchy({ groups: [{ name: 'Sales', members: MEMBERS }] });
    const plan = await runCli(['plan', '--dir', dir], { env: s.env });
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain(`! group Marketing: ${dir}/groups/sales.yaml:1:8: group "Marketing" is not in Zoom (its groups: Sales)`);
  });
});
