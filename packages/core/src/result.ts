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
 * The value of a result that must have succeeded (test setup, built-in data); a failure is a
 * programmer error and throws with every issue rendered, after `context` when given.
 */
export function unwrap<T>(result: Result<T, IssueLocation>, context?: string): T {
  if (result.ok) return result.value;
  const issues = formatIssues(result.issues);
  throw new Error(context === undefined ? issues : `${context}\n${issues}`);
}
