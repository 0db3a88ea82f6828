/**
 * Issue 15's "done when", through the real CLI against the simulator: group Sales locks in_meeting.chat to false,
 * frank@example.com (in Sales) wants it true (desired-state/defaults.yaml:6). The plan holds the change instead of
 * sending it; removing the lock makes the same desired state plan, apply and verify the change.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { requestStory, simulatorFor, type SimEnv } from '../helpers/sim-env.js';
import type { HierarchySeed } from '../../src/simulator/index.js';

const FRANK = 'frank@example.com';
const SALES_LOCKS_CHAT: HierarchySeed = {
  groups: [{ name: 'Sales', members: [FRANK], settings: { in_meeting: { chat: false } }, locks: { in_meeting: { chat: true } } }],
};
const SALES_UNLOCKED: HierarchySeed = { groups: [{ name: 'Sales', members: [FRANK], settings: { in_meeting: { chat: false } } }] };
const HELD = 'held by lock: 1 user, in_meeting.chat locked to false at group Sales — change the lock or the desired value (desired true at desired-state/defaults.yaml:6:5)';

let s: SimEnv;
const tmp = mkdtempSync(join(tmpdir(), 'hierarchy-'));
// The example manages the account and Sales too (account.yaml, groups/sales.yaml: Sales locks chat). Where a test
// changes Sales' lock in Zoom alone, it plans from a copy that manages the users only.
const USERS_ONLY = join(tmp, 'users-only');
cpSync('desired-state', USERS_ONLY, { recursive: true });
rmSync(join(USERS_ONLY, 'account.yaml'));
rmSync(join(USERS_ONLY, 'groups'), { recursive: true });
beforeAll(async () => {
  s = await simulatorFor('desired-state', { hierarchy: SALES_LOCKS_CHAT }, { ZOOM_EXEC_PMI_PASSCODE: '31415926' });
  // Frank's own value is false too: while Sales locks it his GET shows Sales' value; without the lock, his own.
  s.sim.setSetting(FRANK, 'default', ['in_meeting', 'chat'], false);
});
afterAll(async () => {
  await s.stop();
});

describe('a group lock holds a desired change', () => {
  it('plan --detailed-exitcode exits 0 and lists the change under held by lock, naming Sales and the desired line', async () => {
    const result = await runCli(['plan', '--dir', 'desired-state', '--detailed-exitcode'], { env: s.env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(HELD);
    expect(result.stdout).toContain('Plan: 0 users to change, 6 unchanged');
  });

  it('the JSON plan carries the held change and its lock; markdown has a held section', async () => {
    const json = await runCli(['plan', '--dir', 'desired-state', '--format', 'json'], { env: s.env });
    const plan = JSON.parse(json.stdout) as { users: Array<{ user: string; status: string; held?: Array<{ path: string; hold: { by: string; groups: Array<{ name: string }> } }> }>; summary: { held?: number }; cost: { hierarchyReads?: number } };
    const frank = plan.users.find((u) => u.user === FRANK)!;
    expect(frank.status).toBe('no-change');
    expect(frank.held?.map((h) => [h.path, h.hold.by, h.hold.groups.map((g) => g.name)])).toEqual([['in_meeting.chat', 'group', ['Sales']]]);
    expect(plan.summary.held).toBe(1);
    // account: locks (2), default settings (1: account.yaml locks in_meeting.file_transfer) + GET /groups (1)
    // + Sales: locks (2), default settings (1, the only locked variant), members (1)
    expect(plan.cost.hierarchyReads).toBe(8);
    const markdown = await runCli(['plan', '--dir', 'desired-state', '--format', 'markdown'], { env: s.env });
    expect(markdown.stdout).toContain('### Held by locks');
    expect(markdown.stdout).toContain('| 1 | `in_meeting.chat` | `true` | locked to false at group Sales |');
  });

  it('apply --auto-approve sends no PATCH for it, and drift --detailed-exitcode exits 0 reporting the conflict once', async () => {
    s.sim.clearLog();
    const journal = join(tmp, 'held.jsonl');
    const applied = await runCli(['apply', '--dir', 'desired-state', '--auto-approve', '--journal', journal], { env: s.env });
    expect(applied.code).toBe(0);
    expect(requestStory(s.sim, ['PATCH'])).toEqual([]);
    const drift = await runCli(['drift', '--dir', 'desired-state', '--detailed-exitcode'], { env: s.env });
    expect(drift.code).toBe(0);
    expect(drift.stdout.split(HELD).length - 1).toBe(1);
  });

  it('explain shows the account, the group lock, the live value and the merge chain', async () => {
    const text = await runCli(['explain', FRANK, 'in_meeting.chat', '--dir', 'desired-state'], { env: s.env });
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('in_meeting.chat: held by lock — locked to false at group Sales');
    expect(text.stdout).toContain('group Sales: false, LOCKED (lock in_meeting.chat)');
    expect(text.stdout).toMatch(/account: (true|false), not locked/);
    expect(text.stdout).toContain('live (user GET): false');
    expect(text.stdout).toContain('defaults: true  desired-state/defaults.yaml:6:5');
    const json = await runCli(['explain', FRANK, 'in_meeting.chat', 'in_meeting.waiting_room', '--format', 'json', '--dir', 'desired-state'], { env: s.env });
    const report = JSON.parse(json.stdout) as { settings: Array<{ setting: string; verdict: string; desired: { chain: Array<{ layer: string }> } }> };
    expect(report.settings.map((x) => [x.setting, x.verdict])).toEqual([
      ['in_meeting.chat', 'held by lock'],
      ['in_meeting.waiting_room', 'in sync'],
    ]);
    expect(report.settings[1]!.desired.chain.map((c) => c.layer)).toEqual(['defaults', 'user frank@example.com']);
  });

  it('explain masks a passcode at every level (user, account, groups)', async () => {
    const result = await runCli(['explain', 'dana@example.com', 'schedule_meeting.pmi_password', '--format', 'json', '--dir', 'desired-state'], { env: s.env });
    expect(result.code).toBe(0);
    const [setting] = (JSON.parse(result.stdout) as { settings: Array<{ live: unknown; account: { value: unknown }; desired: { value: unknown } }> }).settings;
    expect([setting!.live, setting!.account.value, setting!.desired.value]).toEqual(['(sensitive)', '(sensitive)', '(sensitive)']);
    for (const secret of [...s.sim.secrets(), '31415926']) expect(result.stdout).not.toContain(secret);
  });

  it('explain gives a verdict for the settings asked about even when another setting cannot be planned', async () => {
    const env = { ...s.env };
    delete env.ZOOM_EXEC_PMI_PASSCODE;
    const result = await runCli(['explain', 'dana@example.com', 'in_meeting.chat', '--dir', 'desired-state'], { env });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('in_meeting.chat: in sync');
  });

  it('explain names a setting the desired state does not manage, and refuses one Zoom does not have', async () => {
    const unmanaged = await runCli(['explain', FRANK, 'in_meeting.polling', '--dir', 'desired-state'], { env: s.env });
    expect(unmanaged.code).toBe(0);
    expect(unmanaged.stdout).toContain('in_meeting.polling: not managed');
    expect(unmanaged.stdout).toContain('desired: not managed by the desired state');
    const unknown = await runCli(['explain', FRANK, 'in_meeting.chatt', '--dir', 'desired-state'], { env: s.env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('"in_meeting.chatt" is not a Zoom user setting');
    const stranger = await runCli(['explain', 'nobody@example.com', '--dir', 'desired-state'], { env: s.env });
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toContain('nobody@example.com is not in the desired state in desired-state');
  });
});

describe('the same users with the lock removed (Zoom and a desired state that does not manage Sales)', () => {
  beforeAll(() => s.sim.setHierarchy(SALES_UNLOCKED));

  it('plans the change (exit 2), applies it with one PATCH and verifies it; drift is then clean', async () => {
    const plan = await runCli(['plan', '--dir', USERS_ONLY, '--detailed-exitcode'], { env: s.env });
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('in_meeting.chat: false → true');
    expect(plan.stdout).not.toContain('held by lock');
    s.sim.clearLog();
    const applied = await runCli(['apply', '--dir', USERS_ONLY, '--auto-approve', '--journal', join(tmp, 'unlocked.jsonl')], { env: s.env });
    expect(applied.code).toBe(0);
    expect(requestStory(s.sim, ['PATCH'])).toEqual([`PATCH ${FRANK} default 204`]);
    expect(s.sim.user(FRANK)!.settings.default.in_meeting).toMatchObject({ chat: true });
    const drift = await runCli(['drift', '--dir', USERS_ONLY, '--detailed-exitcode'], { env: s.env });
    expect(drift.code).toBe(0);
  });
});

describe('apply stays safe when a lock appears after the plan (Zoom ignores, or refuses, the PATCH)', () => {
  for (const mode of ['ignore', 'reject'] as const) {
    it(`${mode}: the change is reported with the lock that holds it`, async () => {
      const sim = await simulatorFor(USERS_ONLY, { hierarchy: SALES_UNLOCKED, lockedPatch: mode }, { ZOOM_EXEC_PMI_PASSCODE: '31415926' });
      try {
        sim.sim.setSetting(FRANK, 'default', ['in_meeting', 'chat'], false);
        const planFile = join(tmp, `plan-${mode}.json`);
        const planned = await runCli(['plan', '--dir', USERS_ONLY, '--out', planFile], { env: sim.env });
        expect(planned.code).toBe(0);
        // Frank's own value stays false under the new lock: the plan's `before` is still what Zoom shows.
        sim.sim.setHierarchy(SALES_LOCKS_CHAT);
        const applied = await runCli(['apply', planFile, '--journal', join(tmp, `late-${mode}.jsonl`)], { env: sim.env });
        // A refused PATCH is a failure (exit 1); an ignored one is `not-applied`, reported but not failing (as before).
        expect(applied.code).toBe(mode === 'reject' ? 1 : 0);
        expect(applied.stdout).toContain(mode === 'reject' ? 'failed' : 'not-applied');
        expect(requestStory(sim.sim, ['PATCH'])).toEqual([`PATCH ${FRANK} default ${mode === 'ignore' ? 204 : 400}`]);
        expect(applied.stdout).toContain('in_meeting.chat held by lock: locked to false at group Sales');
      } finally {
        await sim.stop();
      }
    });
  }
});

describe('without the account and group read scopes', () => {
  it('plan goes on without lock awareness and says so once', async () => {
    const sim = await simulatorFor(USERS_ONLY, { hierarchy: SALES_LOCKS_CHAT, hierarchyScopes: false }, { ZOOM_EXEC_PMI_PASSCODE: '31415926' });
    try {
      sim.sim.setSetting(FRANK, 'default', ['in_meeting', 'chat'], false);
      const result = await runCli(['plan', '--dir', USERS_ONLY, '--detailed-exitcode'], { env: sim.env });
      expect(result.code).toBe(2);
      expect(result.stdout).toContain('in_meeting.chat: false → true');
      const warnings = result.stderr.split('\n').filter((line) => line.startsWith('warning: the account and group lock settings could not be read'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('4711');
      expect(warnings[0]).toContain('this run is not lock-aware');
      // A desired state that manages the account and groups cannot plan them without the scopes: an error each.
      const levels = await runCli(['plan', '--dir', 'desired-state'], { env: sim.env });
      expect(levels.code).toBe(1);
      expect(levels.stdout).toContain('! group Sales: desired-state/groups/sales.yaml: not planned: the account and group settings could not be read (grant the account:read:admin and group:read:admin scopes)');
    } finally {
      await sim.stop();
    }
  });
});

describe('the demo (npm start)', () => {
  it('shows a change held by a group lock, explains it, and ends with the explain hint', async () => {
    const result = await runCli(['demo']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(HELD);
    expect(result.stdout).toContain('== 3. explain frank@example.com in_meeting.chat: why that change is held');
    expect(result.stdout).toContain('group Sales: false, LOCKED (lock in_meeting.chat)');
    expect(result.stdout.trimEnd().split('\n').slice(-3)[0]).toBe('  npx zoom-settings explain USER [SETTING...]');
  });
});

describe('simulator --hierarchy FILE', () => {
  it('refuses a malformed file naming the file and the entry', async () => {
    const file = join(tmp, 'bad.yaml');
    writeFileSync(file, 'groups:\n  - members: [a@example.com]\n');
    const result = await runCli(['simulator', '--hierarchy', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}: groups[0] needs a name`);
  });
});
