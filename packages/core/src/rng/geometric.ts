import type { Rng } from './xoshiro128.ts';

/**
 * Gaps between successes of independent Bernoulli(p) trials, for sampling rare events without
 * touching every trial ("geometric skipping", as Stim's `RareErrorIterator` does): the number of
 * failures before the next success is floor(ln U / ln(1 − p)) for U uniform in (0, 1].
 *
 * Pass `logOneMinusP = Math.log1p(-p)` precomputed; p = 0 gives an infinite gap, p = 1 gap 0.
 */
export function geometricGap(rng: Rng, logOneMinusP: number): number {
  if (logOneMinusP === 0) return Number.POSITIVE_INFINITY;
  if (logOneMinusP === Number.NEGATIVE_INFINITY) return 0;
  const u = 1 - rng.nextDouble(); // in (0, 1]
  return Math.floor(Math.log(u) / logOneMinusP);
}
