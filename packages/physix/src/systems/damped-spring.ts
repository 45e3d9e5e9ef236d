import { DEFAULT_DURATION } from '../constants.ts';
import { springHeldOutSetups } from './oscillator-held-out.ts';
import { uniform } from './random.ts';
import type { PhysicalSystem } from './system.ts';

/**
 * Mass on a spring with linear friction (tier 2). State (x, vx); `dx` is accepted for vx by
 * the alias rule, covering the late original's (x, dx) naming. [decided] ranges: k, m as the
 * undamped spring; b ~ U(0.1, 0.6) kg/s gives decay rates b/(2m) of 0.025–0.6 /s, visible
 * within 10 s but never overdamped (b² < 4km everywhere in the box); x0 ~ U(0.4, 2) m from rest.
 * The hint follows the late original's wording and, like the undamped spring's, states m and k.
 */
export const dampedSpring: PhysicalSystem = {
  id: 'damped_spring',
  tier: 'tier2',
  title: 'Damped spring',
  stateVariables: ['x', 'vx'],
  velocityOf: new Map([['x', 'vx']]),
  duration: DEFAULT_DURATION,
  groundTruth: 'd2x/dt2 = -(k/m)*x - (b/m)*vx',
  sampleParameters: (rng) => ({
    k: uniform(rng, 2, 20),
    m: uniform(rng, 0.5, 2),
    b: uniform(rng, 0.1, 0.6),
  }),
  sampleInitialConditions: (rng) => ({ x: uniform(rng, 0.4, 2), vx: 0 }),
  heldOutSetups: springHeldOutSetups,
  derivatives(state, p, out) {
    out[0] = state[1]!;
    out[1] = -(p['k']! / p['m']!) * state[0]! - (p['b']! / p['m']!) * state[1]!;
  },
  hint: (p, initial) =>
    `Mass ${p['m']!.toFixed(2)} kg on a spring of stiffness ${p['k']!.toFixed(2)} N/m, displaced ${initial['x']!.toFixed(2)} m and released. Visible amplitude decay over a few seconds.`,
};
