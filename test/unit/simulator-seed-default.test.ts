/** The quick start's bare `zoom-settings simulator`, run in a checkout, creates the users ./desired-state names. */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import type { CommandIo } from '../../src/commands/command.js';
import { createSimulatorCommand } from '../../src/commands/simulator.js';
import { silentLogger } from '../../src/io/logger.js';
import type { SimulatorHandle, SimulatorOptions } from '../../src/simulator/index.js';

/** The options the command would start the simulator with (nothing is started). */
async function startedWith(argv: string[], cwd: string): Promise<SimulatorOptions> {
  let started: SimulatorOptions | undefined;
  const command = createSimulatorCommand({
    start: async (options) => {
      started = options;
      throw new Error('not started in this test');
    },
    untilStopped: async () => 'SIGTERM',
  });
  const io: CommandIo = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {}, cwd, logger: silentLogger };
  await command.run(parseArgs({ args: argv, options: command.options, allowPositionals: true, strict: true }), io).catch(() => undefined as unknown as SimulatorHandle);
  return started!;
}

describe('zoom-settings simulator without --users-from', () => {
  it('seeds the users of ./desired-state when it exists', async () => {
    const options = await startedWith([], resolve('.'));
    expect(options.seedUsers?.map((u) => u.email).sort()).toEqual(
      ['alice@example.com', 'bob@example.com', 'carol@example.com', 'dana@example.com', 'erin@example.com', 'frank@example.com'],
    );
  });

  it('generates users only, when there is no ./desired-state or --users N is given', async () => {
    expect((await startedWith([], mkdtempSync(resolve(tmpdir(), 'sim-empty-')))).seedUsers).toBeUndefined();
    expect((await startedWith(['--users', '5'], resolve('.'))).seedUsers).toBeUndefined();
  });
});
