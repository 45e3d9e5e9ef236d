import type { SystemInstance } from '../systems/instance.ts';

/**
 * Adversarial laws, written against the finished reward by someone attacking it and never used
 * to tune it (like `held-out-wrong-law-catalogue.ts`): laws built to agree with the truth on
 * the shown window and differ only outside it, where the held-out experiments are the only
 * judge. Thresholds come from what the agent sees (the observed range); constants from the
 * hidden truth, so each law is as close to the truth as its form allows.
 * - piecewise through abs: min(a, b) = (a + b − |a − b|)/2 and clamp(v, ±V) = (|v + V| − |v − V|)/2
 *   leave a term exact inside the shown range and change it beyond;
 * - a term invisible on the shown data that grows without bound elsewhere (a tiny coefficient
 *   on an exponential);
 * - a law undefined outside the shown range (the simulator's NaN);
 * - an approximation exact to second order that is singular further out (tan for sin);
 * - a cheaper speed than √(vx² + vy²) (|vx| + |vy|, |vx + vy|).
 */
export interface AdversarialLaw {
  readonly name: string;
  readonly equation: string;
  readonly params: (instance: SystemInstance) => Record<string, number>;
}

/** The largest |value| the agent sees of a state variable. */
function shownMax(instance: SystemInstance, name: string): number {
  const column = instance.observed[instance.system.stateVariables.indexOf(name)]!;
  let max = 0;
  for (const value of column) max = Math.max(max, Math.abs(value));
  return max;
}

const clamp = (v: string, bound: string) => `(abs(${v} + ${bound}) - abs(${v} - ${bound}))/2`;

export const ADVERSARIAL_LAWS: Readonly<Record<string, readonly AdversarialLaw[]>> = {
  free_fall: [
    {
      name: 'a millionth of exp(-vy/3): invisible on the drop, huge on the fast throws',
      equation: 'd2y/dt2 = -g + e*exp(-vy/V)',
      params: () => ({ g: 9.81, e: 1e-6, V: 3 }),
    },
    {
      name: 'undefined above the shown heights',
      equation: 'd2y/dt2 = -g + 0*sqrt(H - y)',
      params: (instance) => ({ g: 9.81, H: shownMax(instance, 'y') + 1 }),
    },
  ],
  free_fall_drag: [
    {
      name: 'drag saturating above the shown speed',
      equation: 'd2y/dt2 = -g - k*vy*(abs(vy) + V - abs(abs(vy) - V))/2',
      params: (instance) => ({ g: 9.81, k: instance.parameters['k']!, V: shownMax(instance, 'vy') }),
    },
    {
      name: 'drag only while falling',
      equation: 'd2y/dt2 = -g - k*vy*(abs(vy) - vy)/2',
      params: (instance) => ({ g: 9.81, k: instance.parameters['k']! }),
    },
  ],
  simple_pendulum: [
    {
      name: 'tan for sin (equal to second order, singular at a quarter turn)',
      equation: 'd2theta/dt2 = -w*tan(theta)',
      params: ({ parameters: p }) => ({ w: p['g']! / p['L']! }),
    },
  ],
  damped_pendulum: [
    {
      name: 'damping clamped at the shown angular speed',
      equation: `d2theta/dt2 = -w*sin(theta) - b*${clamp('dtheta', 'W')}`,
      params: (instance) => ({
        w: instance.parameters['g']! / instance.parameters['L']!,
        b: instance.parameters['b']!,
        W: shownMax(instance, 'dtheta'),
      }),
    },
    {
      name: 'damping folded into the phase of the sine',
      equation: 'd2theta/dt2 = -w*sin(theta + c*dtheta)',
      params: ({ parameters: p }) => ({ w: p['g']! / p['L']!, c: (p['b']! * p['L']!) / p['g']! }),
    },
  ],
  spring_mass: [
    {
      name: 'stiffness changing beyond the shown amplitude',
      equation: 'd2x/dt2 = -w*x*(1 + c*(abs(x - A) + abs(x + A) - 2*A))',
      params: (instance) => ({
        w: instance.parameters['k']! / instance.parameters['m']!,
        c: 0.2,
        A: shownMax(instance, 'x'),
      }),
    },
  ],
  damped_spring: [
    {
      name: 'friction clamped at the shown speed',
      equation: `d2x/dt2 = -w*x - c*${clamp('vx', 'V')}`,
      params: (instance) => ({
        w: instance.parameters['k']! / instance.parameters['m']!,
        c: instance.parameters['b']! / instance.parameters['m']!,
        V: shownMax(instance, 'vx'),
      }),
    },
  ],
  projectile_drag: [
    {
      name: '|vx| + |vy| for the speed',
      equation: 'd2x/dt2 = -k*(abs(vx) + abs(vy))*vx; d2y/dt2 = -g - k*(abs(vx) + abs(vy))*vy',
      params: ({ parameters: p }) => ({ g: p['g']!, k: p['k']! / Math.SQRT2 }),
    },
    {
      name: '|vx + vy| for the speed',
      equation: 'd2x/dt2 = -k*abs(vx + vy)*vx; d2y/dt2 = -g - k*abs(vx + vy)*vy',
      params: ({ parameters: p }) => ({ g: p['g']!, k: p['k']! }),
    },
  ],
  charged_particle_b_field: [
    {
      name: 'gyration speeding up beyond the shown speed',
      equation:
        'd2x/dt2 = w*vy*(1 + c*(abs(vx^2 + vy^2 - S) + vx^2 + vy^2 - S)); d2y/dt2 = -w*vx*(1 + c*(abs(vx^2 + vy^2 - S) + vx^2 + vy^2 - S))',
      params: (instance) => ({
        w: (instance.parameters['q']! * instance.parameters['B']!) / instance.parameters['m']!,
        c: 0.05,
        S: shownMax(instance, 'vx') ** 2 + shownMax(instance, 'vy') ** 2,
      }),
    },
  ],
};
