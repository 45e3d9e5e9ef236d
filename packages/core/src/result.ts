import { formatIssues, type Issue, type IssueLocation } from './issue.ts';

/**
 * The one result type of verilab: a value, or the issues that stopped it (the shape the style
 * guide asks of every parser and validator, `{ok: true, value} | {ok: false, issues}`). Failures
 * are lists because a parser reports every problem it can, not just the first.
 */
export type Result<T, E = Issue> = Ok<T> | Err<E>;

export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}

export interface Err<E> {
  readonly ok: false;
  readonly issues: readonly E[];
}

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });

export const err = <E>(issues: readonly E[]): Err<E> => ({ ok: false, issues });

/**
 * The one issue of a failure that stops at its first problem (a call to a model endpoint, a
 * session's step): callers branch on its `kind`. Such failures are built `err([issue])`.
 */
export function firstIssue<E>(failed: Err<E>): E {
  const [issue] = failed.issues;
  if (issue === undefined) throw new Error('a failed result carries no issue');
  return issue;
}

/**
 * The value of a result that must have succeeded (test setup, built-in data); a failure is a
 * programmer error and throws with every issue rendered, after `context` when given: by
 * `formatIssues` when it has a message, as JSON otherwise.
 */
export function unwrap<T, E>(result: Result<T, E>, context?: string): T {
  if (result.ok) return result.value;
  const issues = result.issues.map((issue) => (hasMessage(issue) ? formatIssues([issue]) : JSON.stringify(issue))).join('\n');
  throw new Error(context === undefined ? issues : `${context}\n${issues}`);
}

function hasMessage(issue: unknown): issue is IssueLocation {
  return typeof issue === 'object' && issue !== null && typeof (issue as { message?: unknown }).message === 'string';
}
