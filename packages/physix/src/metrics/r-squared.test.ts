import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchScoresOfResiduals, rSquared } from './r-squared.ts';

describe('rSquared', () => {
  it('is 1 for a perfect prediction, 0 for the observed mean, negative beyond', () => {
    const observed = [1, 2, 3, 4];
    expect(rSquared(observed, observed)).toBe(1);
    expect(rSquared(observed, [2.5, 2.5, 2.5, 2.5])).toBe(0);
    expect(rSquared(observed, [4, 3, 2, 1])).toBe(1 - 20 / 5);
  });

  it('constant observations: 1 if matched exactly, else 0', () => {
    expect(rSquared([2, 2], [2, 2])).toBe(1);
    expect(rSquared([2, 2], [2, 3])).toBe(0);
  });

  it('is at most 1 for any data (property)', () => {
    const column = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), {
      minLength: 2,
      maxLength: 50,
    });
    fc.assert(
      fc.property(column, column, (a, b) => {
        const n = Math.min(a.length, b.length);
        expect(rSquared(a.slice(0, n), b.slice(0, n))).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});

describe('matchScoresOfResiduals', () => {
  it('mean (the original) and min (anti-hack) of clipped R², unclipped per variable', () => {
    // Predicted y = [1, 2, 3] exactly (SS_res 0) and vy = [5, 5, 5] (SS_res 25 + 16 + 9).
    const scores = matchScoresOfResiduals(
      ['y', 'vy'],
      [
        [1, 2, 3],
        [0, 1, 2],
      ],
      [0, 50],
    );
    expect(scores.r2['y']).toBe(1);
    expect(scores.r2['vy']).toBeLessThan(-10);
    expect(scores.mean).toBe(0.5);
    expect(scores.min).toBe(0);
  });
});
