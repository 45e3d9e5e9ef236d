import { describe, expect, it } from 'vitest';
import { formatTick, logDomain, logTicks } from './log-ticks.ts';

describe('log ticks', () => {
  it('labels 1-2-5 steps across less than a decade and a half, powers of ten across more', () => {
    const narrow = logTicks(0.0018, 0.013);
    expect(narrow.major).toEqual([0.002, 0.005, 0.01]);
    expect(narrow.minor).toEqual([0.003, 0.004, 0.006, 0.007, 0.008, 0.009]);
    const wide = logTicks(2e-5, 0.4);
    expect(wide.major).toEqual([1e-4, 1e-3, 1e-2, 0.1]);
    expect(wide.minor).toContain(2e-5);
    expect(wide.minor).toContain(0.3);
    expect(logTicks(0.0021, 0.0029).major).toEqual([]);
    expect(logTicks(0.002, 0.0029).major).toEqual([0.002]);
    expect(() => logTicks(0, 1)).toThrow(RangeError);
  });

  it('formats ticks as decimals down to a thousandth, powers of ten below', () => {
    expect([0.002, 0.01, 0.5, 1, 300].map(formatTick)).toEqual(['0.002', '0.01', '0.5', '1', '300']);
    expect([1e-5, 2e-5, 1e-4, 3e4].map(formatTick)).toEqual(['10⁻⁵', '2×10⁻⁵', '10⁻⁴', '3×10⁴']);
  });

  it('pads a domain around the positive values', () => {
    const [low, high] = logDomain([0, 0.002, 0.012]);
    expect(low).toBeLessThan(0.002);
    expect(low).toBeGreaterThan(0.0015);
    expect(high).toBeGreaterThan(0.012);
    expect(high).toBeLessThan(0.015);
    expect(logDomain([])).toEqual([1e-3, 1]);
  });
});
