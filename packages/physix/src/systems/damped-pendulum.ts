import { DEFAULT_DURATION } from '../constants.ts';
import { pendulumHeldOutSetups } from './oscillator-held-out.ts';
import { uniform } from './random.ts';
import { STANDARD_GRAVITY, type PhysicalSystem } from './system.ts';

/** Pendulum with linear angular damping (tier 2). [original] ranges and hint. */
export const dampedPendulum: PhysicalSystem = {
  id: 'damped_pendulum',
  tier: 'tier2',
  title: 'Damped pendulum',
  stateVariables: ['theta', 'dtheta'],
  velocityOf: new Map([['theta', 'dtheta']]),
  // [decided] The original used its base default, which was not recovered; 10 s shows the
  // amplitude fall by e^(−b·5) = 0.22–0.78 across the b range.
  duration: DEFAULT_DURATION,
  groundTruth: 'd2theta/dt2 = -(g/L)*sin(theta) - b*dtheta',
  sampleParameters: (rng) => ({
    g: STANDARD_GRAVITY,
    L: uniform(rng, 0.5, 2),
    b: uniform(rng, 0.05, 0.3),
  }),
  sampleInitialConditions: (rng) => ({ theta: uniform(rng, 0.3, 1), dtheta: 0 }),
  heldOutSetups: pendulumHeldOutSetups,
  derivatives(state, p, out) {
    out[0] = state[1]!;
    out[1] = -(p['g']! / p['L']!) * Math.sin(state[0]!) - p['b']! * state[1]!;
  },
  hint: (p) =>
    `Pendulum of length ${p['L']!.toFixed(2)} m. Oscillation amplitude visibly decreases over time, suggesting linear angular damping.`,
};
