import { describe, expect, it } from 'vitest';
import { formatG } from './format-g.ts';

// Reference strings are what glibc's printf prints for the same format.
describe('formatG', () => {
  it.each([
    [0.0001, 6, '0.0001'],
    [0.00005, 6, '5e-05'],
    [0.0025, 6, '0.0025'],
    [1 / 3, 6, '0.333333'],
    [123456789, 6, '1.23457e+08'],
    [100000, 6, '100000'],
    [1000000, 6, '1e+06'],
    [-2.5, 6, '-2.5'],
    [4, 6, '4'],
    [0, 6, '0'],
    [0.002332035441684078298, 19, '0.002332035441684078298'],
    [6.669779853440971351e-5, 19, '6.669779853440971351e-05'],
    [0.5, 19, '0.5'],
  ])('formatG(%s, %s) = %s', (value, precision, expected) => {
    expect(formatG(value, precision)).toBe(expected);
  });
});
