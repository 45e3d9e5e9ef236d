/**
 * Errors the command reports to its user: bad flags, unreadable or malformed input. They print
 * as one clear message (no stack trace) and exit with code 2, as Stim and PyMatching do for
 * usage errors.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  /** 2 for usage and input errors; 1 for a run that failed for other reasons (e.g. an endpoint down). */
  readonly exitCode: number;

  constructor(message: string, options: { exitCode?: number } = {}) {
    super(message);
    this.exitCode = options.exitCode ?? USAGE_EXIT_CODE;
  }
}

export const USAGE_EXIT_CODE = 2;
export const FAILURE_EXIT_CODE = 1;

/**
 * Runs `build` (a library call on input the user gave, e.g. compiling their circuit) and turns
 * whatever it throws into a CliError `context: message`, so a rejected input is a clear usage
 * error rather than a stack trace.
 */
export function orCliError<T>(context: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    throw new CliError(`${context}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
