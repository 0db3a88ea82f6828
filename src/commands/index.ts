/** The command table. One line per command; each module owns its flags and help. */
import type { Command } from './command.js';
import { validateCommand } from './validate.js';

export const COMMANDS: Command[] = [validateCommand];
