import type { MaximumLikelihoodPosterior } from '@verilab/qec';
import type { CodeLayout } from './code-layout.ts';
import type { Level } from './levels.ts';
import type { DataFrame } from './rewards.ts';

/**
 * Everything the environment needs from the physics core for one level, built once and
 * cached: the circuit's layout, the DEM digest, a seeded one-shot sampler and the matching
 * decoder, and the optimal (exact maximum-likelihood) decoder where the level is small enough.
 * Frames are always in LLM ids (the index into `layout.dataQubits`).
 */
export interface LevelPhysics {
  readonly level: Level;
  readonly layout: CodeLayout;
  /** The circuit's Stim text, made anew on each read (levelCircuitText): no build or episode reads it. */
  readonly circuitText: string;
  /** Printed anew from the DEM's bytes on each read: a large level's text is megabytes, and most users need only the digest. */
  readonly demText: string;
  /** First 8 hex characters of sha256 of the DEM text (the original's `dem_digest`). */
  readonly demDigest: string;
  /** Samples the episode with this seed: the same (level, seed) gives the same shot forever. */
  sample(seed: number): ShotSample;
  decode(syndromeBits: readonly number[]): DecoderOutcome;
  /**
   * The optimal decoder's verdict on the observable: P(flip | syndrome) summed exactly over every
   * error configuration of the level's DEM, and its MAP prediction (ties predict no flip). Null
   * when the level is too large for exact decoding (`optimalUnavailable` says why) or the
   * syndrome has probability 0 under the DEM.
   */
  decodeOptimal(syndromeBits: readonly number[]): MaximumLikelihoodPosterior | null;
  /** Why this level has no optimal decoder (its DEM's frontier is past the bound), or null when it has one. */
  readonly optimalUnavailable: string | null;
}

export interface ShotSample {
  readonly syndromeBits: readonly number[];
  readonly observableFlip: number;
  /**
   * The accumulated physical error on the data qubits just before their final measurement, a
   * result flip of that measurement folded in: the error the final data readout sees (see the
   * package README, "The true error").
   */
  readonly trueFrame: DataFrame;
}

export interface DecoderOutcome {
  readonly observableFlip: number;
  /** XOR of the data-qubit frames of the matched error mechanisms. */
  readonly frame: DataFrame;
  /**
   * The detector-graph edges along the matched paths (what PyMatching's
   * `decode_to_edges_array` returns); -1 stands for the boundary.
   */
  readonly pathEdges: readonly (readonly [number, number])[];
  readonly weight: number;
}
