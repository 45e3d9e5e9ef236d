import { describe, expect, it } from 'vitest';
import { caretLines, checkTurn } from './check-turn.ts';

describe('checkTurn', () => {
  it('passes a well-formed turn through as the action', () => {
    expect(checkTurn('damped_spring', 'd2x/dt2 = -k*x', '{"k": 4}', 'spring')).toEqual({ ok: true, action: { equation: 'd2x/dt2 = -k*x', params: { k: 4 }, rationale: 'spring' } });
  });

  it('rejects params that are not an object of numbers, naming the field', () => {
    for (const text of ['[1,2]', '3', 'null', '{"k": "4"}', '{k: 4}']) {
      const check = checkTurn('damped_spring', 'd2x/dt2 = -k*x', text, '');
      expect(check.ok, text).toBe(false);
      if (!check.ok) expect(check.field).toBe('params');
    }
  });

  it('reports an equation typo with its line and column, as the verifier would', () => {
    const text = 'd2x/dt2 = -k*x\nd2x/dt2 = -k*G';
    const check = checkTurn('damped_spring', 'd2x/dt2 = -k*x +* x', '{"k": 4}', '');
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.field).toBe('equation');
      expect(check.message).toMatch(/line 1, column \d+/);
    }
    const undeclared = checkTurn('damped_spring', 'd2x/dt2 = -k*x - c*vx', '{"k": 4}', '');
    expect(undeclared.ok).toBe(false);
    if (!undeclared.ok) expect(undeclared.message).toContain("'c'");
    const twice = checkTurn('damped_spring', text, '{"k": 4}', '');
    if (!twice.ok && twice.issues[0] !== undefined) expect(caretLines(text, twice.issues[0])).toMatch(/\n *\^+$/);
    else expect.unreachable('a duplicated definition must be rejected');
  });

  it('leaves a system this page does not know to the server', () => {
    expect(checkTurn('not_a_system', 'anything', '{}', '').ok).toBe(true);
  });
});
