import { DEFAULT_DURATION } from '../constants.ts';
import { pendulumHeldOutSetups } from './oscillator-held-out.ts';
import { uniform } from './random.ts';
import { STANDARD_GRAVITY, type PhysicalSystem } from './system.ts';

/**
 * Undamped pendulum, full nonlinear (tier 1). [decided] ranges, by analogy with the damped
 * pendulum (docs/original-physix.md#the-eight-systems): L ~ U(0.5, 2) m, released from rest at θ0 ~ U(0.3, 1.0) rad — large
 * enough that sin θ ≠ θ is visible in the period. 10 s shows 3.5–7 periods.
 */
export const simplePendulum: PhysicalSystem = {
  id: 'simple_pendulum',
  tier: 'tier1',
  title: 'Simple pendulum',
  stateVariables: ['theta', 'dtheta'],
  velocityOf: new Map([['theta', 'dtheta']]),
  duration: DEFAULT_DURATION,
  groundTruth: 'd2theta/dt2 = -(g/L)*sin(theta)',
  sampleParameters: (rng) => ({ g: STANDARD_GRAVITY, L: uniform(rng, 0.5, 2) }),
  sampleInitialConditions: (rng) => ({ theta: uniform(rng, 0.3, 1), dtheta: 0 }),
  heldOutSetups: pendulumHeldOutSetups,
  derivatives(state, p, out) {
    out[0] = state[1]!;
    out[1] = -(p['g']! / p['L']!) * Math.sin(state[0]!);
  },
  hint: (p, initial) =>
    `Pendulum of length ${p['L']!.toFixed(2)} m released from rest at ${initial['theta']!.toFixed(2)} rad; friction is negligible.`,
};
