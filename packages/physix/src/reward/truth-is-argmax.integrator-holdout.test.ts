import { describe, expect, it } from 'vitest';
import { groundTruthAction } from '../episode/ground-truth-action.ts';
import { instantiate } from '../systems/instance.ts';
import { getSystem } from '../systems/registry.ts';
import type { Values } from '../systems/system.ts';
import { targetOf, verify } from '../verify.ts';

/**
 * Flexible laws fitted to the shown data, written by someone who did not design the reward and
 * run against it unchanged: polynomial and rational curve fits in the state variables, wrong
 * nonlinearities with free constants, and supersets of the truth (the true law plus fitted
 * extra terms). Each starts its fit from the values that make it as close to the truth as it
 * can be. None may reach the truth's total; a superset can at best tie on fit and must lose
 * on simplicity.
 */
interface FittedLaw {
  readonly name: string;
  readonly equation: string;
  readonly start: (p: Values) => Record<string, number>;
}

const LAWS: Readonly<Record<string, readonly FittedLaw[]>> = {
  free_fall: [
    { name: 'linear in both state variables', equation: 'd2y/dt2 = a + b*y + c*vy', start: (p) => ({ a: -p['g']!, b: 0, c: 0 }) },
    { name: 'exponential in vy', equation: 'd2y/dt2 = a*exp(b*vy)', start: (p) => ({ a: -p['g']!, b: 0 }) },
  ],
  free_fall_drag: [
    { name: 'quadratic polynomial in vy', equation: 'd2y/dt2 = a + b*vy + c*vy**2', start: (p) => ({ a: -p['g']!, b: 0, c: 0 }) },
    { name: 'drag saturating with speed', equation: 'd2y/dt2 = -g - c*vy*abs(vy)/(1 + e*abs(vy))', start: (p) => ({ g: p['g']!, c: p['k']!, e: 0.001 }) },
  ],
  simple_pendulum: [
    { name: 'fifth-order Taylor polynomial', equation: 'd2theta/dt2 = a*theta + b*theta**3 + c*theta**5', start: (p) => ({ a: -p['g']! / p['L']!, b: p['g']! / p['L']! / 6, c: -p['g']! / p['L']! / 120 }) },
    { name: 'sine with a free frequency', equation: 'd2theta/dt2 = a*sin(c*theta)', start: (p) => ({ a: -p['g']! / p['L']!, c: 1 }) },
  ],
  damped_pendulum: [
    { name: 'cubic damping added', equation: 'd2theta/dt2 = a*sin(theta) + b*dtheta + c*dtheta**3', start: (p) => ({ a: -p['g']! / p['L']!, b: -p['b']!, c: 0 }) },
    { name: 'quadratic damping', equation: 'd2theta/dt2 = a*sin(theta) + c*dtheta*abs(dtheta)', start: (p) => ({ a: -p['g']! / p['L']!, c: -p['b']! }) },
  ],
  spring_mass: [
    { name: 'cubic stiffness added', equation: 'd2x/dt2 = a*x + b*x**3', start: (p) => ({ a: -p['k']! / p['m']!, b: 0 }) },
    { name: 'sine force', equation: 'd2x/dt2 = a*sin(c*x)', start: (p) => ({ a: -p['k']! / p['m']! / 0.2, c: 0.2 }) },
  ],
  damped_spring: [
    { name: 'quadratic damping', equation: 'd2x/dt2 = a*x + c*vx*abs(vx)', start: (p) => ({ a: -p['k']! / p['m']!, c: -p['b']! / p['m']! }) },
    { name: 'position-dependent damping added', equation: 'd2x/dt2 = a*x + b*vx + c*x*vx', start: (p) => ({ a: -p['k']! / p['m']!, b: -p['b']! / p['m']!, c: 0 }) },
  ],
  projectile_drag: [
    { name: 'per-axis polynomial drag', equation: 'd2x/dt2 = a*vx + b*vx*abs(vx); d2y/dt2 = c + e*vy + f*vy*abs(vy)', start: (p) => ({ a: 0, b: -p['k']!, c: -p['g']!, e: 0, f: -p['k']! }) },
    { name: 'drag cubic in speed', equation: 'd2x/dt2 = -k*(vx**2 + vy**2)*vx; d2y/dt2 = -g - k*(vx**2 + vy**2)*vy', start: (p) => ({ g: p['g']!, k: p['k']! / 20 }) },
  ],
  charged_particle_b_field: [
    { name: 'general linear velocity coupling', equation: 'd2x/dt2 = a*vx + b*vy; d2y/dt2 = c*vx + e*vy', start: (p) => ({ a: 0, b: (p['q']! * p['B']!) / p['m']!, c: -(p['q']! * p['B']!) / p['m']!, e: 0 }) },
    { name: 'rotation plus a spring to the origin', equation: 'd2x/dt2 = w*vy + s*x; d2y/dt2 = -w*vx + s*y', start: (p) => ({ w: (p['q']! * p['B']!) / p['m']!, s: 0 }) },
  ],
};

const SEEDS = [101, 202, 303, 404, 505];

describe('integrator hold-out: fitted flexible laws never reach the truth', () => {
  it.each(Object.keys(LAWS))('%s', (id) => {
    const system = getSystem(id)!;
    for (const seed of SEEDS) {
      const instance = instantiate(system, seed);
      const target = targetOf(instance);
      const total = (equation: string, params: Record<string, number>) => {
        const { report } = verify(target, { equation, params }, { fit: true });
        // A law that does not parse or simulate would test nothing.
        expect(report.accepted, `${equation}: ${report.mismatchSummary}`).toBe(true);
        return report.rewards['anti-hack'].total;
      };
      const truth = groundTruthAction(instance);
      const truthTotal = total(truth.equation, truth.params);
      expect(truthTotal, `truth on seed ${seed}`).toBeGreaterThan(0.9);
      for (const law of LAWS[id]!) {
        const lawTotal = total(law.equation, law.start(instance.parameters));
        expect(lawTotal, `${law.name} on seed ${seed}`).toBeLessThan(truthTotal);
      }
    }
  });
});
