/** The command table. One line per command; each module owns its flags and help. */
import { applyCommand } from './apply.js';
import type { Command } from './command.js';
import { demoCommand } from './demo.js';
import { driftCommand } from './drift.js';
import { explainCommand } from './explain.js';
import { importCommand } from './import.js';
import { planCommand } from './plan.js';
import { rollbackCommand } from './rollback.js';
import { simulatorCommand } from './simulator.js';
import { validateCommand } from './validate.js';

export const COMMANDS: Command[] = [validateCommand, planCommand, applyCommand, driftCommand, explainCommand, importCommand, rollbackCommand, simulatorCommand, demoCommand];
