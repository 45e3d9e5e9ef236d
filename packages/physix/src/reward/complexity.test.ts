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

  it('a product has one coefficient, wherever its constants and signs are written', () => {
    const spring = getSystem('spring_mass')!;
    const count = (rhs: string) => canonicalComplexity(unwrap(parseEquationSystem(`d2x/dt2 = ${rhs}`, spring, ['k', 'm', 'f'])));
    expect(['-(k/m)*x', '-k*x/m', '-(k*x)/m', 'x*(-k/m)'].map(count)).toEqual([1, 1, 1, 1]);
    // A bare sign still costs one on its own, and nothing on a term of a sum.
    expect([count('x'), count('-x'), count('-(-x)'), count('x - vx'), count('-x - vx')]).toEqual([0, 1, 0, 1, 2]);
    // The truth plus a constant force still costs one more than any spelling of the truth.
    expect(count('-(k/m)*x + f')).toBe(2);
  });

  it('a sign over a sum and a coefficient dividing a sum count as if distributed', () => {
    const count = (system: string, rhs: string, params: readonly string[]) =>
      canonicalComplexity(unwrap(parseEquationSystem(rhs, getSystem(system)!, params)));
    const drag = ['g', 'k'];
    expect(count('free_fall_drag', 'd2y/dt2 = -(g + k*vy*abs(vy))', drag)).toBe(count('free_fall_drag', 'd2y/dt2 = -g - k*vy*abs(vy)', drag));
    const damped = ['k', 'm', 'b'];
    const truth = count('damped_spring', 'd2x/dt2 = -(k/m)*x - (b/m)*vx', damped);
    expect(truth).toBe(3);
    expect(count('damped_spring', 'd2x/dt2 = -(k*x + b*vx)/m', damped)).toBe(truth);
    expect(count('damped_spring', 'd2x/dt2 = -k*x/m - b*vx/m', damped)).toBe(truth);
    const pendulum = ['g', 'L', 'b'];
    expect(count('damped_pendulum', 'd2theta/dt2 = -g*sin(theta)/L - b*dtheta', pendulum)).toBe(
      count('damped_pendulum', 'd2theta/dt2 = -(g/L)*sin(theta) - b*dtheta', pendulum),
    );
  });

  it('counts coefficients times sums nested deep in time linear in their depth', () => {
    // Each level weighs its sum as written and distributed: counted again per level, depth 22
    // (90 nodes, about the deepest the grammar allows) would take about 3^22 steps.
    const spring = getSystem('spring_mass')!;
    let rhs = 'x';
    for (let level = 0; level < 22; level++) rhs = `k*(${rhs} + vx)`;
    expect(canonicalComplexity(unwrap(parseEquationSystem(`d2x/dt2 = ${rhs}`, spring, ['k'])))).toBe(44);
  });

  it('budgets 12 operators per degree of freedom', () => {
    expect(complexityBudget(projectile)).toBe(24);
    expect(complexityBudget(getSystem('free_fall')!)).toBe(12);
  });
});
