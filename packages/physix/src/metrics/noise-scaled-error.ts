import { HELD_OUT_SKIP_ERROR } from '../constants.ts';

/**
 * Errors in units of the observation noise σ: the scale on which "right to within the noise"
 * has a meaning for every system and variable alike.
 */

/** A law's errors in σ², behind the default r_match (see `noiseScaledScore`). */
export interface ScoredErrors {
  /** Excess mean squared error on the shown data, worst variable. */
  readonly shown: number;
  /**
   * Excess mean squared error against each held-out experiment's noisy samples, worst variable; null
   * where the experiment was not run (the shown error was already decisive) or failed.
   */
  readonly heldOut: readonly (number | null)[];
  /** Why a held-out experiment could not be simulated, in its words; null if none failed. */
  readonly heldOutFailure: string | null;
}

/**
 * The error the default reward scores: the shown data's, or a held-out experiment's if worse,
 * counted up to HELD_OUT_SKIP_ERROR. Past that shown error the held-out experiments are not run,
 * so a held-out error counted in full would rank a law that fits the shown data better below
 * one that fits it worse (linear drag with 127 σ² on the shown drag data and 5,600 on a
 * held-out throw scored below linear drag with 1,700 σ² shown): capped, a better shown fit
 * never scores lower.
 */
export function worstError(errors: ScoredErrors): number {
  if (errors.heldOutFailure !== null) return Infinity;
  let heldOut = 0;
  for (const error of errors.heldOut) if (error !== null) heldOut = Math.max(heldOut, error);
  return Math.max(errors.shown, Math.min(heldOut, HELD_OUT_SKIP_ERROR));
}

/**
 * Excess mean squared error of a prediction against noisy observations (the shown data, or a
 * held-out experiment's fixed noise draw), in σ², for the worst variable: mean(((predicted −
 * observed)/σ)²) − 1. The truth scores about 0 (the noise alone contributes 1 ± √(2/n)); a law
 * off by a systematic r·σ scores about r². With `allowance`, each variable's error is counted
 * beyond its own allowance (a held-out experiment's: what an estimated truth may add there,
 * fit/truth-uncertainty.ts).
 */
export function excessError(
  observed: readonly ArrayLike<number>[],
  predicted: readonly ArrayLike<number>[],
  sigma: ArrayLike<number>,
  allowance: ArrayLike<number> = NO_ALLOWANCE,
): number {
  return worstMeanSquare(observed, predicted, sigma, allowance) - 1;
}

/** x − 0 is x: with no allowance the errors keep their bits. */
const NO_ALLOWANCE: ArrayLike<number> = { length: 0 };

/**
 * `excessError` from each variable's Σ ((predicted − observed)/σ)² over `samples` samples, in
 * sample order: the verifier sums the shown data's in its one pass over the residuals.
 */
export function excessErrorOfSums(scaledSquares: readonly number[], samples: number): number {
  let worst = 0;
  for (const sum of scaledSquares) worst = Math.max(worst, sum / samples);
  return worst - 1;
}

function worstMeanSquare(
  reference: readonly ArrayLike<number>[],
  predicted: readonly ArrayLike<number>[],
  sigma: ArrayLike<number>,
  allowance: ArrayLike<number>,
): number {
  // Plain loops over hoisted columns: this runs for the shown data and every held-out
  // experiment of every verification. Two columns share a pass: each sum still adds its terms
  // in order (the same bits), but the two chains of additions overlap instead of waiting on
  // each other's latency.
  let worst = 0;
  let j = 0;
  for (; j + 1 < reference.length; j += 2) {
    const column = reference[j]!;
    const prediction = predicted[j]!;
    const scale = sigma[j]!;
    const nextColumn = reference[j + 1]!;
    const nextPrediction = predicted[j + 1]!;
    const nextScale = sigma[j + 1]!;
    // The columns of one experiment share their sample count.
    const n = column.length;
    let sum = 0;
    let nextSum = 0;
    for (let i = 0; i < n; i++) {
      sum += ((prediction[i]! - column[i]!) / scale) ** 2;
      nextSum += ((nextPrediction[i]! - nextColumn[i]!) / nextScale) ** 2;
    }
    worst = Math.max(worst, sum / n - (allowance[j] ?? 0), nextSum / n - (allowance[j + 1] ?? 0));
  }
  if (j < reference.length) {
    const column = reference[j]!;
    const prediction = predicted[j]!;
    const scale = sigma[j]!;
    const n = column.length;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += ((prediction[i]! - column[i]!) / scale) ** 2;
    worst = Math.max(worst, sum / n - (allowance[j] ?? 0));
  }
  return worst;
}
