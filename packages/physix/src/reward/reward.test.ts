import { describe, expect, it } from 'vitest';
import { CONVERGENCE_THRESHOLD, CORRECTNESS_THRESHOLD, NOISE_BAND } from '../constants.ts';
import type { MatchScores } from '../metrics/r-squared.ts';
import { computeReward, noiseScaledScore, type RewardInput } from './reward.ts';

const scores = (mean: number, min: number): MatchScores => ({ r2: {}, mean, min });

type Overrides = Partial<RewardInput> & { mean?: number; error?: number };

const input = (overrides: Overrides): RewardInput => ({
  evidence: {
    scores: scores(overrides.mean ?? 1, overrides.mean ?? 1),
    noiseError: overrides.error ?? 0,
  },
  operatorCount: 0,
  equationCount: 1,
  complexity: 0,
  complexityBudget: 12,
  previousMatch: 0,
  ...overrides,
});

describe('computeReward', () => {
  it('a rejected or failed action scores 0 on every component in both profiles', () => {
    for (const profile of ['v1', 'anti-hack'] as const) {
      expect(computeReward(profile, input({ evidence: null }))).toEqual({
        profile,
        match: 0,
        progress: 0,
        simplicity: 0,
        format: 0,
        match_dense: 0,
        correctness: 0,
        total: 0,
      });
    }
  });

  it('v1: 0.5 match + 0.2 progress + 0.2 simplicity + 0.1 format, match = mean clipped R²', () => {
    const reward = computeReward(
      'v1',
      input({ mean: 0.8, operatorCount: 3, previousMatch: 0.5, error: 1e6 }),
    );
    expect(reward.match).toBe(0.8);
    expect(reward.progress).toBeCloseTo(0.3, 12);
    expect(reward.simplicity).toBe(0.75);
    expect(reward.total).toBeCloseTo(0.5 * 0.8 + 0.2 * 0.3 + 0.2 * 0.75 + 0.1, 12);
  });

  it('v1: simplicity is gated at r_match 0.10 and budgeted per written equation', () => {
    const farm = computeReward('v1', input({ mean: 0.05 }));
    expect(farm.simplicity).toBe(0);
    expect(farm.total).toBeCloseTo(0.5 * 0.05 + 0.2 * 0.05 + 0.1, 12);
    const two = computeReward('v1', input({ operatorCount: 15, equationCount: 2 }));
    expect(two.simplicity).toBeCloseTo(1 - 15 / 24, 12);
    expect(computeReward('v1', input({ operatorCount: 40 })).simplicity).toBe(0);
  });

  it("v1, the original's floor: free-fall truth (1 operator, R² ≈ 1) totals at least 0.5 × 0.93", () => {
    const reward = computeReward('v1', input({ mean: 0.9999, operatorCount: 1 }));
    expect(reward.total).toBeGreaterThanOrEqual(0.5 * CONVERGENCE_THRESHOLD);
  });

  it('default: r_match is 1 inside the noise band and 1/(1 + excess) outside', () => {
    expect(noiseScaledScore(-0.3)).toBe(1);
    expect(noiseScaledScore(NOISE_BAND)).toBe(1);
    expect(noiseScaledScore(NOISE_BAND + 1)).toBe(0.5);
    expect(noiseScaledScore(Infinity)).toBe(0);
    const inside = computeReward('anti-hack', input({ error: 0.2, complexity: 3 }));
    expect(inside).toMatchObject({
      match: 1,
      match_dense: 1,
      correctness: 1,
      format: 1,
      simplicity: 0.75,
    });
    expect(inside.total).toBeCloseTo(0.3 + 0.2 + 0.2 + 0.2 + 0.1 * 0.75, 12);
    const outside = computeReward('anti-hack', input({ error: NOISE_BAND + 3, complexity: 0 }));
    expect(outside).toMatchObject({ match: 0.25, match_dense: 0.5, correctness: 0, simplicity: 0 });
  });

  it('default: correctness needs a worst-case RMS error of about 1.2 σ or less', () => {
    const threshold = NOISE_BAND + 1 / CORRECTNESS_THRESHOLD - 1;
    expect(Math.sqrt(threshold)).toBeCloseTo(1.2, 2);
    expect(computeReward('anti-hack', input({ error: threshold - 1e-9 })).correctness).toBe(1);
    expect(computeReward('anti-hack', input({ error: threshold + 1e-9 })).correctness).toBe(0);
  });

  it('default: simplicity never lifts a worse-fitting law above a better one', () => {
    const errors = [-0.5, 0, 0.5, NOISE_BAND, 0.76, 0.8, 1, 1.5, 2, 5, 30, 1e3, 1e6];
    for (const better of errors) {
      for (const worse of errors.filter((error) => error > Math.max(better, NOISE_BAND))) {
        const best = computeReward('anti-hack', input({ error: worse, complexity: 0 })).total;
        const worst = computeReward('anti-hack', input({ error: better, complexity: 100 })).total;
        expect(worst).toBeGreaterThan(best);
      }
    }
  });

  it('default: the budget is per degree of freedom, not per equation written', () => {
    const written = (equationCount: number) =>
      computeReward('anti-hack', input({ complexity: 15, complexityBudget: 24, equationCount }));
    const secondOrder = written(2);
    const firstOrder = written(4);
    expect(firstOrder).toEqual(secondOrder);
    expect(secondOrder.simplicity).toBeCloseTo(1 - 15 / 24, 12);
  });
});
