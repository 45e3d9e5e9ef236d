import { describe, expect, it } from 'vitest';
import { analyseOscillation } from './oscillation.ts';

const times = Array.from({ length: 100 }, (_, i) => (10 * i) / 99);

describe('analyseOscillation', () => {
  it('period and decay rate of a damped cosine, with 1 % noise', () => {
    let seed = 1;
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.02;
    const values = times.map(
      (t) => Math.exp(-0.2 * t) * Math.cos((2 * Math.PI * t) / 1.7) + noise() * 0.5,
    );
    const oscillation = analyseOscillation(times, values);
    expect(oscillation?.period).toBeCloseTo(1.7, 1);
    expect(oscillation?.decayRate).toBeGreaterThan(0.15);
    expect(oscillation?.decayRate).toBeLessThan(0.25);
  });

  it('an undamped sine decays at about 0', () => {
    const oscillation = analyseOscillation(
      times,
      times.map((t) => Math.sin(2 * t)),
    );
    expect(oscillation?.period).toBeCloseTo(Math.PI, 1);
    expect(Math.abs(oscillation?.decayRate ?? 1)).toBeLessThan(0.01);
  });

  it('monotone or constant series do not oscillate', () => {
    expect(
      analyseOscillation(
        times,
        times.map((t) => 50 - 4.9 * t * t),
      ),
    ).toBeNull();
    expect(
      analyseOscillation(
        times,
        times.map(() => 3),
      ),
    ).toBeNull();
  });
});
