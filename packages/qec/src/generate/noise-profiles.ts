/**
 * Named settings of Stim's four generator noise knobs for a base error rate p.
 *
 * `si1000-like` is the mapping the original Qubit-Medic uses: after-Clifford depolarization p,
 * before-round data depolarization p/10, before-measure flips 5p, after-reset flips 2p. It only
 * borrows SI1000's ratios. It is NOT the superconducting-inspired SI1000 model of Gidney &
 * Fowler 2021 (arXiv:2108.10457, "A Fault-Tolerant Honeycomb Memory"), which puts p/10 on
 * single-qubit gates and adds idle noise during measurement and reset: Stim's generator has
 * no knobs for those, so it applies DEPOLARIZE1(p) after every H, too, and nothing to idle qubits.
 *
 * `uniform` sets all four knobs to p (the "uniform depolarizing" setting common in the literature).
 */
import type { SurfaceCodeNoise } from './rotated-surface-code.ts';

export type NoiseProfileName = 'si1000-like' | 'uniform';

export interface NoiseProfile {
  readonly name: NoiseProfileName;
  readonly description: string;
  readonly knobs: (p: number) => SurfaceCodeNoise;
}

/**
 * The double nearest to the decimal a person would type for `value`: knobs are command-line
 * decimals in Stim's workflow (`--before_round_data_depolarization 0.0001`), and 0.001 / 10
 * computed in binary can sit an ulp away from the parsed 0.0001. 15 significant digits is
 * what a double always round-trips.
 */
const decimal = (value: number): number => Number(value.toPrecision(15));

export const NOISE_PROFILES: Readonly<Record<NoiseProfileName, NoiseProfile>> = {
  'si1000-like': {
    name: 'si1000-like',
    description:
      "Qubit-Medic's SI1000-like mapping: after-Clifford p, before-round data p/10, " +
      'before-measure 5p, after-reset 2p (not the full SI1000 model of arXiv:2108.10457)',
    knobs: (p) => ({
      afterCliffordDepolarization: decimal(p),
      beforeRoundDataDepolarization: decimal(p / 10),
      beforeMeasureFlipProbability: decimal(5 * p),
      afterResetFlipProbability: decimal(2 * p),
    }),
  },
  uniform: {
    name: 'uniform',
    description: 'all four knobs set to p',
    knobs: (p) => ({
      afterCliffordDepolarization: p,
      beforeRoundDataDepolarization: p,
      beforeMeasureFlipProbability: p,
      afterResetFlipProbability: p,
    }),
  },
};

export const NOISE_PROFILE_NAMES = Object.keys(NOISE_PROFILES) as readonly NoiseProfileName[];

export function isNoiseProfileName(name: string): name is NoiseProfileName {
  return Object.hasOwn(NOISE_PROFILES, name);
}

/** The knobs of a named profile at base rate p; RangeError if any knob leaves [0, 1]. */
export function noiseProfile(name: NoiseProfileName, p: number): SurfaceCodeNoise {
  const profile = NOISE_PROFILES[name];
  if (profile === undefined) {
    throw new RangeError(
      `unknown noise profile "${String(name)}"; known: ${NOISE_PROFILE_NAMES.join(', ')}`,
    );
  }
  if (!(p >= 0 && p <= 1))
    throw new RangeError(`noise profile base rate p must be in [0, 1], got ${p}`);
  const knobs = profile.knobs(p);
  for (const [knob, value] of Object.entries(knobs)) {
    if (value > 1) throw new RangeError(`${name} at p = ${p} gives ${knob} = ${value}, more than 1`);
  }
  return knobs;
}
