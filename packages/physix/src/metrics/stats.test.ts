import { describe, expect, it } from 'vitest';
import { trajectoryStats } from './stats.ts';

describe('trajectoryStats', () => {
  it('duration, range, mean, spread, and period/decay for oscillating variables', () => {
    const times = Array.from({ length: 100 }, (_, i) => (10 * i) / 99);
    const x = times.map((t) => Math.exp(-0.1 * t) * Math.cos(2 * t));
    const y = times.map((t) => 30 - t);
    const stats = trajectoryStats(['x', 'y'], times, [x, y]);
    expect(Object.keys(stats)).toEqual([
      'duration',
      'x_min',
      'x_max',
      'x_mean',
      'x_std',
      'x_period',
      'x_decay_rate',
      'y_min',
      'y_max',
      'y_mean',
      'y_std',
    ]);
    expect(stats).toMatchObject({ duration: 10, x_max: 1, y_min: 20, y_max: 30, y_mean: 25 });
    expect(stats['x_period']).toBeCloseTo(Math.PI, 1);
    expect(stats['x_decay_rate']).toBeCloseTo(0.1, 1);
  });
});
