/** `zoom-settings simulator --hierarchy FILE --locked-patch MODE`: the YAML file seeds the levels the API answers. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { createSimulatorCommand } from '../../src/commands/simulator.js';
import type { CommandIo } from '../../src/commands/command.js';
import { InputError } from '../../src/core/errors.js';
import { parseHierarchy } from '../../src/io/hierarchy-file.js';
import { silentLogger } from '../../src/io/logger.js';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../src/simulator/index.js';
import { apiFor } from './sim-helpers.js';

const DIR = mkdtempSync(join(tmpdir(), 'zoom-sim-hierarchy-'));
const YAML = `account:
  settings: { in_meeting: { chat: true } }
  locks: { in_meeting: { file_transfer: true } }
groups:
  - name: Sales
    id: sales
    priority: 1
    members: [user00001@example.com]
    settings: { in_meeting: { chat: false } }
    locks: { in_meeting: { chat: true } }
`;

function io(): CommandIo {
  return { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {}, cwd: DIR, logger: silentLogger };
}

describe('simulator --hierarchy FILE', () => {
  it('seeds the account and groups from YAML and passes --locked-patch through', async () => {
    writeFileSync(join(DIR, 'hierarchy.yaml'), YAML);
    let started: SimulatorOptions | undefined;
    let sim: SimulatorHandle | undefined;
    let checked: Promise<void> = Promise.resolve();
    const command = createSimulatorCommand({
      start: async (options) => {
        started = options;
        sim = await startSimulator(options);
        return sim;
      },
      untilStopped: async () => {
        const api = await apiFor(sim!);
        checked = (async () => {
          expect((await api.get('/groups')).body.groups).toEqual([{ id: 'sales', name: 'Sales', total_members: 1 }]);
          expect((await api.settings('user00001@example.com')).body.in_meeting.chat).toBe(false);
          expect((await api.patchSettings('user00001@example.com', { in_meeting: { chat: true } })).status).toBe(400);
        })();
        await checked;
        return 'SIGTERM';
      },
    });
    const code = await command.run({ values: { hierarchy: 'hierarchy.yaml', 'locked-patch': 'reject', users: '2' }, positionals: [] }, io());
    await checked;
    expect(code).toBe(0);
    expect(started?.lockedPatch).toBe('reject');
    expect(started?.hierarchy?.groups?.[0]).toMatchObject({ name: 'Sales', id: 'sales', priority: 1 });
  });

  it.each([
    ['groups: {}', 'f.yaml: groups must be a list'],
    ['groups:\n  - name: Sales\n    priority: 0', 'f.yaml: groups[0] (Sales).priority must be a whole number ≥ 1 (1 is the highest)'],
    ['groups:\n  - name: Sales\n    members: a@example.com', 'f.yaml: groups[0] (Sales).members must be a list of emails or user ids'],
    ['account:\n  settings: [1]', 'f.yaml: account.settings must be a mapping'],
    ['accounts: {}', 'f.yaml: unknown top-level key "accounts" (expected account, groups, inherit, overrides)'],
    ['groups:\n  - name: Sales\n    lock: {}', 'f.yaml: groups[0] (Sales) has an unknown key "lock"'],
    ['groups: [unclosed', 'f.yaml: not valid YAML'],
  ])('refuses %j with a message naming the file and entry', (text, message) => {
    expect(() => parseHierarchy('f.yaml', text)).toThrow(new InputError(message));
  });
});
