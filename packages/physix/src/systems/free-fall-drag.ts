import { uniform } from './random.ts';
import { STANDARD_GRAVITY, type PhysicalSystem } from './system.ts';

/**
 * Vertical motion with quadratic air drag (tier 1, the original's demo system), with the
 * original's sign bug fixed (docs/original-physix.md#w1): drag opposes the velocity, −k·vy·|vy|, instead of the
 * original's +k·vy², which brakes only a falling object.
 *
 * [decided] The object is thrown upward (vy0 ~ U(10, 25) m/s) rather than dropped, so the data
 * itself distinguishes the two laws: while rising, +k·vy² would lift it. k is the drag
 * constant per unit mass (1/m) ~ U(0.02, 0.08), giving terminal speeds of 11–22 m/s, reached
 * well within the 6 s. y0 ~ U(100, 200) m keeps the object above ground for the whole window
 * (it loses at most about 75 m).
 */
export const freeFallDrag: PhysicalSystem = {
  id: 'free_fall_drag',
  tier: 'tier1',
  title: 'Free fall with air drag',
  stateVariables: ['y', 'vy'],
  velocityOf: new Map([['y', 'vy']]),
  // [original] Long enough to see terminal-velocity onset.
  duration: 6,
  groundTruth: 'd2y/dt2 = -g - k*vy*abs(vy)',
  sampleParameters: (rng) => ({
    g: STANDARD_GRAVITY,
    mass: uniform(rng, 0.5, 5),
    k: uniform(rng, 0.02, 0.08),
  }),
  sampleInitialConditions: (rng) => ({ y: uniform(rng, 100, 200), vy: uniform(rng, 10, 25) }),
  // Faster than anything shown: thrown up at 1.5–2.25× the larger of 20 m/s, the shown throw
  // and the terminal speed (30–45 m/s for most draws), and thrown down at 1.5–2.5× the
  // terminal speed (it brakes towards terminal speed from above), 1.5× longer. Linear drag or
  // a polynomial in vy fitted to the shown speeds misses both. High enough to stay airborne.
  heldOutSetups: (rng, p, shown) => {
    const terminal = Math.sqrt(p['g']! / p['k']!);
    const fastestShown = Math.max(20, Math.abs(shown['vy']!), terminal);
    return [
      { initial: { y: uniform(rng, 300, 400), vy: uniform(rng, 1.5, 2.25) * fastestShown }, duration: 9 },
      { initial: { y: uniform(rng, 600, 800), vy: -uniform(rng, 1.5, 2.5) * terminal }, duration: 9 },
    ];
  },
  derivatives(state, p, out) {
    const vy = state[1]!;
    out[0] = vy;
    out[1] = -p['g']! - p['k']! * vy * Math.abs(vy);
  },
  hint: (p, initial) =>
    `Object thrown straight up at ${initial['vy']!.toFixed(1)} m/s from altitude ${initial['y']!.toFixed(1)} m, mass ${p['mass']!.toFixed(1)} kg, in air. Air resistance may be non-negligible.`,
};
