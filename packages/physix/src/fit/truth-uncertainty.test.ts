import { Xoshiro128 } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { NOISE_BAND } from '../constants.ts';
import { fillStandardNormal } from '../systems/random.ts';
import { estimationSpread, type Sensitivities } from './truth-uncertainty.ts';

/** Random σ-scaled sensitivities: `variables` × `parameters` columns of `samples` values. */
function randomSensitivities(seed: number, variables: number, parameters: number, samples = 100): Float64Array[][] {
  const rng = Xoshiro128.fromSeed(seed);
  return Array.from({ length: variables }, () =>
    Array.from({ length: parameters }, () => {
      const column = new Float64Array(samples);
      fillStandardNormal(rng, column);
      return column;
    }),
  );
}

const total = (spread: readonly { mean: number }[], samples = 100) =>
  spread.reduce((sum, variable) => sum + variable.mean * samples, 0);

describe('estimationSpread: the held-out error an estimated truth adds', () => {
  it('is nothing without estimated constants: the band stays NOISE_BAND', () => {
    const none: Sensitivities = [[], []];
    expect(estimationSpread(none, none)).toEqual([
      { mean: 0, allowance: 0 },
      { mean: 0, allowance: 0 },
    ]);
    const flat = randomSensitivities(1, 2, 2).map((columns) => columns.map((column) => column.fill(0)));
    expect(estimationSpread(randomSensitivities(2, 2, 2), flat)).toEqual([
      { mean: 0, allowance: 0 },
      { mean: 0, allowance: 0 },
    ]);
  });

  it('is p/n per sample where the held-out run is the shown one (the textbook case)', () => {
    for (const p of [1, 2, 3]) {
      const shown = randomSensitivities(10 + p, 2, p);
      // Σ over variables of tr(G C Gᵀ) = tr(JᵀJ (JᵀJ)⁻¹) = p.
      expect(total(estimationSpread(shown, shown))).toBeCloseTo(p, 9);
    }
  });

  it('depends on the law, not on how its constants are named (g and L enter only as g/L)', () => {
    const shown = randomSensitivities(20, 2, 1);
    const heldOut = randomSensitivities(21, 2, 1);
    // A second constant whose sensitivity is a multiple of the first: the data see only their
    // combination, and the pseudo-inverse ignores the direction neither run can see.
    const twice = (runs: Float64Array[][]) =>
      runs.map(([column]) => [column!, column!.map((value) => -2.5 * value)]);
    const one = estimationSpread(shown, heldOut);
    const two = estimationSpread(twice(shown), twice(heldOut));
    two.forEach((spread, j) => {
      expect(spread.mean).toBeCloseTo(one[j]!.mean, 9);
      expect(spread.allowance).toBeCloseTo(one[j]!.allowance, 9);
    });
  });

  it('grows with the extrapolation: the same constants judged where they matter 3× more', () => {
    const shown = randomSensitivities(30, 2, 2);
    const heldOut = randomSensitivities(31, 2, 2);
    const louder = heldOut.map((columns) => columns.map((column) => column.map((value) => 3 * value)));
    const base = estimationSpread(shown, heldOut);
    estimationSpread(shown, louder).forEach((spread, j) => {
      expect(spread.mean).toBeCloseTo(9 * base[j]!.mean, 9);
      expect(spread.allowance).toBeGreaterThan(base[j]!.allowance);
    });
  });

  it('is the mean plus as many of its standard deviations as NOISE_BAND is of the noise alone', () => {
    // One constant, one variable, held-out sensitivity such that v = mean d² is 0.1: the excess
    // error is noise (variance 2/n) − 2·mean(ε d) (4v/n) + v·χ²₁ (2v²).
    const n = 100;
    const shown = [[Float64Array.from({ length: n }, () => 1)]];
    const v = 0.1;
    // C = 1/n, so G = √(v)·√n·1 gives tr(G C Gᵀ)/n = v.
    const heldOut = [[Float64Array.from({ length: n }, () => Math.sqrt(v * n))]];
    const [spread] = estimationSpread(shown, heldOut);
    expect(spread!.mean).toBeCloseTo(v, 12);
    const sd = Math.sqrt(2 / n + (4 * v) / n + 2 * v * v);
    expect(spread!.allowance).toBeCloseTo(v + (NOISE_BAND * sd) / Math.sqrt(2 / n) - NOISE_BAND, 12);
  });
});
