import { Xoshiro128 } from '@verilab/core';
import { NOISE_RELATIVE_SIGMA, OBSERVATION_DECIMALS, SAMPLE_COUNT } from '../constants.ts';
import { relativeNoiseSpread } from '../metrics/noise-unit.ts';
import { fillStandardNormal } from './random.ts';
import { sampleTimes, simulateTruth } from './simulate-truth.ts';
import type { PhysicalSystem, Values } from './system.ts';

/**
 * The observation noise as stated in every episode (docs/original-physix.md#w9). The true σ is a fraction of
 * each variable's spread over the *clean* trajectory, which the agent must not learn: stated
 * at full precision it pins the clean spread and, through it, the hidden parameters (from a
 * reset alone, free_fall_drag's k and vy0 came back to 1e-10). So the statement is computed
 * from the observed data only, and rounded to NOISE_STATEMENT_DIGITS significant figures.
 */
export interface NoiseModel {
  readonly model: 'gaussian';
  /** σ as a fraction of each variable's standard deviation. */
  readonly relativeSigma: number;
  /**
   * relativeSigma × the standard deviation of the *observed* column, to two significant
   * figures: what anyone can compute from the data, and within 5 % of the true σ.
   */
  readonly sigma: Values;
  /** Observed values are rounded to this many decimals after the noise is added. */
  readonly decimals: number;
}

/** Significant figures of the stated σ: it is an estimate, not a hidden constant. */
export const NOISE_STATEMENT_DIGITS = 2;

/** The noise statement for observed columns: a function of the data the agent is shown. */
export function statedNoiseSigma(
  stateVariables: readonly string[],
  observed: readonly ArrayLike<number>[],
): Values {
  return Object.fromEntries(
    stateVariables.map((name, j) => [
      name,
      Number(relativeNoiseSpread(observed[j]!).toPrecision(NOISE_STATEMENT_DIGITS)),
    ]),
  );
}

/** One seeded draw of a system: hidden truth and the noisy data the agent sees. */
export interface SystemInstance {
  readonly system: PhysicalSystem;
  readonly seed: number;
  readonly parameters: Values;
  readonly initialConditions: Values;
  /** linspace(0, duration, SAMPLE_COUNT). */
  readonly times: Float64Array;
  /** Per state variable, in state order. */
  readonly clean: readonly Float64Array[];
  readonly observed: readonly Float64Array[];
  readonly noise: NoiseModel;
}

/**
 * Draws and simulates a system from a seed. The Rng stream is, in order: parameters, initial
 * conditions, then the noise of each variable (state order, 100 samples each), so a seed pins
 * the whole instance on every machine.
 */
export function instantiate(system: PhysicalSystem, seed: number): SystemInstance {
  const rng = Xoshiro128.fromSeed(seed);
  const parameters = system.sampleParameters(rng);
  const initialConditions = system.sampleInitialConditions(rng, parameters);
  const times = sampleTimes(system.duration, SAMPLE_COUNT);
  const clean = simulateTruth(system, parameters, initialConditions, times, `seed ${seed}`);
  const scale = 10 ** OBSERVATION_DECIMALS;
  const normal = new Float64Array(SAMPLE_COUNT);
  const observed = clean.map((column) => {
    const sd = relativeNoiseSpread(column);
    fillStandardNormal(rng, normal);
    return Float64Array.from(
      column,
      (value, i) => Math.round((value + sd * normal[i]!) * scale) / scale,
    );
  });
  return {
    system,
    seed,
    parameters,
    initialConditions,
    times,
    clean,
    observed,
    noise: {
      model: 'gaussian',
      relativeSigma: NOISE_RELATIVE_SIGMA,
      sigma: statedNoiseSigma(system.stateVariables, observed),
      decimals: OBSERVATION_DECIMALS,
    },
  };
}
