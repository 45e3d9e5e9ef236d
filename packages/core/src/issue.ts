/**
 * Problems with an input, as data (zod v4's issues: a code, a path, a message): a CLI, an HTTP
 * 4xx body and an LLM prompt all render the same issue, and tests compare them as values.
 */

/** Where in a structured input: object keys and array indices from the root, `[]` for the whole. */
export type IssuePath = readonly (string | number)[];

export interface Issue {
  /** What went wrong, for programs (`'bad-parameter'`, `'out-of-range'`, …). */
  readonly code: string;
  readonly path: IssuePath;
  /** One short sentence for people and models. */
  readonly message: string;
}

/**
 * An issue in a text (a circuit, a DEM, an equation, a CSV file): 1-based line and column of the
 * first offending character instead of a path.
 */
export interface TextIssue {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Whatever an issue carries to say where it is: a path, a text position, or neither. */
export interface IssueLocation {
  readonly message: string;
  readonly path?: IssuePath | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

/**
 * One line per issue: `params.k: must be positive` for a path, `line 3, column 7: unknown gate
 * "FOO"` for a text position (prefixed by `source:` when a file name is given), the bare message
 * otherwise. A path, when present, wins over a position.
 */
export function formatIssues(issues: readonly IssueLocation[], source?: string): string {
  const prefix = source === undefined ? '' : `${source}:`;
  return issues.map((issue) => `${prefix}${formatIssue(issue)}`).join('\n');
}

function formatIssue(issue: IssueLocation): string {
  if (issue.path !== undefined && issue.path.length > 0) return `${formatPath(issue.path)}: ${issue.message}`;
  if (issue.line !== undefined && issue.column !== undefined) return `line ${issue.line}, column ${issue.column}: ${issue.message}`;
  return issue.message;
}

/** `params.k`, `rows[2].name`, `["odd key"]`: JavaScript's accessor notation from the root. */
export function formatPath(path: IssuePath): string {
  return path
    .map((part, i) =>
      typeof part === 'number'
        ? `[${part}]`
        : /^[A-Za-z_]\w*$/.test(part)
          ? `${i === 0 ? '' : '.'}${part}`
          : `[${JSON.stringify(part)}]`,
    )
    .join('');
}
