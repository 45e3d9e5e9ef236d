import { describe, expect, it } from 'vitest';
import { CONVERGENCE_THRESHOLD } from '../constants.ts';
import type { MatchScores } from '../metrics/r-squared.ts';
import { computeReward, rMatch } from './reward.ts';

const scores = (mean: number, min: number): MatchScores => ({ r2: {}, mean, min });

describe('computeReward', () => {
  it('a rejected or failed action scores 0 on every component in both profiles', () => {
    for (const profile of ['v1', 'anti-hack'] as const) {
      const reward = computeReward(profile, {
        match: null,
        operatorCount: 0,
        equationCount: 1,
        previousMatch: 0,
      });
      expect(reward).toEqual({
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
    const reward = computeReward('v1', {
      match: scores(0.8, 0.6),
      operatorCount: 3,
      equationCount: 1,
      previousMatch: 0.5,
    });
    expect(reward.match).toBe(0.8);
    expect(reward.progress).toBeCloseTo(0.3, 12);
    expect(reward.simplicity).toBe(0.75);
    expect(reward.total).toBeCloseTo(0.5 * 0.8 + 0.2 * 0.3 + 0.2 * 0.75 + 0.1, 12);
  });

  it('anti-hack: the mean of match, sqrt(match), correctness, simplicity, format; match = min', () => {
    const reward = computeReward('anti-hack', {
      match: scores(0.8, 0.64),
      operatorCount: 6,
      equationCount: 1,
      previousMatch: 0,
    });
    expect(reward).toMatchObject({
      match: 0.64,
      match_dense: 0.8,
      correctness: 0,
      simplicity: 0.5,
      format: 1,
    });
    expect(reward.total).toBeCloseTo((0.64 + 0.8 + 0 + 0.5 + 1) / 5, 12);
    expect(
      computeReward('anti-hack', {
        match: scores(0.9, 0.7),
        operatorCount: 0,
        equationCount: 1,
        previousMatch: 0,
      }).correctness,
    ).toBe(1);
  });

  it('simplicity is gated at r_match 0.10, so d2y/dt2 = 0 cannot farm it', () => {
    const farm = computeReward('v1', {
      match: scores(0.05, 0.05),
      operatorCount: 0,
      equationCount: 1,
      previousMatch: 0,
    });
    expect(farm.simplicity).toBe(0);
    expect(farm.total).toBeCloseTo(0.5 * 0.05 + 0.2 * 0.05 + 0.1, 12);
  });

  it('the operator budget is 12 per written equation and simplicity never goes negative', () => {
    const two = computeReward('v1', {
      match: scores(1, 1),
      operatorCount: 15,
      equationCount: 2,
      previousMatch: 0,
    });
    expect(two.simplicity).toBeCloseTo(1 - 15 / 24, 12);
    expect(
      computeReward('v1', {
        match: scores(1, 1),
        operatorCount: 40,
        equationCount: 1,
        previousMatch: 0,
      }).simplicity,
    ).toBe(0);
  });

  it("the original's floor: free-fall truth (1 operator, R² ≈ 1) totals at least 0.5 × 0.93", () => {
    const reward = computeReward('v1', {
      match: scores(0.9999, 0.9998),
      operatorCount: 1,
      equationCount: 1,
      previousMatch: 0,
    });
    expect(reward.total).toBeGreaterThanOrEqual(0.5 * CONVERGENCE_THRESHOLD);
    expect(rMatch('v1', scores(0.9, 0.1))).toBe(0.9);
    expect(rMatch('anti-hack', scores(0.9, 0.1))).toBe(0.1);
  });
});
