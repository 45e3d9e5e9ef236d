import { literal, type WrongLaw } from './wrong-laws.ts';

/**
 * Plausible wrong laws per system — approximations, drag-law swaps, dropped and spurious
 * terms, constants off by 5–12 %, and curve-fitting laws in a "clock" variable — that the
 * default reward was designed against. `held-out-wrong-law-catalogue.ts` holds a second set
 * kept out of that design. Wrong constants are written as numbers, which fitting leaves alone;
 * as parameters (`noFit`) fitting would simply correct them.
 */
export const WRONG_LAWS: Readonly<Record<string, readonly WrongLaw[]>> = {
  free_fall: [
    { name: 'g = 8.6', equation: 'd2y/dt2 = -8.6' },
    { name: 'g 5 % low', equation: `d2y/dt2 = -${literal(9.81 * 0.95)}` },
    {
      name: 'g 5 % high as a parameter',
      equation: 'd2y/dt2 = -g',
      params: () => ({ g: 9.81 * 1.05 }),
      noFit: true,
    },
    {
      name: 'spurious linear drag',
      equation: 'd2y/dt2 = -g - c*vy',
      params: () => ({ g: 9.81, c: 0.05 }),
    },
    {
      name: 'clock polynomial in y',
      equation: 'd2y/dt2 = b0 + b1*y + b2*y**2',
      params: () => ({ b0: -9.81, b1: 0.01, b2: 0.0001 }),
    },
  ],
  free_fall_drag: [
    { name: 'no drag', equation: 'd2y/dt2 = -g', params: (p) => ({ g: p['g']! }) },
    {
      name: 'linear drag',
      equation: 'd2y/dt2 = -g - c*vy',
      params: (p) => ({ g: p['g']!, c: 15 * p['k']! }),
    },
    {
      name: 'one-signed drag (+k vy²)',
      equation: 'd2y/dt2 = -g + k*vy**2',
      params: (p) => ({ g: p['g']!, k: p['k']! }),
    },
    {
      name: 'k 8 % high',
      equation: (p) => `d2y/dt2 = -9.81 - ${literal(p['k']! * 1.08)}*vy*abs(vy)`,
    },
    {
      name: 'g 5 % low',
      equation: `d2y/dt2 = -${literal(9.81 * 0.95)} - k*vy*abs(vy)`,
      params: (p) => ({ k: p['k']! }),
    },
    {
      name: 'clock polynomial in vy',
      equation: 'd2y/dt2 = b0 + b1*vy + b2*vy**2 + b3*vy**3',
      params: (p) => ({ b0: -p['g']!, b1: -0.5, b2: 0, b3: 0 }),
    },
  ],
  simple_pendulum: [
    { name: 'small angle', equation: 'd2theta/dt2 = -(g/L)*theta', params: (p) => ({ g: p['g']!, L: p['L']! }) },
    {
      name: 'cubic Taylor of sin',
      equation: 'd2theta/dt2 = -(g/L)*(theta - theta**3/6)',
      params: (p) => ({ g: p['g']!, L: p['L']! }),
    },
    {
      name: 'spurious damping',
      equation: 'd2theta/dt2 = -(g/L)*sin(theta) - b*dtheta',
      params: (p) => ({ g: p['g']!, L: p['L']!, b: 0.05 }),
    },
    {
      name: 'L 5 % long',
      equation: (p) => `d2theta/dt2 = -${literal(p['g']! / (1.05 * p['L']!))}*sin(theta)`,
    },
    {
      name: 'odd clock polynomial',
      equation: 'd2theta/dt2 = b1*theta + b3*theta**3',
      params: (p) => ({ b1: -p['g']! / p['L']!, b3: p['g']! / p['L']! / 6 }),
    },
  ],
  damped_pendulum: [
    { name: 'no damping', equation: 'd2theta/dt2 = -(g/L)*sin(theta)', params: (p) => ({ g: p['g']!, L: p['L']! }) },
    {
      name: 'small angle',
      equation: 'd2theta/dt2 = -(g/L)*theta - b*dtheta',
      params: (p) => ({ g: p['g']!, L: p['L']!, b: p['b']! }),
    },
    {
      name: 'quadratic damping',
      equation: 'd2theta/dt2 = -(g/L)*sin(theta) - b*dtheta*abs(dtheta)',
      params: (p) => ({ g: p['g']!, L: p['L']!, b: p['b']! }),
    },
    {
      name: 'b 10 % high',
      equation: (p) =>
        `d2theta/dt2 = -${literal(p['g']! / p['L']!)}*sin(theta) - ${literal(1.1 * p['b']!)}*dtheta`,
    },
    {
      name: 'L 5 % short',
      equation: (p) =>
        `d2theta/dt2 = -${literal(p['g']! / (0.95 * p['L']!))}*sin(theta) - ${literal(p['b']!)}*dtheta`,
    },
    {
      name: 'clock polynomial',
      equation: 'd2theta/dt2 = b1*theta + b3*theta**3 + c*dtheta',
      params: (p) => ({ b1: -p['g']! / p['L']!, b3: p['g']! / p['L']! / 6, c: -p['b']! }),
    },
  ],
  spring_mass: [
    {
      name: 'anharmonic (cubic) spring',
      equation: 'd2x/dt2 = -(k/m)*x - c*x**3',
      params: (p) => ({ k: p['k']!, m: p['m']!, c: (0.05 * p['k']!) / p['m']! }),
    },
    {
      name: 'pendulum-like sin(x)',
      equation: 'd2x/dt2 = -(k/m)*sin(x)',
      params: (p) => ({ k: p['k']!, m: p['m']! }),
    },
    {
      name: 'spurious friction',
      equation: 'd2x/dt2 = -(k/m)*x - (b/m)*vx',
      params: (p) => ({ k: p['k']!, m: p['m']!, b: 0.05 }),
    },
    { name: 'k 5 % high', equation: (p) => `d2x/dt2 = -${literal((1.05 * p['k']!) / p['m']!)}*x` },
    {
      name: 'even clock polynomial',
      equation: 'd2x/dt2 = b1*x + b2*x**2',
      params: (p) => ({ b1: -p['k']! / p['m']!, b2: 0.01 }),
    },
  ],
  damped_spring: [
    { name: 'no friction', equation: 'd2x/dt2 = -(k/m)*x', params: (p) => ({ k: p['k']!, m: p['m']! }) },
    {
      name: 'quadratic friction',
      equation: 'd2x/dt2 = -(k/m)*x - (b/m)*vx*abs(vx)',
      params: (p) => ({ k: p['k']!, m: p['m']!, b: p['b']! }),
    },
    {
      name: 'anharmonic spring',
      equation: 'd2x/dt2 = -(k/m)*x - c*x**3 - (b/m)*vx',
      params: (p) => ({ k: p['k']!, m: p['m']!, b: p['b']!, c: (0.05 * p['k']!) / p['m']! }),
    },
    {
      name: 'b 10 % high',
      equation: (p) =>
        `d2x/dt2 = -${literal(p['k']! / p['m']!)}*x - ${literal((1.1 * p['b']!) / p['m']!)}*vx`,
    },
    {
      name: 'k 5 % low',
      equation: (p) =>
        `d2x/dt2 = -${literal((0.95 * p['k']!) / p['m']!)}*x - ${literal(p['b']! / p['m']!)}*vx`,
    },
  ],
  projectile_drag: [
    {
      name: 'per-axis drag',
      equation: 'd2x/dt2 = -k*vx*abs(vx); d2y/dt2 = -g - k*vy*abs(vy)',
      params: (p) => ({ g: p['g']!, k: p['k']! }),
    },
    {
      name: 'linear drag',
      equation: 'd2x/dt2 = -c*vx; d2y/dt2 = -g - c*vy',
      params: (p) => ({ g: p['g']!, c: 20 * p['k']! }),
    },
    { name: 'no drag', equation: 'd2x/dt2 = 0; d2y/dt2 = -g', params: (p) => ({ g: p['g']! }) },
    {
      name: 'k 10 % high',
      equation: (p) =>
        `d2x/dt2 = -${literal(1.1 * p['k']!)}*sqrt(vx**2 + vy**2)*vx; d2y/dt2 = -9.81 - ${literal(1.1 * p['k']!)}*sqrt(vx**2 + vy**2)*vy`,
    },
    {
      name: 'clock polynomial in vx',
      equation:
        'dx/dt = vx; dy/dt = vy; dvx/dt = c; dvy/dt = b0 + b1*vx + b2*vx**2 + b3*vx**3',
      params: () => ({ c: -1, b0: -9.81, b1: 0, b2: 0, b3: 0 }),
    },
  ],
  charged_particle_b_field: [
    {
      name: 'wrong sign (counter-clockwise)',
      equation: 'd2x/dt2 = -(q*B/m)*vy; d2y/dt2 = (q*B/m)*vx',
      params: (p) => ({ q: p['q']!, B: p['B']!, m: p['m']! }),
    },
    {
      name: 'ω 5 % high',
      equation: (p) => {
        const omega = literal((1.05 * p['q']! * p['B']!) / p['m']!);
        return `d2x/dt2 = ${omega}*vy; d2y/dt2 = -${omega}*vx`;
      },
    },
    {
      name: 'spurious drag',
      equation: 'd2x/dt2 = (q*B/m)*vy - c*vx; d2y/dt2 = -(q*B/m)*vx - c*vy',
      params: (p) => ({ q: p['q']!, B: p['B']!, m: p['m']!, c: 0.02 }),
    },
    {
      name: 'harmonic pull to the origin',
      equation: 'd2x/dt2 = -w2*x + a*vy; d2y/dt2 = -w2*y - a*vx',
      params: (p) => ({ w2: 0.05, a: (p['q']! * p['B']!) / p['m']! }),
    },
  ],
};
