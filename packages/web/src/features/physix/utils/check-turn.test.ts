import { firstIssue, unwrap } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { caretLines, checkTurn, type TurnProblem } from './check-turn.ts';

/** The one problem of a turn that must be rejected (fails the test when the turn passes). */
function problemOf(check: ReturnType<typeof checkTurn>): TurnProblem {
  if (check.ok) throw new Error(`the turn passed: ${JSON.stringify(check.value)}`);
  return firstIssue(check);
}

describe('checkTurn', () => {
  it('passes a well-formed turn through as the action', () => {
    expect(unwrap(checkTurn('damped_spring', 'd2x/dt2 = -k*x', '{"k": 4}', 'spring'))).toEqual({ equation: 'd2x/dt2 = -k*x', params: { k: 4 }, rationale: 'spring' });
  });

  it('rejects params that are not an object of numbers, naming the field', () => {
    for (const text of ['[1,2]', '3', 'null', '{"k": "4"}', '{k: 4}']) {
      expect(problemOf(checkTurn('damped_spring', 'd2x/dt2 = -k*x', text, '')), text).toMatchObject({ field: 'params', issues: [] });
    }
  });

  it('reports an equation typo with its line and column, as the verifier would', () => {
    const typo = problemOf(checkTurn('damped_spring', 'd2x/dt2 = -k*x +* x', '{"k": 4}', ''));
    expect(typo.field).toBe('equation');
    expect(typo.message).toMatch(/line 1, column \d+/);
    expect(problemOf(checkTurn('damped_spring', 'd2x/dt2 = -k*x - c*vx', '{"k": 4}', '')).message).toContain("'c'");
    const text = 'd2x/dt2 = -k*x\nd2x/dt2 = -k*G';
    const [first] = problemOf(checkTurn('damped_spring', text, '{"k": 4}', '')).issues;
    expect(first).toBeDefined();
    expect(caretLines(text, first!)).toMatch(/\n *\^+$/);
  });

  it('leaves a system this page does not know to the server', () => {
    expect(checkTurn('not_a_system', 'anything', '{}', '').ok).toBe(true);
  });
});
