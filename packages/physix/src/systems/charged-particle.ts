import { uniform } from './random.ts';
import type { PhysicalSystem } from './system.ts';

/**
 * A charged particle in a uniform magnetic field perpendicular to its plane of motion (tier 3,
 * held out). The original named it only ("2-D Lorentz force, cross-product coupling"); all of
 * this is [decided] (docs/original-physix.md#the-eight-systems).
 *
 * Physics: F = q v × B with B = B ẑ gives a_x = (qB/m)·vy, a_y = −(qB/m)·vx — uniform circular
 * motion at the cyclotron frequency ω = qB/m, clockwise seen from +z for q > 0. The hint states
 * the field direction, without which the sign is undetermined.
 *
 * Ranges: q ~ U(0.5, 2) C and m ~ U(0.5, 2) kg, then B is set from ω ~ U(2π/10, 6π/10) rad/s so
 * that 1–3 gyrations fit the 10 s (B = ωm/q ∈ [0.16, 7.5] T); the particle starts at the
 * origin with speed ~ U(1, 5) m/s in a uniformly random direction.
 */
export const chargedParticle: PhysicalSystem = {
  id: 'charged_particle_b_field',
  tier: 'tier3',
  title: 'Charged particle in a magnetic field',
  stateVariables: ['x', 'y', 'vx', 'vy'],
  velocityOf: new Map([
    ['x', 'vx'],
    ['y', 'vy'],
  ]),
  duration: 10,
  groundTruth: 'd2x/dt2 = (q*B/m)*vy; d2y/dt2 = -(q*B/m)*vx',
  sampleParameters(rng) {
    const q = uniform(rng, 0.5, 2);
    const m = uniform(rng, 0.5, 2);
    const omega = uniform(rng, (2 * Math.PI) / 10, (6 * Math.PI) / 10);
    return { q, m, B: (omega * m) / q };
  },
  sampleInitialConditions(rng) {
    const speed = uniform(rng, 1, 5);
    const direction = uniform(rng, 0, 2 * Math.PI);
    return { x: 0, y: 0, vx: speed * Math.cos(direction), vy: speed * Math.sin(direction) };
  },
  // Away from the origin, in other directions, 1.5× longer, one faster and one slower than
  // shown (1.5–2.5× and 0.3–0.6× the shown speed): a wrong sign or cyclotron frequency, drag,
  // a force that depends on the position, or a frequency that depends on the speed (tuned to
  // agree at the shown speed) shows in one of them.
  heldOutSetups: (rng, _p, shown) => {
    const shownSpeed = Math.hypot(shown['vx']!, shown['vy']!);
    return [uniform(rng, 2, 3), uniform(rng, 0.3, 0.6)].map((factor) => {
      const speed = factor * shownSpeed;
      const direction = uniform(rng, 0, 2 * Math.PI);
      return {
        initial: {
          x: uniform(rng, -2, 2),
          y: uniform(rng, -2, 2),
          vx: speed * Math.cos(direction),
          vy: speed * Math.sin(direction),
        },
        duration: 15,
      };
    });
  },
  derivatives(state, p, out) {
    const omega = (p['q']! * p['B']!) / p['m']!;
    out[0] = state[2]!;
    out[1] = state[3]!;
    out[2] = omega * state[3]!;
    out[3] = -omega * state[2]!;
  },
  hint: (p, initial) =>
    `Particle of charge ${p['q']!.toFixed(3)} C and mass ${p['m']!.toFixed(3)} kg moving in the x-y plane through a uniform ${p['B']!.toFixed(3)} T magnetic field along +z (out of the plane), starting at the origin with speed ${Math.hypot(initial['vx']!, initial['vy']!).toFixed(2)} m/s.`,
};
