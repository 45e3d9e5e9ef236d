import { uniform } from './random.ts';
import { STANDARD_GRAVITY, type PhysicalSystem } from './system.ts';

/** 2-D projectile with quadratic drag along the velocity (tier 3, held out). [original]. */
export const projectileDrag: PhysicalSystem = {
  id: 'projectile_drag',
  tier: 'tier3',
  title: 'Projectile with air drag',
  stateVariables: ['x', 'y', 'vx', 'vy'],
  velocityOf: new Map([
    ['x', 'vx'],
    ['y', 'vy'],
  ]),
  // [original] Typical flight time for these ranges.
  duration: 5,
  groundTruth: 'd2x/dt2 = -k*sqrt(vx**2 + vy**2)*vx; d2y/dt2 = -g - k*sqrt(vx**2 + vy**2)*vy',
  sampleParameters: (rng) => ({ g: STANDARD_GRAVITY, k: uniform(rng, 0.005, 0.02) }),
  sampleInitialConditions(rng) {
    const speed = uniform(rng, 15, 30);
    const angle = (uniform(rng, 30, 70) * Math.PI) / 180;
    return { x: 0, y: 0, vx: speed * Math.cos(angle), vy: speed * Math.sin(angle) };
  },
  // A fast flat shot (1.6–2.2× the larger of 25 m/s, the shown launch speed and the terminal
  // speed, which bound every shown speed: above terminal the drag outpulls gravity; 40–55 m/s
  // for a launch of up to 25 m/s under weak drag, at 10–25°) and a fast steep one (1.5–2×, at
  // 70–85°), 1.5× longer: drag along each axis separately, linear drag, or a curve fitted to
  // the shown arc all miss at speeds and angles the shown launch never reached.
  heldOutSetups: (rng, p, shown) => {
    const terminal = Math.sqrt(p['g']! / p['k']!);
    const shownSpeedBound = Math.max(25, Math.hypot(shown['vx']!, shown['vy']!), terminal);
    const launch = (speed: number, degrees: number) => {
      const angle = (degrees * Math.PI) / 180;
      return { x: 0, y: 0, vx: speed * Math.cos(angle), vy: speed * Math.sin(angle) };
    };
    return [
      { initial: launch(uniform(rng, 1.6, 2.2) * shownSpeedBound, uniform(rng, 10, 25)), duration: 7.5 },
      { initial: launch(uniform(rng, 1.5, 2) * shownSpeedBound, uniform(rng, 70, 85)), duration: 7.5 },
    ];
  },
  derivatives(state, p, out) {
    const vx = state[2]!;
    const vy = state[3]!;
    const drag = p['k']! * Math.sqrt(vx * vx + vy * vy);
    out[0] = vx;
    out[1] = vy;
    out[2] = -drag * vx;
    out[3] = -p['g']! - drag * vy;
  },
  hint(_p, initial) {
    const vx = initial['vx']!;
    const vy = initial['vy']!;
    const angle = (Math.atan2(vy, vx) * 180) / Math.PI;
    return `Projectile launched at angle ${angle.toFixed(0)} degrees with initial speed ${Math.hypot(vx, vy).toFixed(1)} m/s. Air drag is non-negligible.`;
  },
};
