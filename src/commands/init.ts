/** `zoom-settings init --policies cis`: writes a starter policy pack into the desired-state directory (issue 17, item 4). */
import { join, resolve } from 'node:path';
import { CIS_CONTROLS, CIS_LEFT_OUT } from '../core/packs/cis-zoom.js';
import { renderCisPack } from '../core/packs/render-pack.js';
import { UsageError } from '../core/errors.js';
import { writeStarterFile } from '../io/starter-files.js';
import { booleanOption, stringOption, type Command } from './command.js';

const PACKS: Record<string, { relPath: string; render: () => string; summary: string }> = {
  cis: {
    relPath: 'policies/cis-zoom.yaml',
    render: renderCisPack,
    summary: `${CIS_CONTROLS.length} CIS Zoom Benchmark v1.0.0 controls as rules (${CIS_LEFT_OUT.length} left out, listed in the file's comments)`,
  },
};

const HELP = `Usage: zoom-settings init --policies cis [--dir DIR] [--force]

Writes a starter policy pack into the desired-state directory. With --policies cis: policies/cis-zoom.yaml, the
controls of the CIS Zoom Benchmark v1.0.0 that Zoom user settings can express, one rule each with its CIS id and
title (Level 1 controls are errors, Level 2 warnings); the controls left out are listed in the file with the reason
(see docs/cis-zoom.md). Check the account against it with \`zoom-settings check\` or \`zoom-settings report --live\`.

Options:
  --policies PACK   the pack to write: cis
  --dir DIR         the desired-state directory (default: ./desired-state); nothing is written outside it
  --force           replace the pack's file when it exists (default: refuse and write nothing)
  -h, --help        show this help

Exit codes: 0 written, 1 the file exists (without --force), cannot be written, or bad arguments.
`;

export const initCommand: Command = {
  name: 'init',
  help: HELP,
  positionals: [],
  options: { policies: { type: 'string' }, dir: { type: 'string' }, force: { type: 'boolean' } },
  async run(args, io) {
    const name = stringOption(args, 'policies');
    if (name === undefined) throw new UsageError('name the pack to write: zoom-settings init --policies cis', 'init');
    const pack = Object.hasOwn(PACKS, name) ? PACKS[name] : undefined;
    if (!pack) throw new UsageError(`--policies must be ${Object.keys(PACKS).join(' or ')}, not "${name}"`, 'init');
    const dir = stringOption(args, 'dir') ?? 'desired-state';
    await writeStarterFile(resolve(io.cwd, dir), pack.relPath, pack.render(), booleanOption(args, 'force'));
    io.stdout.write(`wrote ${join(dir, pack.relPath)}: ${pack.summary}\n`);
    return 0;
  },
};
