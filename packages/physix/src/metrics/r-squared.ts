import { mean } from '@verilab/core';

/**
 * Coefficient of determination R² = 1 − SS_res / SS_tot of a prediction against observed
 * samples (docs/original-physix.md#metrics), unclipped: very bad fits are very negative, which keeps a signal below 0
 * that clipping would erase (docs/original-physix.md#w3). [decided] A constant observed series (SS_tot = 0)
 * scores 1 if the prediction equals it and 0 otherwise. R² ≤ 1 always.
 */
export function rSquared(observed: ArrayLike<number>, predicted: ArrayLike<number>): number {
  return rSquaredOfResidual(squaresAboutMean(observed), squaredResidual(observed, predicted));
}

/** Σ (observed − mean)²: R²'s SS_tot. */
function squaresAboutMean(observed: ArrayLike<number>): number {
  const centre = mean(observed);
  let total = 0;
  for (let i = 0; i < observed.length; i++) total += (observed[i]! - centre) ** 2;
  return total;
}

/** Σ (predicted − observed)² in sample order: R²'s SS_res. */
function squaredResidual(observed: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let residual = 0;
  for (let i = 0; i < observed.length; i++) residual += (predicted[i]! - observed[i]!) ** 2;
  return residual;
}

/** R² from SS_tot (`total`) and SS_res (`residual`): only the residual depends on the prediction. */
function rSquaredOfResidual(total: number, residual: number): number {
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}

/**
 * SS_tot of whole observed columns, kept per column: a verification target's observed data is
 * fixed, so every verification against it needs only its residuals.
 */
const COLUMN_TOTALS = new WeakMap<ArrayLike<number>, number>();

function columnTotal(observed: ArrayLike<number>): number {
  let total = COLUMN_TOTALS.get(observed);
  if (total === undefined) {
    total = squaresAboutMean(observed);
    COLUMN_TOTALS.set(observed, total);
  }
  return total;
}

export interface MatchScores {
  /** Unclipped R² per state variable. */
  readonly r2: Readonly<Record<string, number>>;
  /** Mean over variables of R² clipped to [0, 1]: the original's `compute_match`. */
  readonly mean: number;
  /**
   * Minimum over variables of R² clipped to [0, 1]: one badly wrong variable cannot hide
   * behind good ones (docs/original-physix.md#w3).
   */
  readonly min: number;
}

/**
 * The scores of predictions against observed columns that stay fixed between calls (their SS_tot
 * is kept), given each variable's SS_res (`residualSquares`, Σ (predicted − observed)² in sample
 * order): the verifier sums it in its one pass over the residuals.
 */
export function matchScoresOfResiduals(
  variables: readonly string[],
  observed: readonly ArrayLike<number>[],
  residualSquares: readonly number[],
): MatchScores {
  const r2: Record<string, number> = {};
  let sum = 0;
  let min = 1;
  for (let j = 0; j < variables.length; j++) {
    const value = rSquaredOfResidual(columnTotal(observed[j]!), residualSquares[j]!);
    r2[variables[j]!] = value;
    const clipped = clip01(value);
    sum += clipped;
    min = Math.min(min, clipped);
  }
  return variables.length === 0
    ? { r2, mean: 0, min: 0 }
    : { r2, mean: sum / variables.length, min };
}

export function clip01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
