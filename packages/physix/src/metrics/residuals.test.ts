import { describe, expect, it } from 'vitest';
import { excessError, excessErrorOfSums } from './noise-scaled-error.ts';
import { matchScores, matchScoresOfResiduals } from './r-squared.ts';
import { measureResiduals, summarizeResiduals } from './residuals.ts';

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
      expect(measures[j]!.summary).toEqual(summarizeResiduals(times, observed[j]!, predicted[j]!, 2.5));
    expect(
      matchScoresOfResiduals(['x', 'vx'], observed, measures.map((m) => m.squares)),
    ).toEqual(matchScores(['x', 'vx'], observed, predicted));
    expect(excessErrorOfSums(measures.map((m) => m.scaledSquares), n)).toBe(excessError(observed, predicted, sigma));
  });
});
