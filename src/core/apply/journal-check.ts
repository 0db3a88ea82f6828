/**
 * The shape of each journal entry, checked as the journal is read. `apply --resume` skips users by it and `rollback`
 * builds requests from it: a hand-edited or damaged entry must stop the command with the line named, not send
 * PATCHes to a user called "undefined" or report a rollback of nothing as a success.
 */
import { VARIANTS } from '../../schema/index.js';
import { APPLY_RESULTS } from './ledger.js';
import { TARGET_KINDS } from '../targets/registry.js';

type Fields = Record<string, unknown>;

const COMMANDS = ['apply', 'drift', 'rollback'];

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function missingStrings(entry: Fields, names: readonly string[]): string | undefined {
  const missing = names.filter((name) => typeof entry[name] !== 'string' || entry[name] === '');
  return missing.length > 0 ? `its ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing or not text` : undefined;
}

function changeProblem(change: unknown, index: number): string | undefined {
  const where = `change ${index + 1}`;
  if (!isObject(change)) return `${where} is not an object`;
  if (!(VARIANTS as readonly unknown[]).includes(change.variant)) return `${where} has no known variant`;
  if (typeof change.path !== 'string') return `${where} has no path`;
  if (!Array.isArray(change.locator) || !change.locator.every((step) => typeof step === 'string')) return `${where} has no locator`;
  if (!('before' in change) || !('after' in change)) return `${where} lacks its before or after value`;
  if (typeof change.applied !== 'boolean') return `${where} does not say whether it was applied`;
  return undefined;
}

/** A target, when the entry has one (entries written before targets have none: they are a user's). */
function targetProblem(entry: Fields): string | undefined {
  if (entry.target === undefined) return undefined;
  const target = entry.target;
  if (!isObject(target) || typeof target.kind !== 'string' || !Object.hasOwn(TARGET_KINDS, target.kind) || typeof target.id !== 'string' || target.id === '') {
    return 'its target is not {kind: account | group | user, id}';
  }
  return undefined;
}

/** What is wrong with one parsed journal line, or undefined when it is a well-formed entry. */
export function journalEntryProblem(entry: unknown): string | undefined {
  if (!isObject(entry)) return 'it is not a journal entry (not a JSON object)';
  switch (entry.type) {
    case 'run': {
      const missing = missingStrings(entry, ['run', 'command', 'plan_file', 'plan_checksum', 'account', 'desired_state_hash', 'dir']);
      if (missing) return `a run entry: ${missing}`;
      if (!COMMANDS.includes(entry.command as string)) return `a run entry: unknown command ${JSON.stringify(entry.command)}`;
      if (entry.resumes !== undefined && typeof entry.resumes !== 'string') return 'a run entry: its resumes is not a run id';
      return undefined;
    }
    case 'sending': {
      const missing = missingStrings(entry, ['run', 'user']);
      if (missing) return `a sending entry: ${missing}`;
      const badTarget = targetProblem(entry);
      if (badTarget) return `a sending entry: ${badTarget}`;
      return isObject(entry.body) ? undefined : 'a sending entry: its body is not an object';
    }
    case 'user': {
      const missing = missingStrings(entry, ['run', 'user']);
      if (missing) return `a user entry: ${missing}`;
      const badTarget = targetProblem(entry);
      if (badTarget) return `a user entry: ${badTarget}`;
      if (!(APPLY_RESULTS as readonly unknown[]).includes(entry.result)) return `a user entry: unknown result ${JSON.stringify(entry.result)}`;
      if (!Array.isArray(entry.changes)) return 'a user entry: its changes are not a list';
      const problem = entry.changes.map(changeProblem).find((p) => p !== undefined);
      return problem ? `a user entry: ${problem}` : undefined;
    }
    case 'end':
      return missingStrings(entry, ['run']) ?? (isObject(entry.ledger) ? undefined : 'an end entry: it has no ledger');
    default:
      return `unknown entry type ${JSON.stringify(entry.type)}`;
  }
}
