import { SUMMARY_WINDOWS } from '../constants.ts';

/** Where and how a prediction misses, per variable (the original's ResidualSummary, docs/original-physix.md#metrics). */
export interface ResidualSummary {
  /** max |predicted − observed|. */
  readonly maxAbs: number;
  readonly tOfMax: number;
  /** Mean signed residual (predicted − observed) in the early, middle and late thirds. */
  readonly windows: readonly number[];
  /** Root-mean-square residual in each third, divided by the observed standard deviation. */
  readonly relativeRms: readonly number[];
}

/** A variable's residuals measured in one pass: their summary and the sums the scores take. */
export interface ResidualMeasures {
  readonly summary: ResidualSummary;
  /** Σ (predicted − observed)² in sample order: R²'s SS_res. */
  readonly squares: number;
  /** Σ ((predicted − observed)/σ)² in sample order: the noise-scaled error's sum. */
  readonly scaledSquares: number;
}

/**
 * A variable's residual summary plus the sums behind R² and the noise-scaled error, from one
 * pass: the verifier needs all three for every variable, and each sum adds the same terms in the
 * same order as its own loop would (the same bits).
 */
export function measureResiduals(
  times: ArrayLike<number>,
  observed: ArrayLike<number>,
  predicted: ArrayLike<number>,
  observedSd: number,
  sigma: number,
): ResidualMeasures {
  const n = observed.length;
  // Plain loops and no scratch array: this runs for every variable of every verification.
  let maxAbs = 0;
  let tOfMax = times[0] ?? 0;
  let squares = 0;
  let scaledSquares = 0;
  const windows: number[] = [];
  const relativeRms: number[] = [];
  for (let w = 0; w < SUMMARY_WINDOWS; w++) {
    const from = Math.floor((w * n) / SUMMARY_WINDOWS);
    const to = Math.floor(((w + 1) * n) / SUMMARY_WINDOWS);
    let sum = 0;
    let windowSquares = 0;
    for (let i = from; i < to; i++) {
      const r = predicted[i]! - observed[i]!;
      if (Math.abs(r) > maxAbs) {
        maxAbs = Math.abs(r);
        tOfMax = times[i]!;
      }
      sum += r;
      const square = r ** 2;
      windowSquares += square;
      squares += square;
      scaledSquares += (r / sigma) ** 2;
    }
    windows.push(sum / (to - from));
    relativeRms.push(Math.sqrt(windowSquares / (to - from)) / (observedSd > 0 ? observedSd : 1));
  }
  return { summary: { maxAbs, tOfMax, windows, relativeRms }, squares, scaledSquares };
}

/** First time the residual exceeds `fraction` of the observed spread, or undefined. */
export function divergenceTime(
  times: ArrayLike<number>,
  observed: ArrayLike<number>,
  predicted: ArrayLike<number>,
  threshold: number,
): number | undefined {
  for (let i = 0; i < observed.length; i++) {
    if (Math.abs(predicted[i]! - observed[i]!) > threshold) return times[i];
  }
  return undefined;
}
