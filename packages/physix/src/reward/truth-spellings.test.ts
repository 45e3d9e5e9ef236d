import { describe, expect, it } from 'vitest';
import { groundTruthAction } from '../episode/ground-truth-action.ts';
import { instantiate } from '../systems/instance.ts';
import { getSystem } from '../systems/registry.ts';
import { targetOf, verify } from '../verify.ts';

/**
 * The truth is never penalised for how it is written: natural spellings of each ground truth
 * (constants divided last, a sign outside a sum, a coefficient dividing a sum) total exactly
 * what the ground-truth text does, with and without fitting. Before simplicity counted one
 * coefficient per product, `-k*x/m` on spring_mass tied with the truth plus a fitted constant
 * force, and `-(k*x)/m` lost to it.
 */
type Params = Readonly<Record<string, number>>;
const SPELLINGS: Readonly<Record<string, readonly { equation: string; params: (p: Params) => Record<string, number> }[]>> = {
  free_fall_drag: [{ equation: 'd2y/dt2 = -(g + k*vy*abs(vy))', params: (p) => ({ g: p['g']!, k: p['k']! }) }],
  simple_pendulum: [{ equation: 'd2theta/dt2 = -g*sin(theta)/L', params: (p) => ({ g: p['g']!, L: p['L']! }) }],
  damped_pendulum: [{ equation: 'd2theta/dt2 = -g*sin(theta)/L - b*dtheta', params: (p) => ({ g: p['g']!, L: p['L']!, b: p['b']! }) }],
  spring_mass: [
    { equation: 'd2x/dt2 = -k*x/m', params: (p) => ({ k: p['k']!, m: p['m']! }) },
    { equation: 'd2x/dt2 = -(k*x)/m', params: (p) => ({ k: p['k']!, m: p['m']! }) },
  ],
  damped_spring: [
    { equation: 'd2x/dt2 = -(k*x + b*vx)/m', params: (p) => ({ k: p['k']!, m: p['m']!, b: p['b']! }) },
    { equation: 'd2x/dt2 = -k*x/m - b*vx/m', params: (p) => ({ k: p['k']!, m: p['m']!, b: p['b']! }) },
  ],
  charged_particle_b_field: [{ equation: 'd2x/dt2 = q*B*vy/m; d2y/dt2 = -q*B*vx/m', params: (p) => ({ q: p['q']!, B: p['B']!, m: p['m']! }) }],
};
const SEEDS = [0, 1, 2, 3, 4];

describe('the truth scores the same however its constants are arranged', () => {
  for (const [systemId, spellings] of Object.entries(SPELLINGS)) {
    it(systemId, () => {
      for (const seed of SEEDS) {
        const instance = instantiate(getSystem(systemId)!, seed);
        const target = targetOf(instance);
        const truth = verify(target, groundTruthAction(instance)).report.rewards['anti-hack'].total;
        for (const spelling of spellings) {
          const total = verify(target, { equation: spelling.equation, params: spelling.params(instance.parameters) }).report.rewards['anti-hack'].total;
          expect(total, `${spelling.equation} on seed ${seed}`).toBe(truth);
        }
      }
    });
  }

  it('with fitting, every spelling of the spring law beats the truth plus a constant force', () => {
    for (const seed of SEEDS) {
      const instance = instantiate(getSystem('spring_mass')!, seed);
      const target = targetOf(instance);
      const { k, m } = instance.parameters as { k: number; m: number };
      const total = (equation: string, params: Record<string, number>) => verify(target, { equation, params }, { fit: true }).report.rewards['anti-hack'].total;
      const wrong = total('d2x/dt2 = -(k/m)*x + f', { k, m, f: 0.1 });
      for (const equation of ['d2x/dt2 = -(k/m)*x', 'd2x/dt2 = -k*x/m', 'd2x/dt2 = -(k*x)/m']) {
        expect(total(equation, { k, m }), `${equation} on seed ${seed}`).toBeGreaterThan(wrong);
      }
    }
  });
});
