import { DEFAULT_DURATION } from '../constants.ts';
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
  // A larger stretch with a push and a kick from rest at the centre, 1.5× longer: a cubic
  // (anharmonic) term or a wrong stiffness shows at the larger amplitude and longer time.
  heldOutSetups: (rng, p) => {
    const omega = Math.sqrt(p['k']! / p['m']!);
    return [
      { initial: { x: -uniform(rng, 2, 3), vx: uniform(rng, -1, 1) * omega }, duration: 15 },
      { initial: { x: 0, vx: uniform(rng, 1.5, 3) * omega }, duration: 15 },
    ];
  },
  derivatives(state, p, out) {
    out[0] = state[1]!;
    out[1] = -(p['k']! / p['m']!) * state[0]!;
  },
  hint: (p) =>
    `Mass ${p['m']!.toFixed(2)} kg attached to a spring of stiffness ${p['k']!.toFixed(2)} N/m, frictionless surface.`,
};
