import { firstIssue, unwrap } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { integrateDop853 } from './dop853.ts';
import { integrateDopri5 } from './dormand-prince.ts';
import { SIMULATION_TOLERANCES } from './hypothesis.ts';
import type { OdeRhs } from './integration.ts';

/** Both integrators: Dormand–Prince 5(4) simulates the truth, DOP853 scores hypotheses. */
const INTEGRATORS = [
  { name: 'integrateDopri5', integrate: integrateDopri5 },
  { name: 'integrateDop853', integrate: integrateDop853 },
];

const grid = (duration: number, count = 100) =>
  Array.from({ length: count }, (_, i) => (duration * i) / (count - 1));

/** Largest |numeric − exact| / max(|exact|, floor) over all samples and components. */
function maxRelativeError(
  values: Float64Array,
  times: readonly number[],
  exact: (t: number) => number[],
  floor: number,
): number {
  let worst = 0;
  times.forEach((t, i) => {
    exact(t).forEach((want, j) => {
      const got = values[i * exact(0).length + j]!;
      worst = Math.max(worst, Math.abs(got - want) / Math.max(Math.abs(want), floor));
    });
  });
  return worst;
}

const TIGHT = { rtol: 1e-10, atol: 1e-12 } as const;

describe.each(INTEGRATORS)('$name against analytic solutions', ({ integrate }) => {
  it('exponential decay y = e^{-λt}', () => {
    const lambda = 0.7;
    const times = grid(10);
    const result = integrate(
      (_t, y, d) => void (d[0] = -lambda * y[0]!),
      0,
      [2],
      times,
      TIGHT,
    );
    const { values } = unwrap(result);
    expect(
      maxRelativeError(values, times, (t) => [2 * Math.exp(-lambda * t)], 0),
    ).toBeLessThan(1e-6);
  });

  it('harmonic oscillator x = A cos ωt, v = −Aω sin ωt, and energy conservation', () => {
    const omega = (2 * Math.PI) / 1.3;
    const times = grid(10);
    const rhs: OdeRhs = (_t, y, d) => {
      d[0] = y[1]!;
      d[1] = -omega * omega * y[0]!;
    };
    const result = integrate(rhs, 0, [1.5, 0], times, TIGHT);
    const { values } = unwrap(result);
    const exact = (t: number) => [1.5 * Math.cos(omega * t), -1.5 * omega * Math.sin(omega * t)];
    // Relative to the amplitude of each component (the values themselves cross zero).
    expect(
      maxRelativeError(values, times, (t) => exact(t).map((v) => v), 1.5 * omega),
    ).toBeLessThan(1e-7);
    const energy = (i: number) =>
      0.5 * values[2 * i + 1]! ** 2 + 0.5 * omega * omega * values[2 * i]! ** 2;
    const e0 = energy(0);
    for (let i = 0; i < times.length; i++) expect(Math.abs(energy(i) - e0) / e0).toBeLessThan(1e-6);
  });

  it('free fall y = y0 − g t²/2 (a cubic-free polynomial: exact to rounding)', () => {
    const g = 9.81;
    const times = grid(3);
    const result = integrate(
      (_t, y, d) => {
        d[0] = y[1]!;
        d[1] = -g;
      },
      0,
      [40, 0],
      times,
    );
    const { values } = unwrap(result);
    const exact = (t: number) => [40 - 0.5 * g * t * t, -g * t];
    expect(maxRelativeError(values, times, exact, 1)).toBeLessThan(1e-12);
  });

  it('stays within 5e-4 of the scale at the scoring tolerances (SIMULATION_TOLERANCES): 0.05 of the 1 % noise', () => {
    const times = grid(10);
    const omega = 6.3;
    const oscillator = integrate(
      (_t, y, d) => {
        d[0] = y[1]!;
        d[1] = -omega * omega * y[0]!;
      },
      0,
      [1, 0],
      times,
      SIMULATION_TOLERANCES,
    );
    const exact = (t: number) => [Math.cos(omega * t), -omega * Math.sin(omega * t)];
    expect(maxRelativeError(unwrap(oscillator).values, times, exact, omega)).toBeLessThan(5e-4);
    const decay = integrate(
      (_t, y, d) => void (d[0] = -0.7 * y[0]!),
      0,
      [2],
      times,
      SIMULATION_TOLERANCES,
    );
    expect(maxRelativeError(unwrap(decay).values, times, (t) => [2 * Math.exp(-0.7 * t)], 0)).toBeLessThan(
      5e-4,
    );
  });

  it('samples at t0 return the initial state and dense output hits sample times inside steps', () => {
    const times = [0, 0, 0.001, 0.5, 0.5, 1];
    const result = integrate((t, _y, d) => void (d[0] = Math.cos(t)), 0, [0], times, TIGHT);
    const { values } = unwrap(result);
    times.forEach((t, i) => expect(values[i]).toBeCloseTo(Math.sin(t), 9));
  });

  it('rejects decreasing sample times (a programmer error)', () => {
    expect(() => integrate((_t, _y, d) => void (d[0] = 0), 0, [0], [1, 0.5])).toThrow(
      /non-decreasing/,
    );
  });
});

// Bounded in work (evaluations, steps), asserted here; how long the failures take is measured by
// dormand-prince.bench.ts, since a wall-clock limit fails on a loaded machine for no fault of ours.
describe.each(INTEGRATORS)('$name failures are data, and bounded', ({ integrate }) => {
  const times = grid(3);

  it("reports non-finite values with the state where they appeared (y' = y² blows up at t = 1)", () => {
    const result = integrate((_t, y, d) => void (d[0] = y[0]! * y[0]!), 0, [1], times);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const failure = firstIssue(result);
    expect(['diverged', 'non-finite', 'step-underflow', 'step-budget']).toContain(
      failure.kind,
    );
    expect(failure.t).toBeLessThan(1.0001);
    expect(failure.t).toBeGreaterThan(0.99);
  });

  it("exp(v^10) (the original writeup's example) fails fast", () => {
    const result = integrate(
      (_t, y, d) => {
        d[0] = y[1]!;
        d[1] = Math.exp(y[1]! ** 10);
      },
      0,
      [0, 0],
      times,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(firstIssue(result).stats.rhsEvaluations).toBeLessThan(100_000);
  });

  it('a derivative that is NaN everywhere fails at t0 with the state', () => {
    const result = integrate(
      (_t, y, d) => void (d[0] = Math.sqrt(-1 - y[0]! * y[0]!)),
      0,
      [1],
      times,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const failure = firstIssue(result);
    expect(failure.kind).toBe('non-finite');
    expect(failure.nonFiniteAt).toEqual({ t: 0, state: [1] });
  });

  it('a domain edge hit by a long step is retried with shorter steps (sqrt(y) decaying to 0)', () => {
    // y' = −sqrt(y) has y = (1 − t/2)² until t = 2; stepping past y = 0 is NaN, so the solver
    // must cut the step and eventually report the non-finite value near t = 2.
    const result = integrate((_t, y, d) => void (d[0] = -Math.sqrt(y[0]!)), 0, [1], grid(3));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const failure = firstIssue(result);
    expect(failure.t).toBeGreaterThan(1.9);
  });

  it('stiff systems stop on the evaluation budget instead of hanging', () => {
    const result = integrate((_t, y, d) => void (d[0] = -1e9 * (y[0]! - 1)), 0, [0], times, {
      maxRhsEvaluations: 20_000,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const failure = firstIssue(result);
    expect(['rhs-budget', 'step-budget']).toContain(failure.kind);
    expect(failure.stats.rhsEvaluations).toBeLessThanOrEqual(20_000);
  });

  it('the step budget is honoured', () => {
    const result = integrate(
      (_t, y, d) => void (d[0] = Math.cos(1000 * y[0]!)),
      0,
      [0],
      times,
      { maxSteps: 10 },
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(firstIssue(result).kind).toBe('step-budget');
  });

  it('exponential growth past the magnitude cap is divergence', () => {
    const result = integrate((_t, y, d) => void (d[0] = 30 * y[0]!), 0, [1], times, {
      maxMagnitude: 1e6,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(firstIssue(result).kind).toBe('diverged');
  });
});
