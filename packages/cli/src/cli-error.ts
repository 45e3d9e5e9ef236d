/**
 * Errors the command reports to its user: bad flags, unreadable or malformed input. They print
 * as one clear message (no stack trace) and exit with code 2, as Stim and PyMatching do for
 * usage errors.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
}

export const USAGE_EXIT_CODE = 2;
