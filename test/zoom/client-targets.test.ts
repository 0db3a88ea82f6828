/** The client reads every target kind through one seam (issue 15): account, group and user settings and locks. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UsageError } from '../../src/core/errors.js';
import { readHierarchy } from '../../src/commands/shared/read-hierarchy.js';
import { groupsOf } from '../../src/core/hierarchy/model.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { ZoomApiError } from '../../src/zoom/index.js';
import { simulatorClient, type TestClient } from './harness.js';

const MEMBERS = Array.from({ length: 5 }, (_, i) => `user0000${i + 1}@example.com`);

describe('ZoomClient targets (against the simulator)', () => {
  let sim: SimulatorHandle;
  let test: TestClient;

  beforeAll(async () => {
    sim = await startSimulator({
      users: 6,
      maxRps: 1000,
      hierarchy: {
        account: { locks: { in_meeting: { file_transfer: true } } },
        groups: [
          { name: 'Sales', id: 'sales', members: MEMBERS, locks: { in_meeting: { chat: true } } },
          { name: 'Support', id: 'support', members: [MEMBERS[0]!] },
        ],
      },
    });
    test = simulatorClient(sim);
  });

  afterAll(async () => {
    test.client.close();
    await sim.stop();
  });

  it('builds each kind\'s URL from the registry: account `me`, groups by id, users by id or email', async () => {
    sim.clearLog();
    await test.client.getSettings({ kind: 'account', id: 'me' }, 'meeting_security');
    await test.client.getLocks({ kind: 'account', id: 'me' }, 'default');
    await test.client.getSettings({ kind: 'group', id: 'sales' }, 'default');
    await test.client.getLocks({ kind: 'group', id: 'sales' }, 'meeting_security');
    await test.client.getSettings({ kind: 'user', id: MEMBERS[0]! }, 'default');
    expect(sim.requestLog.filter((r) => r.path.startsWith('/v2/')).map((r) => `${r.method} ${r.path}${r.option ? `?option=${r.option}` : ''} ${r.status}`)).toEqual([
      'GET /v2/accounts/me/settings?option=meeting_security 200',
      'GET /v2/accounts/me/lock_settings 200',
      'GET /v2/groups/sales/settings 200',
      'GET /v2/groups/sales/lock_settings?option=meeting_security 200',
      `GET /v2/users/${encodeURIComponent(MEMBERS[0]!)}/settings 200`,
    ]);
  });

  it('refuses what a kind does not have, before sending anything', async () => {
    await expect(test.client.getLocks({ kind: 'user', id: MEMBERS[0]! }, 'default')).rejects.toThrow(new UsageError('a user has no lock settings (only the account and groups lock settings)'));
    await expect(test.client.getSettings({ kind: 'user', id: 'me' }, 'default')).rejects.toBeInstanceOf(UsageError);
    await expect(test.client.getSettings({ kind: 'group', id: '' }, 'default')).rejects.toThrow(new UsageError('a Zoom group id is required'));
  });

  it('lists groups and pages through members; an unknown group is a ZoomApiError with its code', async () => {
    expect(await test.client.listGroups()).toEqual([
      { id: 'sales', name: 'Sales', totalMembers: 5 },
      { id: 'support', name: 'Support', totalMembers: 1 },
    ]);
    const members = [];
    for await (const member of test.client.listGroupMembers('sales')) members.push(member.email);
    expect(members).toEqual(MEMBERS);
    const error = await test.client.getSettings({ kind: 'group', id: 'ghost' }, 'default').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZoomApiError);
    expect((error as ZoomApiError).code).toBe(4130);
  });

  it('reads the hierarchy once: locks everywhere, settings only where a level locks, membership both ways', async () => {
    sim.clearLog();
    const read = await readHierarchy(test.client);
    if (read.kind !== 'ok') throw new Error(read.reason);
    // Groups are read side by side: compare as a set, after the account and the group list that come first.
    const paths = sim.requestLog.map((r) => `${r.path}${r.option ? `?option=${r.option}` : ''}`);
    expect(paths.slice(0, 4)).toEqual(['/v2/accounts/me/lock_settings', '/v2/accounts/me/lock_settings?option=meeting_security', '/v2/accounts/me/settings', '/v2/groups']);
    expect([...paths].sort()).toEqual([
      '/v2/accounts/me/lock_settings',
      '/v2/accounts/me/lock_settings?option=meeting_security',
      '/v2/accounts/me/settings',
      '/v2/groups',
      '/v2/groups/sales/lock_settings',
      '/v2/groups/sales/lock_settings?option=meeting_security',
      '/v2/groups/sales/settings',
      '/v2/groups/sales/members',
      '/v2/groups/support/lock_settings',
      '/v2/groups/support/lock_settings?option=meeting_security',
      '/v2/groups/support/members',
    ].sort());
    expect(read.snapshot.requests).toBe(paths.length);
    expect(groupsOf(read.snapshot, MEMBERS[0]!.toUpperCase()).map((g) => g.name)).toEqual(['Sales', 'Support']);
    expect(groupsOf(read.snapshot, 'user00006@example.com')).toEqual([]);
  });
});
