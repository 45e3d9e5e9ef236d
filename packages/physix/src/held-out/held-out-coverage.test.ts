import { describe, expect, it } from 'vitest';
import { groundTruthAction } from '../episode/ground-truth-action.ts';
import { instantiate, type SystemInstance } from '../systems/instance.ts';
import { getSystem } from '../systems/registry.ts';
import { simulateTruth } from '../systems/simulate-truth.ts';
import type { Values } from '../systems/system.ts';
import { targetOf, verify } from '../verify.ts';
import { scoringReference } from './held-out.ts';

/**
 * The held-out experiments reach beyond the shown trajectory on both sides of its scale (the
 * speed, or the amplitude an oscillator swings out to), so that a law tuned to agree with the
 * truth at the shown scale alone — a force or frequency that depends on it — leaves the noise
 * band in one of them. Before, charged_particle_b_field drew its held-out speeds from fixed
 * ranges (3–6 and 1–3 m/s against a shown 1–5 m/s): on 89 of 200 seeds no held-out experiment
 * was 1.5× faster than shown, and a cyclotron frequency growing as speed^0.002 stayed in the
 * band on 10 of 20 seeds; oscillators never went below the shown amplitude.
 */
const SEEDS = Array.from({ length: 200 }, (_, seed) => seed);
/** How far beyond the shown scale the held-out experiments reach, both ways. */
const REACH = 1.5;

type Scale = (state: readonly number[], parameters: Values) => number;

const speed: Scale = (state) => (state.length === 2 ? Math.abs(state[1]!) : Math.hypot(state[2]!, state[3]!));
const springAmplitude: Scale = ([x, vx], p) => Math.hypot(x!, vx! / Math.sqrt(p['k']! / p['m']!));
/** The angle the pendulum swings out to from this state, from its energy. */
const pendulumAmplitude: Scale = ([theta, dtheta], p) =>
  Math.acos(Math.max(-1, Math.cos(theta!) - (dtheta! ** 2 * p['L']!) / (2 * p['g']!)));

/**
 * Per system, the scale and how its low side is covered: 'scale' — some held-out experiment goes
 * below 1/REACH of the shown minimum; 'rest' — the shown fall starts from or passes through rest,
 * and so does a held-out one (thrown up, its velocity changes sign); null — not covered (see the
 * projectile note below).
 */
const COVERAGE: readonly (readonly [string, Scale, 'scale' | 'rest' | null])[] = [
  ['free_fall', speed, 'rest'],
  ['free_fall_drag', speed, 'rest'],
  ['simple_pendulum', pendulumAmplitude, 'scale'],
  ['damped_pendulum', pendulumAmplitude, 'scale'],
  ['spring_mass', springAmplitude, 'scale'],
  ['damped_spring', springAmplitude, 'scale'],
  // The shown arc's slowest point is its apex, where gravity dominates the drag a wrong law
  // would misshape; the steep held-out shot's apex is slower on most seeds but not on all.
  ['projectile_drag', speed, null],
  ['charged_particle_b_field', speed, 'scale'],
];

function states(columns: readonly Float64Array[]): number[][] {
  return Array.from(columns[0]!, (_, i) => columns.map((column) => column[i]!));
}

/** The clean trajectories of the held-out experiments, simulated again from their starts. */
function heldOutColumns(instance: SystemInstance): Float64Array[][] {
  const { system, parameters } = instance;
  return scoringReference(instance).heldOut.map((experiment) => {
    const initial = Object.fromEntries(system.stateVariables.map((name, j) => [name, experiment.initial[j]!]));
    return simulateTruth(system, parameters, initial, experiment.times, 'coverage test');
  });
}

describe('held-out coverage beyond the shown trajectory', () => {
  it.each(COVERAGE)('%s: reaches 1.5× the shown scale, and below it', (id, scale, low) => {
    const system = getSystem(id)!;
    for (const seed of SEEDS) {
      const instance = instantiate(system, seed);
      const shown = states(instance.clean).map((state) => scale(state, instance.parameters));
      const heldOut = heldOutColumns(instance);
      const reached = heldOut.flatMap((columns) => states(columns).map((state) => scale(state, instance.parameters)));
      expect(Math.max(...reached), `seed ${seed} above`).toBeGreaterThanOrEqual(REACH * Math.max(...shown));
      if (low === 'scale') expect(Math.min(...reached), `seed ${seed} below`).toBeLessThanOrEqual(Math.min(...shown) / REACH);
      if (low === 'rest') {
        const velocity = heldOut.map((columns) => columns.at(-1)!);
        expect(velocity.some((vy) => Math.min(...vy) < 0 && Math.max(...vy) > 0), `seed ${seed} rest`).toBe(true);
      }
    }
  });
});

/**
 * Laws that agree with the truth at the shown scale and depart from it with the scale, by a
 * hair: a cyclotron frequency growing or shrinking as speed^±0.002, and restoring forces or a
 * frequency that grow by 0.5 % of the energy deficit below the shown one (zero at and above it).
 * With the true constants, each fits the shown data within the noise; the held-out experiments
 * must take each out of the band on at least 19 of 20 seeds.
 */
const deficit = (shownValue: string, value: string) => `(${shownValue} - (${value}) + abs(${shownValue} - (${value})))`;
const CHARGED_SPEED = 'sqrt(vx**2 + vy**2)';
const SPRING_ENERGY = 'x**2 + (m/k)*vx**2';
const PENDULUM_ENERGY = '1 - cos(theta) + (L/g)*dtheta**2/2';
const cyclotron = (factor: string) => `d2x/dt2 = (q*B/m)*${factor}*vy; d2y/dt2 = -(q*B/m)*${factor}*vx`;
const SCALE_TUNED_LAWS: readonly (readonly [string, string, string, (shown: Values) => Values])[] = [
  ['charged_particle_b_field', 'speeds up with speed', cyclotron(`(${CHARGED_SPEED}/v0)**0.002`), speedOf],
  ['charged_particle_b_field', 'slows down with speed', cyclotron(`(${CHARGED_SPEED}/v0)**-0.002`), speedOf],
  [
    'charged_particle_b_field',
    'speeds up below the shown speed',
    cyclotron(`(1 + 0.005*${deficit('v0', CHARGED_SPEED)}/v0)`),
    speedOf,
  ],
  [
    'spring_mass',
    'stiffens below the shown amplitude',
    `d2x/dt2 = -(k/m)*(1 + 0.005*${deficit('A0**2', SPRING_ENERGY)}/A0**2)*x`,
    (shown) => ({ A0: Math.abs(shown['x']!) }),
  ],
  [
    'simple_pendulum',
    'stiffens below the shown amplitude',
    `d2theta/dt2 = -(g/L)*(1 + 0.005*${deficit('(1 - cos(A0))', PENDULUM_ENERGY)}/(1 - cos(A0)))*sin(theta)`,
    (shown) => ({ A0: Math.abs(shown['theta']!) }),
  ],
];

function speedOf(shown: Values): Values {
  return { v0: Math.hypot(shown['vx']!, shown['vy']!) };
}

describe('laws tuned to the shown scale', () => {
  it.each(SCALE_TUNED_LAWS)('%s, %s: out of the band on ≥ 19 of 20 seeds', (id, _name, equation, shownScale) => {
    const system = getSystem(id)!;
    let inBand = 0;
    for (let seed = 0; seed < 20; seed++) {
      const instance = instantiate(system, seed);
      const params = { ...groundTruthAction(instance).params, ...shownScale(instance.initialConditions) };
      const { report } = verify(targetOf(instance), { equation, params });
      expect(report.failure).toBeNull();
      if (report.rewards['anti-hack'].match === 1) inBand++;
    }
    expect(inBand).toBeLessThanOrEqual(1);
  });
});
