import type { Rng } from '@verilab/core';
import { uniform } from './random.ts';
import type { HeldOutSetup, Values } from './system.ts';

/**
 * Held-out experiments shared by the undamped and damped pendulum: a large swing (1.8–2.6 rad,
 * where sin θ and θ differ by a third) and a kick from near the bottom at 1–1.6·√(g/L), which
 * never loops over the top; 10 s, as the shown window (a longer one carries the estimation error
 * of fitted damping beyond the noise band). Small-angle laws, wrong lengths and missing,
 * spurious or misshapen damping drift apart within a few periods.
 */
export function pendulumHeldOutSetups(rng: Rng, p: Values): readonly HeldOutSetup[] {
  return [
    { initial: { theta: uniform(rng, 1.8, 2.6), dtheta: 0 }, duration: 10 },
    {
      initial: {
        theta: uniform(rng, -0.3, 0.3),
        dtheta: uniform(rng, 1, 1.6) * Math.sqrt(p['g']! / p['L']!),
      },
      duration: 10,
    },
  ];
}

/**
 * Held-out experiments shared by the undamped and damped spring: stretched 2–3 m (beyond the
 * shown 0.4–2 m) with a push, and kicked from rest at the centre at 1.5–3·ω; 15 s, 1.5× the
 * shown window. A cubic (anharmonic) term, a wrong stiffness or a misshapen friction law shows
 * at the larger amplitude and the longer time.
 */
export function springHeldOutSetups(rng: Rng, p: Values): readonly HeldOutSetup[] {
  const omega = Math.sqrt(p['k']! / p['m']!);
  return [
    { initial: { x: -uniform(rng, 2, 3), vx: uniform(rng, -1, 1) * omega }, duration: 15 },
    { initial: { x: 0, vx: uniform(rng, 1.5, 3) * omega }, duration: 15 },
  ];
}
