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

function worstMeanSquare(
  reference: readonly ArrayLike<number>[],
  predicted: readonly ArrayLike<number>[],
  sigma: ArrayLike<number>,
): number {
  let worst = 0;
  reference.forEach((column, j) => {
    const scale = sigma[j]!;
    let sum = 0;
    for (let i = 0; i < column.length; i++) sum += ((predicted[j]![i]! - column[i]!) / scale) ** 2;
    worst = Math.max(worst, sum / column.length);
  });
  return worst;
}
