import { describe, expect, it } from 'vitest';
import { linearScale, linePath, niceTicks, valueRange } from './chart-geometry.ts';

describe('chart geometry', () => {
  it('maps linearly and survives a flat domain', () => {
    const scale = linearScale([0, 10], [100, 0]);
    expect([scale(0), scale(5), scale(10)]).toEqual([100, 50, 0]);
    expect(linearScale([3, 3], [0, 10])(3)).toBe(5);
  });

  it('keeps the observed range readable when a prediction diverges', () => {
    const [lo, hi] = valueRange([0, 1, 2], [0, 1e9, -Infinity]);
    expect(lo).toBeCloseTo(-0.24);
    expect(hi).toBeCloseTo(4.24);
    const [a, b] = valueRange([0, 1, 2], [0.5, 2.5]);
    expect([a, b].map((v) => Number(v.toFixed(2)))).toEqual([-0.15, 2.65]);
  });

  it('gives round ticks', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-3.7, 12.2, 4)).toEqual([0, 5, 10]);
  });

  it('breaks the line at non-finite values', () => {
    const x = linearScale([0, 2], [0, 20]);
    const y = linearScale([0, 1], [10, 0]);
    expect(linePath([0, 1, 2, 3], [0, NaN, 1, 1], x, y)).toBe('M0 10M20 0L30 0');
  });
});
