/**
 * Parse errors as data (zod's style): where in the text, and what is wrong, so a CLI, an HTTP
 * 4xx body or an LLM can all render the same issue.
 */
export interface TextIssue {
  /** 1-based line number. */
  readonly line: number;
  /** 1-based column of the first offending character. */
  readonly column: number;
  readonly message: string;
}

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly TextIssue[] };

export const parsed = <T>(value: T): ParseResult<T> => ({ ok: true, value });

export const failed = <T>(issues: readonly TextIssue[]): ParseResult<T> => ({ ok: false, issues });

/** `line 3, column 7: unknown gate "FOO"` — one line per issue, optionally prefixed by a file name. */
export function formatIssues(issues: readonly TextIssue[], source?: string): string {
  const prefix = source === undefined ? '' : `${source}:`;
  return issues
    .map((issue) => `${prefix}line ${issue.line}, column ${issue.column}: ${issue.message}`)
    .join('\n');
}
