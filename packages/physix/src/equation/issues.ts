import { formatIssues, type Result, type TextIssue } from '@verilab/core';
import type { Span } from './ast.ts';

/**
 * Why an action was rejected, as data (zod's style: a code, a place, a message). The message
 * is one short sentence a model can act on; line and column are 1-based as in every verilab
 * parser, and start/end are the offending characters.
 */
export type EquationIssueCode =
  | 'empty'
  | 'too-long'
  | 'too-complex'
  | 'syntax'
  | 'bad-left-side'
  | 'unknown-symbol'
  | 'unknown-function'
  | 'time-symbol'
  | 'bad-number'
  | 'exponent-too-large'
  | 'duplicate-equation'
  | 'mixed-order'
  | 'missing-equation'
  | 'bad-parameter';

export interface EquationIssue extends TextIssue {
  readonly code: EquationIssueCode;
  readonly start: number;
  readonly end: number;
  /** For issues in `params` rather than in the text: `['params', name]` (line and column 0). */
  readonly path?: readonly string[];
}

export type EquationResult<T> = Result<T, EquationIssue>;

/** Maps offsets in one text to 1-based line and column. */
export function locator(
  text: string,
): (code: EquationIssueCode, span: Span, message: string) => EquationIssue {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  return (code, span, message) => {
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= span.start) line++;
    return {
      code,
      line: line + 1,
      column: span.start - lineStarts[line]! + 1,
      start: span.start,
      end: span.end,
      message,
    };
  };
}

/** An issue with `params` (the whole object when `name` is undefined). */
export function parameterIssue(name: string | undefined, message: string): EquationIssue {
  const path = name === undefined ? ['params'] : ['params', name];
  return { code: 'bad-parameter', line: 0, column: 0, start: 0, end: 0, path, message };
}

/** `line 1, column 12: unknown symbol 'G' …` or `params.k: …`, one issue per line (core's rendering). */
export function formatEquationIssues(issues: readonly EquationIssue[]): string {
  return formatIssues(issues);
}

/** Source text cut to a readable length for messages. */
export function clip(text: string): string {
  return text.length > 24 ? `${text.slice(0, 21)}...` : text;
}

/** A short quotation of source text for messages. */
export function quote(text: string): string {
  return `'${clip(text)}'`;
}
