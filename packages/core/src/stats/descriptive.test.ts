import { describe, expect, it } from 'vitest';
import { linearFit, mean, standardDeviation } from './descriptive.ts';

describe('descriptive statistics', () => {
  it('mean and population standard deviation, over a window', () => {
    expect(mean([1, 2, 3, 10], 0, 3)).toBe(2);
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
    expect(standardDeviation([5, 1, 3], 1, 3)).toBe(1);
  });

  it('least-squares line', () => {
    expect(linearFit([0, 1, 2, 3], [1, 3, 5, 7])).toEqual({ slope: 2, intercept: 1 });
    expect(linearFit([1, 1], [2, 4])).toEqual({ slope: 0, intercept: 3 });
  });
});
