import { describe, expect, it } from 'vitest';
import { formatNumber, formatParams } from './format-number.ts';

describe('formatNumber', () => {
  it('keeps four significant digits and switches to exponents at the extremes', () => {
    expect(formatNumber(4.213875019372)).toBe('4.214');
    expect(formatNumber(-0.5)).toBe('-0.5');
    expect(formatNumber(9.81)).toBe('9.81');
    expect(formatNumber(123456)).toBe('1.235e+5');
    expect(formatNumber(0.000012)).toBe('1.2e-5');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(0.30000000000000004)).toBe('0.3');
    expect(formatParams({ k: 4.213875019372, c: 0.25 })).toBe('k = 4.214, c = 0.25');
  });
});
