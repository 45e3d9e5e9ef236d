import { describe, expect, it } from 'vitest';
import { excessError, excessErrorOfSums } from './noise-scaled-error.ts';
import { matchScoresOfResiduals, rSquared } from './r-squared.ts';
import { measureResiduals, type ResidualSummary } from './residuals.ts';

/** The residual summary written plainly, a loop per figure, as the reference for the one pass. */
function summaryOf(times: readonly number[], observed: readonly number[], predicted: readonly number[], observedSd: number): ResidualSummary {
  const residuals = observed.map((value, i) => predicted[i]! - value);
  const largest = residuals.reduce((best, r, i) => (Math.abs(r) > Math.abs(residuals[best]!) ? i : best), 0);
  const thirds = [0, 1, 2].map((w) => residuals.slice(Math.floor((w * residuals.length) / 3), Math.floor(((w + 1) * residuals.length) / 3)));
  return {
    maxAbs: Math.abs(residuals[largest]!),
    tOfMax: times[largest]!,
    windows: thirds.map((third) => third.reduce((sum, r) => sum + r, 0) / third.length),
    relativeRms: thirds.map((third) => Math.sqrt(third.reduce((sum, r) => sum + r ** 2, 0) / third.length) / observedSd),
  };
}

describe('measureResiduals', () => {
  it("gives the summary and the very sums of R²'s and the noise-scaled error's own loops", () => {
    // Irregular values (sums of sines), so that summing in another order would change low bits.
    const n = 101;
    const times = Array.from({ length: n }, (_, i) => i * 0.05);
    const observed = [0, 1].map((j) => times.map((t) => Math.sin(3.1 * t + j) * 7.3 + Math.sin(17 * t) / 3));
    const predicted = [0, 1].map((j) => times.map((t) => Math.sin(3.05 * t + j) * 7.1 + j / 9));
    const sigma = [0.37, 1.9];
    const measures = [0, 1].map((j) => measureResiduals(times, observed[j]!, predicted[j]!, 2.5, sigma[j]!));
    for (const j of [0, 1])
      expect(measures[j]!.summary).toEqual(summaryOf(times, observed[j]!, predicted[j]!, 2.5));
    const scores = matchScoresOfResiduals(['x', 'vx'], observed, measures.map((m) => m.squares));
    expect(scores.r2).toEqual({ x: rSquared(observed[0]!, predicted[0]!), vx: rSquared(observed[1]!, predicted[1]!) });
    expect(excessErrorOfSums(measures.map((m) => m.scaledSquares), n)).toBe(excessError(observed, predicted, sigma));
  });
});
