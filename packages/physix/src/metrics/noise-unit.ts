import { standardDeviation } from '@verilab/core';
import { NOISE_RELATIVE_SIGMA, OBSERVATION_DECIMALS } from '../constants.ts';

/**
 * The unit of the shown data's error: NOISE_RELATIVE_SIGMA of each observed column's spread, at
 * full precision, floored at the observations' rounding. A function of the data the agent is
 * shown, so the reward reveals nothing through it.
 *
 * The true σ (the same fraction of the *clean* spread) differs from it by about 1e-3 relative
 * (the noise's chance covariance with the signal), so every error moves by about 0.2 %; but
 * the true σ is a function of the hidden parameters: scored in it, r_match = 1/e of a law whose
 * prediction the agent can compute (`dy/dt = c`, three values of c) gave back the true σ and
 * the hidden initial height to 1e-14 (free_fall_drag), and σ at full precision gives back k and
 * vy0 (episode/noise-leak.test.ts: the spread-inversion attack).
 */
export function scoringSigma(observed: readonly ArrayLike<number>[]): Float64Array {
  const resolution = 10 ** -OBSERVATION_DECIMALS;
  return Float64Array.from(observed, (column) => Math.max(relativeNoiseSpread(column), resolution));
}

/**
 * NOISE_RELATIVE_SIGMA of a column's standard deviation: the noise `instantiate` adds to a clean
 * column, and, of an observed column, the estimate of it that the episode states (rounded) and
 * the rewards score in (floored, `scoringSigma`).
 */
export function relativeNoiseSpread(column: ArrayLike<number>): number {
  return NOISE_RELATIVE_SIGMA * standardDeviation(column);
}
