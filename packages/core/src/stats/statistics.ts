/**
 * The interval statistics behind every reported rate: Wilson score intervals for proportions
 * (Wilson 1927; recommended over the Wald interval, which collapses to a point at 0 or n
 * successes, by Newcombe 1998, Stat. Med. 17:857), Newcombe's square-and-add interval for the
 * difference of two proportions measured on the same episodes (Newcombe 1998, Stat. Med.
 * 17:2635, method 10, as in Fagerland, Lydersen & Laake 2017, §8.5), normal intervals for means,
 * and the quantiles and histograms of the dataset report. Pure functions, no randomness.
 */
import { mean } from './descriptive.ts';

/** The two-sided 95 % standard-normal quantile, Φ⁻¹(0.975). */
export const Z95 = 1.959963984540054;

export type Interval = readonly [number, number];

export interface RateEstimate {
  readonly rate: number;
  readonly ci95: Interval;
}

/** Wilson score interval for `successes` out of `n` (n = 0 gives the uninformative [0, 1]). */
export function wilsonInterval(successes: number, n: number, z = Z95): Interval {
  if (!(n > 0)) return [0, 1];
  if (successes < 0 || successes > n) throw new RangeError(`${successes} successes out of ${n} trials`);
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp the rounding error at the ends (0 and n successes have exact ends 0 and 1).
  return [successes === 0 ? 0 : Math.max(0, centre - half), successes === n ? 1 : Math.min(1, centre + half)];
}

/** The share of true flags, with its Wilson 95 % interval (rate 0 for no trials). */
export function rateOf(flags: readonly boolean[]): RateEstimate {
  const successes = flags.reduce((count, flag) => count + (flag ? 1 : 0), 0);
  return { rate: flags.length === 0 ? 0 : successes / flags.length, ci95: wilsonInterval(successes, flags.length) };
}

export interface MeanEstimate {
  readonly mean: number;
  readonly ci95: Interval;
}

/** Mean with a normal-approximation 95 % interval (sample standard deviation; a point below 2 values). */
export function meanOf(values: readonly number[]): MeanEstimate {
  const n = values.length;
  if (n === 0) return { mean: 0, ci95: [0, 0] };
  const centre = mean(values);
  if (n < 2) return { mean: centre, ci95: [centre, centre] };
  const variance = values.reduce((sum, v) => sum + (v - centre) * (v - centre), 0) / (n - 1);
  const half = Z95 * Math.sqrt(variance / n);
  return { mean: centre, ci95: [centre - half, centre + half] };
}

export interface DifferenceEstimate {
  readonly difference: number;
  readonly ci95: Interval;
}

/**
 * Difference of two success rates measured on the same trials (a[i] and b[i] are one episode
 * under two policies), with Newcombe's square-and-add interval for paired proportions: the
 * Wilson intervals of both rates combined with the estimated correlation between them.
 */
export function pairedRateDifference(a: readonly boolean[], b: readonly boolean[]): DifferenceEstimate {
  if (a.length !== b.length) throw new RangeError(`paired samples differ in size: ${a.length} and ${b.length}`);
  let both = 0;
  let onlyA = 0;
  let onlyB = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] && b[i]) both++;
    else if (a[i]) onlyA++;
    else if (b[i]) onlyB++;
  }
  return newcombePaired(both, onlyA, onlyB, a.length - both - onlyA - onlyB);
}

/**
 * Newcombe's method 10 on the paired 2×2 table: `both` (success under A and B), `onlyA`,
 * `onlyB`, `neither`. The correlation estimate is shrunk towards 0 as in the published method
 * (0 when ad − bc lies in [0, n/2], ad − bc − n/2 above it).
 */
export function newcombePaired(both: number, onlyA: number, onlyB: number, neither: number): DifferenceEstimate {
  const n = both + onlyA + onlyB + neither;
  if (n === 0) return { difference: 0, ci95: [-1, 1] };
  const rowA = both + onlyA;
  const rowB = both + onlyB;
  const pA = rowA / n;
  const pB = rowB / n;
  const [lA, uA] = wilsonInterval(rowA, n);
  const [lB, uB] = wilsonInterval(rowB, n);
  const product = rowA * (n - rowA) * rowB * (n - rowB);
  const crossDiff = both * neither - onlyA * onlyB;
  let phi = 0;
  if (product > 0) {
    if (crossDiff > n / 2) phi = (crossDiff - n / 2) / Math.sqrt(product);
    else if (crossDiff < 0) phi = crossDiff / Math.sqrt(product);
  }
  const difference = pA - pB;
  const lower = difference - Math.sqrt((pA - lA) ** 2 + (uB - pB) ** 2 - 2 * phi * (pA - lA) * (uB - pB));
  const upper = difference + Math.sqrt((pB - lB) ** 2 + (uA - pA) ** 2 - 2 * phi * (pB - lB) * (uA - pA));
  return { difference, ci95: [Math.max(-1, lower), Math.min(1, upper)] };
}

/** Difference of two means on the same trials, with a normal 95 % interval on the paired differences. */
export function pairedMeanDifference(a: readonly number[], b: readonly number[]): DifferenceEstimate {
  if (a.length !== b.length) throw new RangeError(`paired samples differ in size: ${a.length} and ${b.length}`);
  const { mean, ci95 } = meanOf(a.map((value, i) => value - (b[i] as number)));
  return { difference: mean, ci95 };
}

/** Quantiles by linear interpolation between order statistics (numpy's default, Hyndman–Fan type 7). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return low + (high - low) * (position - below);
}

export interface Spread {
  readonly min: number;
  readonly p25: number;
  readonly median: number;
  readonly p75: number;
  readonly max: number;
}

export function spreadOf(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    min: sorted[0] ?? 0,
    p25: quantile(sorted, 0.25),
    median: quantile(sorted, 0.5),
    p75: quantile(sorted, 0.75),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

/** Counts of each value, keyed by the value, keys in ascending numeric order. */
export function histogram(values: Iterable<number>): Record<string, number> {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return Object.fromEntries([...counts].sort(([a], [b]) => a - b).map(([value, count]) => [String(value), count]));
}
