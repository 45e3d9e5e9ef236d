import type { Rng } from '@verilab/core';

/** Tier 3 is held out of training for a generalisation claim (docs/original-physix.md#system-interface). */
export type SystemTier = 'tier1' | 'tier2' | 'tier3';

export type Values = Readonly<Record<string, number>>;

/** An experiment the agent never sees: where it starts and how long it runs. */
export interface HeldOutSetup {
  readonly initial: Values;
  /** Seconds; longer than the shown window, so slow drifts of a wrong law add up. */
  readonly duration: number;
}

/**
 * One physical system: its state, how its parameters and initial conditions are drawn, its
 * dynamics, and what the agent is told. Systems know nothing of the verifier (docs/original-physix.md#overview): the
 * dynamics here are hand-written, independent of the equation parser, so scoring a system's
 * ground-truth text against its own trajectory cross-checks parser and compiler.
 *
 * Units: SI throughout; angles in radians. Gravity is fixed at g = 9.81 m/s² wherever it
 * appears (docs/original-physix.md#the-eight-systems).
 */
export interface PhysicalSystem {
  readonly id: string;
  readonly tier: SystemTier;
  readonly title: string;
  /** Positions first, then velocities (docs/original-physix.md#system-interface). */
  readonly stateVariables: readonly string[];
  /** Position → velocity pairs, which make `d2q/dt2` and the `dq/dt` alias meaningful. */
  readonly velocityOf: ReadonlyMap<string, string>;
  /** Seconds covered by the 100 samples. */
  readonly duration: number;
  /** The reference answer in the equation language, with parameter names from `sampleParameters`. */
  readonly groundTruth: string;
  /** Draws parameters (first) from the episode's Rng. */
  sampleParameters(rng: Rng): Values;
  /** Draws initial conditions (second) from the same Rng. */
  sampleInitialConditions(rng: Rng, parameters: Values): Values;
  /**
   * Held-out experiments, drawn from their own stream: the same hidden parameters started from
   * initial conditions chosen to separate the true law from its plausible look-alikes (large
   * swings for pendulums, high speeds for drag laws), physically sensible for the system.
   * They reach beyond the shown trajectory (`shown`, its initial conditions) on both sides of
   * its scale — speed, amplitude or energy — so that a law tuned to agree at the shown scale
   * alone (a frequency or force that depends on it) leaves the noise band somewhere.
   */
  heldOutSetups(rng: Rng, parameters: Values, shown: Values): readonly HeldOutSetup[];
  /** d(state)/dt in `stateVariables` order. */
  derivatives(state: Float64Array, parameters: Values, out: Float64Array): void;
  /** The one-sentence physical context shown to the agent. */
  hint(parameters: Values, initial: Values): string;
}

export const STANDARD_GRAVITY = 9.81;
