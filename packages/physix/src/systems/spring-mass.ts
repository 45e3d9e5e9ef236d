import { DEFAULT_DURATION } from '../constants.ts';
import { springHeldOutSetups } from './oscillator-held-out.ts';
import { uniform } from './random.ts';
import type { PhysicalSystem } from './system.ts';

/**
 * Frictionless mass on a spring (tier 2). [original] ranges and hint; [decided] duration 10 s:
 * ω = sqrt(k/m) ∈ [1, 6.3] rad/s gives 1.6–10 periods at ≥ 10 samples per period.
 */
export const springMass: PhysicalSystem = {
  id: 'spring_mass',
  tier: 'tier2',
  title: 'Spring–mass oscillator',
  stateVariables: ['x', 'vx'],
  velocityOf: new Map([['x', 'vx']]),
  duration: DEFAULT_DURATION,
  groundTruth: 'd2x/dt2 = -(k/m)*x',
  sampleParameters: (rng) => ({ k: uniform(rng, 2, 20), m: uniform(rng, 0.5, 2) }),
  sampleInitialConditions: (rng) => ({ x: uniform(rng, 0.5, 2), vx: 0 }),
  heldOutSetups: springHeldOutSetups,
  derivatives(state, p, out) {
    out[0] = state[1]!;
    out[1] = -(p['k']! / p['m']!) * state[0]!;
  },
  hint: (p) =>
    `Mass ${p['m']!.toFixed(2)} kg attached to a spring of stiffness ${p['k']!.toFixed(2)} N/m, frictionless surface.`,
};
