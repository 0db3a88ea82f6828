/**
 * Typed errors that carry their context. The CLI maps them to exit codes and prints `message`
 * (never a stack trace) for UsageError and DesiredStateError.
 */

/** Wrong flags or arguments: exit 1 with the message and the command's usage hint. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(message: string, readonly command?: string) {
    super(message);
  }
}

/** A problem the user must fix in their inputs or environment (files, credentials, plan file). */
export class InputError extends Error {
  override name = 'InputError';
  constructor(message: string, readonly details: string[] = []) {
    super(message);
  }
}
