import { describe, expect, it } from 'vitest';
import { REWARD_WEIGHTS } from './rewards.ts';
import { wireRewards } from './reward-wire-names.ts';

describe('wireRewards', () => {
  it("writes each component under the original's name, in weight-table order, then the total", () => {
    const wire = wireRewards({ logicalCorrection: 1, syndromeConsistency: 0.5, hammingOverlap: 0.25, formatCompliance: 0.75, pymatchingBeat: 0, total: 0.6 });
    expect(Object.entries(wire)).toEqual([
      ['logical_correction', 1],
      ['syndrome_consistency', 0.5],
      ['hamming_overlap', 0.25],
      ['format_compliance', 0.75],
      ['pymatching_beat', 0],
      ['total', 0.6],
    ]);
    expect(Object.keys(wire)).toHaveLength(Object.keys(REWARD_WEIGHTS).length + 1);
  });
});
