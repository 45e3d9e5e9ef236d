/**
 * Errors in units of the observation noise σ: the scale on which "right to within the noise"
 * has a meaning for every system and variable alike.
 */

/**
 * Excess mean squared error of a prediction against noisy observations, in σ², for the worst
 * variable: mean(((predicted − observed)/σ)²) − 1. The truth scores about 0 (the noise alone
 * contributes 1 ± √(2/n)); a law off by a systematic r·σ scores about r².
 */
export function shownExcessError(
  observed: readonly ArrayLike<number>[],
  predicted: readonly ArrayLike<number>[],
  sigma: ArrayLike<number>,
): number {
  return worstMeanSquare(observed, predicted, sigma) - 1;
}

/**
 * Mean squared error of a prediction against a clean true trajectory, in σ², for the worst
 * variable: the truth scores 0 up to integration error; a law off by r·σ scores r².
 */
export function cleanError(
  clean: readonly ArrayLike<number>[],
  predicted: readonly ArrayLike<number>[],
  sigma: ArrayLike<number>,
): number {
  return worstMeanSquare(clean, predicted, sigma);
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
