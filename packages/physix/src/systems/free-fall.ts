import { uniform } from './random.ts';
import { STANDARD_GRAVITY, type PhysicalSystem } from './system.ts';

/**
 * Free fall in vacuum (tier 1). [original] hint and mass range. The mass is a deliberate
 * distractor (docs/original-physix.md#w10): it is in the hint but not in the dynamics, testing that the agent
 * knows free fall is mass-independent. [decided] y0 ~ U(45, 100) m instead of the original's
 * U(20, 60): in 3 s the object falls 44.1 m, so the original's own comment ("does not pass
 * y = 0") failed for y0 < 44.1 m.
 */
export const freeFall: PhysicalSystem = {
  id: 'free_fall',
  tier: 'tier1',
  title: 'Free fall',
  stateVariables: ['y', 'vy'],
  velocityOf: new Map([['y', 'vy']]),
  // [original] Short enough that the object does not pass y = 0 (it falls 44.1 m).
  duration: 3,
  groundTruth: 'd2y/dt2 = -g',
  sampleParameters: (rng) => ({ g: STANDARD_GRAVITY, mass: uniform(rng, 0.5, 5) }),
  sampleInitialConditions: (rng) => ({ y: uniform(rng, 45, 100), vy: 0 }),
  // Thrown up and thrown down from higher up, 1.5× longer: a wrong g or a drag term that the
  // shown drop from rest hides shows at other speeds. Both stay above ground (≥ 40 m left).
  heldOutSetups: (rng) => [
    { initial: { y: uniform(rng, 100, 200), vy: uniform(rng, 8, 15) }, duration: 4.5 },
    { initial: { y: uniform(rng, 250, 350), vy: -uniform(rng, 8, 15) }, duration: 4.5 },
  ],
  derivatives(state, p, out) {
    out[0] = state[1]!;
    out[1] = -p['g']!;
  },
  hint: (p, initial) =>
    `Object dropped near Earth's surface in vacuum. Mass ${p['mass']!.toFixed(1)} kg, released from rest at altitude ${initial['y']!.toFixed(1)} m.`,
};
