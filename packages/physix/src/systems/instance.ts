import { Xoshiro128 } from '@verilab/qec';
import { NOISE_RELATIVE_SIGMA, OBSERVATION_DECIMALS, SAMPLE_COUNT } from '../constants.ts';
import { standardDeviation } from '../numeric/statistics.ts';
import { fillStandardNormal } from './random.ts';
import { sampleTimes, simulateTruth } from './simulate-truth.ts';
import type { PhysicalSystem, Values } from './system.ts';

/** The observation noise of an instance, stated in every episode (spec §12.9). */
export interface NoiseModel {
  readonly model: 'gaussian';
  /** σ as a fraction of each variable's standard deviation over the clean trajectory. */
  readonly relative_sigma: number;
  /** The resulting absolute σ per variable. */
  readonly sigma: Values;
  /** Observed values are rounded to this many decimals after the noise is added. */
  readonly decimals: number;
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
  const sigma: Record<string, number> = {};
  const observed = clean.map((column, j) => {
    const sd = NOISE_RELATIVE_SIGMA * standardDeviation(column);
    sigma[system.stateVariables[j]!] = sd;
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
      relative_sigma: NOISE_RELATIVE_SIGMA,
      sigma,
      decimals: OBSERVATION_DECIMALS,
    },
  };
}
