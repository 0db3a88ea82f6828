/**
 * Passcodes come from environment variables (`{ env: NAME }`). A run that finds one unset or changed halfway would
 * apply some users and fail the rest, so apply checks them all before it starts: for a plan made now, every
 * variable the selected users' desired state reads; for a saved plan, every placeholder it holds, against the
 * plan's fingerprint (the value reviewed is the value sent).
 */
import { collectPlaceholders, placeholderProblems } from '../../core/apply/secrets.js';
import { missingSecrets, secretReferences } from '../../core/desired/secret-references.js';
import { formatPosition } from '../../core/desired/source.js';
import { InputError } from '../../core/errors.js';
import type { SecretContext } from '../../core/plan/diff-settings.js';
import type { CheckedDesiredState } from '../../io/desired-state.js';
import type { PlanFile } from '../../io/plan-file.js';
import { selectedEntries, type Selection } from './select-users.js';
import type { ZoomSession } from './zoom-session.js';

function variables(count: number, what: string): string {
  return count === 1 ? `a passcode variable is ${what}` : `${count} passcode variables are ${what}`;
}

/** Every passcode variable the selected users need is set, or nothing is planned and nothing sent. */
export async function refuseUnsetSecrets(loaded: CheckedDesiredState, selection: Selection, session: ZoomSession): Promise<void> {
  const resolve = (env: string): string | undefined => session.env[env] || undefined;
  // A run over every user needs what the check found; a selection only what its users and their profiles read.
  const references = selection.count === loaded.userCount ? loaded.secretReferences : secretReferences(loaded.layers, await selectedEntries(selection));
  const missing = missingSecrets(references, resolve);
  if (missing.length === 0) return;
  throw new InputError(
    `refusing to apply: ${variables(missing.length, 'not set')}; nothing was sent to Zoom`,
    missing.map((ref) => `${ref.env} (read by ${ref.path} at ${formatPosition(ref.pos)})`),
  );
}

/** Reads the plan once for its secret placeholders; any unset or changed variable stops the run before it starts. */
export async function refuseMissingSecrets(plan: PlanFile, secrets: SecretContext): Promise<void> {
  const placeholders = new Map<string, Set<string>>();
  for await (const user of plan.users()) for (const request of user.requests) collectPlaceholders(request.body, placeholders);
  const problems = placeholderProblems(placeholders, secrets);
  if (problems.length > 0) {
    throw new InputError(`refusing to apply ${plan.path}: ${variables(problems.length, 'not as the plan was made')}; nothing was sent to Zoom`, problems);
  }
}
