import { unwrap } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { parseEquationSystem } from '../equation/parse-equations.ts';
import { getSystem } from '../systems/registry.ts';
import { canonicalComplexity, complexityBudget } from './complexity.ts';

const projectile = getSystem('projectile_drag')!;
const complexity = (equation: string, params: readonly string[] = ['g', 'k', 'w', 'm']) => {
  return canonicalComplexity(unwrap(parseEquationSystem(equation, projectile, params)));
};

describe('canonicalComplexity', () => {
  it('first- and second-order forms of one law count the same', () => {
    const second = 'd2x/dt2 = -k*sqrt(vx**2 + vy**2)*vx; d2y/dt2 = -g - k*sqrt(vx**2 + vy**2)*vy';
    const first =
      'dx/dt = vx; dy/dt = vy; dvx/dt = -k*sqrt(vx**2 + vy**2)*vx; dvy/dt = -g - k*sqrt(vx**2 + vy**2)*vy';
    expect(complexity(first)).toBe(complexity(second));
    expect(complexity(second)).toBe(6 + 7);
  });

  it('a constant sub-expression counts as one constant, however it is written', () => {
    const forms = ['d2x/dt2 = -(k/m)*vx; d2y/dt2 = -g', 'd2x/dt2 = -w*vx; d2y/dt2 = -9.81'];
    expect(forms.map((form) => complexity(form))).toEqual([1, 1]);
    expect(complexity('d2x/dt2 = -4.2*vx; d2y/dt2 = -(g + k)*exp(-w)')).toBe(1);
    expect(complexity('d2x/dt2 = 0; d2y/dt2 = -vy')).toBe(1);
  });

  it('budgets 12 operators per degree of freedom', () => {
    expect(complexityBudget(projectile)).toBe(24);
    expect(complexityBudget(getSystem('free_fall')!)).toBe(12);
  });
});
