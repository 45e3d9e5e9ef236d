import { describe, expect, it } from 'vitest';
import { pythonFloatRepr } from './python-float.ts';

// Expected strings are what CPython 3.11 prints for str(x).
describe('pythonFloatRepr', () => {
  it.each([
    [0.0005, '0.0005'],
    [0.001, '0.001'],
    [0.005, '0.005'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [0.000015, '1.5e-05'],
    [1, '1.0'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e16, '1e+16'],
    [123456789012345.6, '123456789012345.6'],
    [0, '0.0'],
  ])('str(%s) = %s', (value, expected) => {
    expect(pythonFloatRepr(value)).toBe(expected);
  });
});
