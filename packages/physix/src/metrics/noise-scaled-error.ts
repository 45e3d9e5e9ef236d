/**
 * Errors in units of the observation noise σ: the scale on which "right to within the noise"
 * has a meaning for every system and variable alike.
 */

/**
 * Excess mean squared error of a prediction against noisy observations (the shown data, or a
 * held-out experiment's fixed noise draw), in σ², for the worst variable: mean(((predicted − observed)/σ)²) − 1. The truth scores about 0 (the noise alone
 * contributes 1 ± √(2/n)); a law off by a systematic r·σ scores about r².
 */
export function excessError(
  observed: readonly ArrayLike<number>[],
  predicted: readonly ArrayLike<number>[],
  sigma: ArrayLike<number>,
): number {
  return worstMeanSquare(observed, predicted, sigma) - 1;
}

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
    worst = Math.max(worst, sum / n, nextSum / n);
  }
  if (j < reference.length) {
    const column = reference[j]!;
    const prediction = predicted[j]!;
    const scale = sigma[j]!;
    const n = column.length;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += ((prediction[i]! - column[i]!) / scale) ** 2;
    worst = Math.max(worst, sum / n);
  }
  return worst;
}
