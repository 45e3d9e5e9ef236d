import { standardDeviation } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { summarizeMismatch } from './mismatch.ts';
import { measureResiduals } from './residuals.ts';

const times = Array.from({ length: 100 }, (_, i) => (6 * i) / 99);
const summary = (
  observed: number[][],
  predicted: number[][],
  rMatch = 0.5,
  variables = ['y', 'vy'],
) => {
  const spreads = observed.map((column) => standardDeviation(column));
  const residuals = observed.map((column, j) => measureResiduals(times, column, predicted[j]!, spreads[j]!, 1).summary);
  return summarizeMismatch({ stateVariables: variables, times, observed, predicted, rMatch, spreads, residuals });
};

describe('summarizeMismatch', () => {
  it('agreement at the convergence threshold (the original sentence)', () => {
    expect(summary([[1, 2]], [[1, 2]], 0.93)).toBe(
      'Predicted and observed trajectories agree closely.',
    );
  });

  it('drift: names the variable, the time it leaves the data, and the direction', () => {
    const observed = [times.map((t) => 100 - 10 * t), times.map(() => -10)];
    const predicted = [
      times.map((t) => 100 - 10 * t - 4.9 * Math.max(0, t - 2) ** 2),
      times.map((t) => -10 - 9.8 * Math.max(0, t - 2)),
    ];
    const text = summary(observed, predicted);
    expect(text).toMatch(
      /^Predicted v?y diverges from the observed after t = 2\.\d\d s, ending too low\. /,
    );
    expect(text).toMatch(
      /Mean error \(predicted - observed\) early\/middle\/late: y [+-][\d.e-]+\/[+-][\d.]+\/-[\d.]+; vy /,
    );
  });

  it('phase error between two oscillations, with both periods and decay rates', () => {
    const observed = [times.map((t) => Math.cos((2 * Math.PI * t) / 1.5))];
    const predicted = [times.map((t) => Math.cos((2 * Math.PI * t) / 1.3))];
    const text = summary(observed, predicted, 0.2, ['x']);
    expect(text).toMatch(
      /^Predicted x oscillates with period 1\.\d\d s but the observed period is 1\.\d\d s \(phase error\)\./,
    );
    expect(text).toMatch(
      /X period\/decay rate: observed 1\.\d\d s, -?0\.0\d\d\/s; predicted 1\.\d\d s/,
    );
  });

  it('an oscillation the prediction lacks', () => {
    const text = summary([times.map((t) => Math.cos(3 * t))], [times.map(() => 1)], 0, ['theta']);
    expect(text).toMatch(
      /^Observed theta oscillates \(period 2\.\d\d s\) but the predicted theta does not\./,
    );
  });

  it('damping mismatch', () => {
    const observed = [times.map((t) => Math.exp(-0.4 * t) * Math.cos(4 * t))];
    const predicted = [times.map((t) => Math.cos(4 * t))];
    expect(summary(observed, predicted, 0.5, ['x'])).toMatch(
      /^Predicted x decays at -?0\.0\d\d\/s but the observed amplitude decays at 0\.[34]\d\d\/s\./,
    );
  });

  it('a uniform offset', () => {
    expect(summary([times.map((t) => t)], [times.map((t) => t + 1)], 0.5, ['x'])).toMatch(
      /^Predicted x is (consistently too high|off from the start)/,
    );
  });
});
