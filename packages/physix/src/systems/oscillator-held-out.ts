import type { Rng } from '@verilab/core';
import { uniform } from './random.ts';
import type { HeldOutSetup, Values } from './system.ts';

/**
 * Held-out experiments shared by the undamped and damped pendulum: a large swing (1.8–2.6 rad,
 * where sin θ and θ differ by a third, at least 1.8× the largest shown amplitude of 1 rad) and a
 * small one kicked from the bottom to 0.3–0.6× the shown amplitude; 10 s, as the shown window (a
 * longer one carries the estimation error of fitted damping beyond the noise band).
 * Small-angle laws, wrong lengths, missing, spurious or misshapen damping, and a restoring
 * force that depends on the amplitude (tuned to agree at the shown one) drift apart within a
 * few periods in one or the other.
 */
export function pendulumHeldOutSetups(rng: Rng, p: Values, shown: Values): readonly HeldOutSetup[] {
  const omega = Math.sqrt(p['g']! / p['L']!);
  const large = uniform(rng, 1.8, 2.6);
  const small = uniform(rng, 0.3, 0.6) * pendulumAmplitude(shown, omega);
  return [
    { initial: { theta: large, dtheta: 0 }, duration: 10 },
    // From the bottom, the speed that swings out to `small`: ½θ'² = ω²(1 − cos A).
    { initial: { theta: 0, dtheta: 2 * Math.sin(small / 2) * omega }, duration: 10 },
  ];
}

/** The angle a pendulum of natural frequency `omega` swings out to from `state` (no damping). */
function pendulumAmplitude(state: Values, omega: number): number {
  const drop = 1 - Math.cos(state['theta']!) + (state['dtheta']! / omega) ** 2 / 2;
  return Math.acos(Math.max(-1, 1 - drop));
}

/**
 * Held-out experiments shared by the undamped and damped spring: stretched to 1–1.5× the larger
 * of 2 m and 1.5× the shown amplitude (beyond the shown 0.4–2 m) with a push, and kicked from
 * rest at the centre to 0.3–0.6× the shown amplitude; 15 s, 1.5× the shown window. A cubic
 * (anharmonic) term, a wrong stiffness or a misshapen friction law shows at the larger
 * amplitude and the longer time; a stiffness or friction that depends on the amplitude (tuned
 * to agree at the shown one) in one or the other.
 */
export function springHeldOutSetups(rng: Rng, p: Values, shown: Values): readonly HeldOutSetup[] {
  const omega = Math.sqrt(p['k']! / p['m']!);
  const amplitude = Math.hypot(shown['x']!, shown['vx']! / omega);
  return [
    {
      initial: { x: -Math.max(2, 1.5 * amplitude) * uniform(rng, 1, 1.5), vx: uniform(rng, -1, 1) * omega },
      duration: 15,
    },
    { initial: { x: 0, vx: uniform(rng, 0.3, 0.6) * amplitude * omega }, duration: 15 },
  ];
}
