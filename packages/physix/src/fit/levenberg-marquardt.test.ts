import { describe, expect, it } from 'vitest';
import { levenbergMarquardt } from './levenberg-marquardt.ts';

const xs = Array.from({ length: 40 }, (_, i) => i / 8);

describe('levenbergMarquardt', () => {
  it('recovers a, b of a·exp(−b·x) from a poor start with very different scales', () => {
    const data = xs.map((x) => 250 * Math.exp(-0.03 * x));
    const result = levenbergMarquardt(
      {
        initial: [100, 0.5],
        lower: [0, 0],
        upper: [1e4, 10],
        residuals: ([a, b]) => Float64Array.from(xs, (x, i) => a! * Math.exp(-b! * x) - data[i]!),
      },
      { maxIterations: 100, maxEvaluations: 1000 },
    );
    expect(result?.x[0]).toBeCloseTo(250, 6);
    expect(result?.x[1]).toBeCloseTo(0.03, 9);
    expect(result?.converged).toBe(true);
    expect(result!.cost).toBeLessThan(1e-12);
  });

  it('respects the box: the optimum outside it ends on the bound', () => {
    const result = levenbergMarquardt(
      { initial: [1], lower: [0], upper: [2], residuals: ([p]) => Float64Array.of(p! - 5) },
      { maxIterations: 50, maxEvaluations: 200 },
    );
    expect(result?.x[0]).toBe(2);
  });

  it('minimises Rosenbrock as a least-squares problem', () => {
    const result = levenbergMarquardt(
      {
        initial: [-1.2, 1],
        lower: [-5, -5],
        upper: [5, 5],
        residuals: ([a, b]) => Float64Array.of(10 * (b! - a! * a!), 1 - a!),
      },
      { maxIterations: 200, maxEvaluations: 2000 },
    );
    expect(result?.x[0]).toBeCloseTo(1, 6);
    expect(result?.x[1]).toBeCloseTo(1, 6);
  });

  it('is undefined when the start cannot be evaluated, and rejects unevaluable trial steps', () => {
    expect(
      levenbergMarquardt(
        { initial: [1], lower: [0], upper: [2], residuals: () => undefined },
        { maxIterations: 5, maxEvaluations: 10 },
      ),
    ).toBeUndefined();
    // sqrt(p − 1) is undefined below 1: steps into that region are rejected, not taken.
    const result = levenbergMarquardt(
      {
        initial: [3],
        lower: [-10],
        upper: [10],
        residuals: ([p]) =>
          p! < 1 ? undefined : Float64Array.of(Math.sqrt(p! - 1) - 0.5, p! - 1.3),
      },
      { maxIterations: 50, maxEvaluations: 500 },
    );
    expect(result!.x[0]).toBeGreaterThanOrEqual(1);
    expect(result!.cost).toBeLessThan(result!.initialCost);
  });
});
