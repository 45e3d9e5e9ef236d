import { literal, type WrongLaw } from './wrong-laws.ts';

/**
 * A second set of plausible wrong laws, written after the default reward was designed and never
 * used to tune it (`wrong-law-catalogue.ts` is the set it was designed against): other
 * approximations, other drag exponents, terms in the wrong variable, and other curve fits.
 */
export const HELD_OUT_WRONG_LAWS: Readonly<Record<string, readonly WrongLaw[]>> = {
  free_fall: [
    {
      name: 'gravity falling off with height',
      equation: 'd2y/dt2 = -g*(1 - y/R)',
      params: () => ({ g: 9.81, R: 2000 }),
    },
    { name: 'quadratic drag', equation: 'd2y/dt2 = -g - k*vy*abs(vy)', params: () => ({ g: 9.81, k: 0.002 }) },
    { name: 'g 6 % high', equation: `d2y/dt2 = -${literal(9.81 * 1.06)}` },
    {
      name: 'linear clock in vy',
      equation: 'd2y/dt2 = b0 + b1*vy',
      params: () => ({ b0: -9.81, b1: 0.01 }),
    },
  ],
  free_fall_drag: [
    {
      name: 'drag ∝ |v|^1.5',
      equation: 'd2y/dt2 = -g - c*vy*abs(vy)**0.5',
      params: (p) => ({ g: p['g']!, c: 4 * p['k']! }),
    },
    {
      name: 'cubic drag',
      equation: 'd2y/dt2 = -g - c*vy**3',
      params: (p) => ({ g: p['g']!, c: p['k']! / 15 }),
    },
    {
      name: 'drag per unit mass',
      equation: 'd2y/dt2 = -g - (k/mass)*vy*abs(vy)',
      params: (p) => ({ g: p['g']!, k: p['k']!, mass: p['mass']! }),
      noFit: true,
    },
    {
      name: 'clock polynomial in y',
      equation: 'd2y/dt2 = b0 + b1*y + b2*y**2',
      params: (p) => ({ b0: -p['g']!, b1: 0, b2: 0 }),
    },
  ],
  simple_pendulum: [
    {
      name: 'saturating force, equal to sin to third order',
      equation: 'd2theta/dt2 = -(g/L)*theta/sqrt(1 + theta**2/3)',
      params: (p) => ({ g: p['g']!, L: p['L']! }),
    },
    {
      name: 'sin·cos',
      equation: 'd2theta/dt2 = -(g/L)*sin(theta)*cos(theta)',
      params: (p) => ({ g: p['g']!, L: p['L']! }),
    },
    {
      name: 'quadratic air drag',
      equation: 'd2theta/dt2 = -(g/L)*sin(theta) - c*dtheta*abs(dtheta)',
      params: (p) => ({ g: p['g']!, L: p['L']!, c: 0.02 }),
    },
    { name: 'g/L 6 % low', equation: (p) => `d2theta/dt2 = -${literal((0.94 * p['g']!) / p['L']!)}*sin(theta)` },
  ],
  damped_pendulum: [
    {
      name: 'damping on the angle',
      equation: 'd2theta/dt2 = -(g/L)*sin(theta) - b*theta',
      params: (p) => ({ g: p['g']!, L: p['L']!, b: p['b']! }),
    },
    {
      name: 'cubic Taylor with damping',
      equation: 'd2theta/dt2 = -(g/L)*(theta - theta**3/6) - b*dtheta',
      params: (p) => ({ g: p['g']!, L: p['L']!, b: p['b']! }),
    },
    {
      name: 'Coulomb-like friction',
      equation: 'd2theta/dt2 = -(g/L)*sin(theta) - c*dtheta/(abs(dtheta) + 0.1)',
      params: (p) => ({ g: p['g']!, L: p['L']!, c: p['b']! }),
    },
    {
      name: 'b 20 % low',
      equation: (p) =>
        `d2theta/dt2 = -${literal(p['g']! / p['L']!)}*sin(theta) - ${literal(0.8 * p['b']!)}*dtheta`,
    },
  ],
  spring_mass: [
    {
      name: 'stiffening |x|·x spring',
      equation: 'd2x/dt2 = -(k/m)*x - c*x*abs(x)',
      params: (p) => ({ k: p['k']!, m: p['m']!, c: (0.05 * p['k']!) / p['m']! }),
    },
    {
      name: 'softening spring',
      equation: 'd2x/dt2 = -(k/m)*x/sqrt(1 + c*x**2)',
      params: (p) => ({ k: p['k']!, m: p['m']!, c: 0.05 }),
    },
    { name: 'k/m 6 % low', equation: (p) => `d2x/dt2 = -${literal((0.94 * p['k']!) / p['m']!)}*x` },
    {
      name: 'constant force added',
      equation: 'd2x/dt2 = -(k/m)*x + f',
      params: (p) => ({ k: p['k']!, m: p['m']!, f: 0.1 }),
    },
  ],
  damped_spring: [
    {
      name: 'friction on position',
      equation: 'd2x/dt2 = -(k/m)*x - (b/m)*x',
      params: (p) => ({ k: p['k']!, m: p['m']!, b: p['b']! }),
    },
    {
      name: 'cubic friction',
      equation: 'd2x/dt2 = -(k/m)*x - c*vx**3',
      params: (p) => ({ k: p['k']!, m: p['m']!, c: p['b']! / p['m']! }),
    },
    {
      name: 'sin(x) spring with friction',
      equation: 'd2x/dt2 = -(k/m)*sin(x) - (b/m)*vx',
      params: (p) => ({ k: p['k']!, m: p['m']!, b: p['b']! }),
    },
    {
      name: 'm 6 % heavy',
      equation: (p) =>
        `d2x/dt2 = -${literal(p['k']! / (1.06 * p['m']!))}*x - ${literal(p['b']! / (1.06 * p['m']!))}*vx`,
    },
  ],
  projectile_drag: [
    {
      name: 'drag ∝ speed³',
      equation: 'd2x/dt2 = -c*(vx**2 + vy**2)*vx; d2y/dt2 = -g - c*(vx**2 + vy**2)*vy',
      params: (p) => ({ g: p['g']!, c: p['k']! / 20 }),
    },
    {
      name: 'drag on the vertical only',
      equation: 'd2x/dt2 = 0; d2y/dt2 = -g - k*sqrt(vx**2 + vy**2)*vy',
      params: (p) => ({ g: p['g']!, k: p['k']! }),
    },
    {
      name: 'horizontal drag by the vertical speed',
      equation: 'd2x/dt2 = -k*abs(vy)*vx; d2y/dt2 = -g - k*vy*abs(vy)',
      params: (p) => ({ g: p['g']!, k: p['k']! }),
    },
    {
      name: 'clock polynomial in x',
      equation: 'd2x/dt2 = a*vx; d2y/dt2 = b0 + b1*x + b2*x**2',
      params: () => ({ a: -0.1, b0: -9.81, b1: 0, b2: 0 }),
    },
  ],
  charged_particle_b_field: [
    {
      name: 'force on position, not velocity',
      equation: 'd2x/dt2 = -w2*x; d2y/dt2 = -w2*y',
      params: (p) => ({ w2: ((p['q']! * p['B']!) / p['m']!) ** 2 }),
    },
    {
      name: 'field on one axis only',
      equation: 'd2x/dt2 = (q*B/m)*vy; d2y/dt2 = 0',
      params: (p) => ({ q: p['q']!, B: p['B']!, m: p['m']! }),
    },
    {
      name: 'q/m swapped',
      equation: 'd2x/dt2 = (m*B/q)*vy; d2y/dt2 = -(m*B/q)*vx',
      params: (p) => ({ q: p['q']!, B: p['B']!, m: p['m']! }),
      noFit: true,
    },
    {
      name: 'ω 7 % low',
      equation: (p) => {
        const omega = literal((0.93 * p['q']! * p['B']!) / p['m']!);
        return `d2x/dt2 = ${omega}*vy; d2y/dt2 = -${omega}*vx`;
      },
    },
  ],
};
