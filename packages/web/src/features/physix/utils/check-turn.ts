import { err, ok, type Result } from '@verilab/core';
import { formatEquationIssues, getSystem, parseEquationSystem, type EquationIssue, type PhysixAction } from '@verilab/physix';

/** Why a turn cannot be sent: the field at fault, the message to show, and the parser's issues (for the caret). */
export interface TurnProblem {
  readonly field: 'equation' | 'params';
  readonly message: string;
  readonly issues: readonly EquationIssue[];
}

/**
 * A hand-written turn checked in the browser before it is sent, with the parser the verifier
 * runs (pure @verilab/physix): a typo or an undeclared parameter would otherwise spend one of
 * the episode's turns on a rejection the page could have shown. `params` must be a JSON
 * object of finite numbers, as the verifier requires. A system this page does not know is
 * left for the server to judge. The check stops at its first problem: a failure holds one.
 */
export function checkTurn(systemId: string, equation: string, paramsText: string, rationale: string): Result<PhysixAction, TurnProblem> {
  const params = readParams(paramsText);
  if (typeof params === 'string') return err([{ field: 'params', message: params, issues: [] }]);
  const system = getSystem(systemId);
  if (system !== undefined) {
    const parsed = parseEquationSystem(equation, system, Object.keys(params));
    if (!parsed.ok) return err([{ field: 'equation', message: formatEquationIssues(parsed.issues), issues: parsed.issues }]);
  }
  return ok({ equation, params, rationale });
}

function readParams(text: string): Record<string, number> | string {
  let value: unknown;
  try {
    value = JSON.parse(text.trim() === '' ? '{}' : text);
  } catch (error) {
    return `params is not JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'params must be a JSON object mapping names to numbers, e.g. {"k": 4.2}';
  const bad = Object.entries(value).find(([, item]) => typeof item !== 'number' || !Number.isFinite(item));
  if (bad !== undefined) return `params.${bad[0]} must be a finite number`;
  return value as Record<string, number>;
}

/** The issue's line with a caret under its column, for showing where the parser stopped. */
export function caretLines(text: string, issue: EquationIssue): string | undefined {
  if (issue.line < 1) return undefined;
  const line = text.split('\n')[issue.line - 1];
  if (line === undefined) return undefined;
  const width = Math.max(1, Math.min(issue.end - issue.start, line.length - issue.column + 1));
  return `${line}\n${' '.repeat(Math.max(0, issue.column - 1))}${'^'.repeat(width)}`;
}
