/**
 * Descriptive statistics over sample columns (PhysiX's systems, metrics and verifier read
 * windows of typed arrays, hence `from`/`to`).
 */

export function mean(values: ArrayLike<number>, from = 0, to = values.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i]!;
  return sum / (to - from);
}

/** Population standard deviation (divides by n, as NumPy's default). */
export function standardDeviation(values: ArrayLike<number>, from = 0, to = values.length): number {
  const centre = mean(values, from, to);
  let sum = 0;
  for (let i = from; i < to; i++) sum += (values[i]! - centre) ** 2;
  return Math.sqrt(sum / (to - from));
}

/** Least-squares line y ≈ intercept + slope·x. */
export function linearFit(
  xs: readonly number[],
  ys: readonly number[],
): { slope: number; intercept: number } {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx };
}
