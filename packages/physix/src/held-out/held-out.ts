import { Xoshiro128 } from '@verilab/core';
import { HELD_OUT_SAMPLE_COUNT } from '../constants.ts';
import { scoringSigma } from '../metrics/noise-unit.ts';
import type { SystemInstance } from '../systems/instance.ts';
import { memoisedPerInstance } from '../systems/instance-memo.ts';
import { fillStandardNormal } from '../systems/random.ts';
import { sampleTimes, simulateTruth } from '../systems/simulate-truth.ts';

/**
 * One experiment the agent never sees: the true system from another start, measured with the
 * same instrument as the shown data (its own fixed noise draw).
 */
export interface HeldOutExperiment {
  readonly times: Float64Array;
  /** The initial state, in state order. */
  readonly initial: Float64Array;
  /**
   * The noise σ per variable the same instrument would have on this experiment: a fixed
   * fraction of each variable's spread, as on the shown data, and never below the shown σ.
   * The unit of its error, so a larger swing is judged as strictly as the shown one, no more,
   * and a variable that barely moves here (a speed held near terminal) no more strictly than
   * on the shown data.
   */
  readonly sigma: Float64Array;
  /**
   * The clean true trajectory (one column per state variable) plus one fixed Gaussian draw of
   * σ per sample, the unit of the score. Scoring against noisy samples keeps the reward from leaking more than noisy data would:
   * against the clean truth the error is a noise-free function of the hidden parameters, and
   * an agent probing it turn after turn could locate them far beyond what any measurement
   * allows (about 2e-6 relative for free_fall_drag's k from nine probes). So the clean
   * trajectory is not kept either: nothing may score against it.
   */
  readonly observed: readonly Float64Array[];
}

/** What the reward measures a hypothesis against, beyond the shown data. */
export interface ScoringReference {
  /**
   * The true observation noise σ per state variable of the shown data (state order): the floor
   * of each held-out experiment's σ and the scale of the truth's uncertainty
   * (fit/truth-uncertainty.ts). Not the unit of the shown data's error, which is the observed
   * spread's (metrics/noise-unit.ts): scored in the true σ, the reward gave it back.
   */
  readonly sigma: Float64Array;
  readonly heldOut: readonly HeldOutExperiment[];
}

/**
 * The scoring reference of an instance: its true noise σ and its held-out experiments, whose
 * initial conditions come from the seed's stream jumped twice by 2^64 (one jump picks the
 * system, see `resetEpisode`), so they are independent of everything the agent is shown.
 * A pure function of (system, seed), memoised because an episode verifies the same instance
 * every turn and the true trajectories are integrated at near machine precision.
 */
export const scoringReference: (instance: SystemInstance) => ScoringReference = memoisedPerInstance((instance) => {
  const { system, seed } = instance;
  // The noise of an instrument that adds NOISE_RELATIVE_SIGMA of each variable's spread, as
  // `instantiate` does, floored at the observations' rounding for a variable that barely moves:
  // scoringSigma's rule applied to the clean columns.
  const sigma = scoringSigma(instance.clean);
  const rng = Xoshiro128.fromSeed(seed);
  rng.jump();
  rng.jump();
  const setups = system.heldOutSetups(rng, instance.parameters, instance.initialConditions).map((setup, index) => {
    const times = sampleTimes(setup.duration, HELD_OUT_SAMPLE_COUNT);
    const clean = simulateTruth(
      system,
      instance.parameters,
      setup.initial,
      times,
      `seed ${seed}, held-out experiment ${index + 1}`,
    );
    return {
      times,
      initial: Float64Array.from(system.stateVariables, (name) => setup.initial[name]!),
      clean,
      sigma: scoringSigma(clean).map((value, j) => Math.max(value, sigma[j]!)),
    };
  });
  // The noise comes after every setup has been drawn, so adding it moved no initial condition.
  const normal = new Float64Array(HELD_OUT_SAMPLE_COUNT);
  const heldOut = setups.map(({ clean, ...experiment }): HeldOutExperiment => ({
    ...experiment,
    observed: clean.map((column, j) => {
      fillStandardNormal(rng, normal);
      return Float64Array.from(column, (value, i) => value + experiment.sigma[j]! * normal[i]!);
    }),
  }));
  return { sigma, heldOut };
});
