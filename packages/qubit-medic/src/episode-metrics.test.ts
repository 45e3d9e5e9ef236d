import { describe, expect, it } from 'vitest';
import { parseAnswer } from './answer-parser.ts';
import { QubitMedicEnvironment } from './environment.ts';
import { compareWithBaseline, summarizeEpisodes, summarizeWithBaselines } from './episode-metrics.ts';
import { playEpisode, type EpisodeOutcome } from './episode-outcome.ts';
import { levelNamed } from './levels.ts';
import { createPhysicsCache } from './physics-adapter.ts';
import { matchingPolicy, policyRng, randomPolicy, zerosPolicy, type Policy } from './policies.ts';
import { frameOverlap } from './rewards.ts';
import { wilsonInterval } from '@verilab/core';

const physics = createPhysicsCache();
const settings = { promptFormat: 'v2', rewardProfile: 'exact' } as const;

function play(policy: Policy, level: string, seeds: readonly number[]): EpisodeOutcome[] {
  const env = new QubitMedicEnvironment({ physics });
  return seeds.map((seed) => playEpisode(env, levelNamed(level), seed, settings, policy.answer, policyRng(seed)));
}

const seeds = Array.from({ length: 300 }, (_, k) => 10_000 + k);

function outcome(overrides: Omit<Partial<EpisodeOutcome>, 'rewards'> & { rewards?: Partial<EpisodeOutcome['rewards']> }): EpisodeOutcome {
  const base: EpisodeOutcome = {
    level: 'L2_target',
    seed: 0,
    completion: '',
    rewards: { logicalCorrection: 1, syndromeConsistency: 1, hammingOverlap: 1, formatCompliance: 1, pymatchingBeat: 0, total: 0.9 },
    answer: parseAnswer('X_ERRORS=[] Z_ERRORS=[]', 9),
    actualObservableFlip: 0,
    decoderObservableFlip: 0,
    trueFrame: { x: [], z: [] },
    decoderFrame: { x: [], z: [] },
    nontrivialSyndrome: false,
    trueErrorCount: 0,
    exactMatch: true,
    exactMatchTrue: true,
  };
  return { ...base, ...overrides, rewards: { ...base.rewards, ...overrides.rewards } };
}

describe('summarizeEpisodes', () => {
  it('applies the original thresholds, with hard syndromes defined by the true error', () => {
    const outcomes = [
      outcome({ trueErrorCount: 2, nontrivialSyndrome: true, rewards: { logicalCorrection: 0, pymatchingBeat: 0 } }),
      outcome({ trueErrorCount: 3, nontrivialSyndrome: true, rewards: { pymatchingBeat: 1, formatCompliance: 0.5 } }),
      outcome({ trueErrorCount: 1, nontrivialSyndrome: true, rewards: { syndromeConsistency: 0.5 }, exactMatch: false }),
      outcome({ rewards: { formatCompliance: 0 }, exactMatchTrue: false }),
    ];
    const m = summarizeEpisodes(outcomes, [3, null, 5, null]);
    expect(m.episodes).toBe(4);
    expect(m.logicalCorrectionRate).toBe(0.75);
    expect(m.logicalCorrectionCi95).toEqual(wilsonInterval(3, 4));
    expect(m.formatComplianceRate).toBe(0.5);
    expect(m.formatPartialRate).toBe(0.25);
    expect(m.syndromeConsistencyRate).toBe(0.75);
    expect(m.meanSyndromeConsistency).toBe(0.875);
    expect(m.exactMatch).toBe(0.75);
    expect(m.exactMatchTrue).toBe(0.75);
    expect(m.hardSyndromeCount).toBe(2);
    expect(m.hardSyndromeLcr).toBe(0.5);
    expect(m.hardSyndromeBeatRate).toBe(0.5);
    expect(m.nontrivialSyndromeCount).toBe(3);
    expect(m.nontrivialSyndromeLcr).toBeCloseTo(2 / 3, 12);
    expect(m.meanOutputLength).toBe(4);
    expect(summarizeEpisodes(outcomes).meanOutputLength).toBeNull();
  });

  it('measures real episodes: the matching policy matches the decoder exactly, the true error rarely', () => {
    const matching = summarizeEpisodes(play(matchingPolicy(physics), 'L2_target', seeds));
    expect(matching.exactMatch).toBe(1);
    expect(matching.formatComplianceRate).toBe(1);
    // Hamming overlap is scored against the true frame, which the decoder's frame misses on some episodes.
    const overlaps = play(matchingPolicy(physics), 'L2_target', seeds).map((o) =>
      frameOverlap(o.trueFrame, o.decoderFrame),
    );
    expect(matching.meanHammingOverlap).toBeCloseTo(overlaps.reduce((sum, v) => sum + v, 0) / overlaps.length, 12);
    expect(matching.meanHammingOverlap).toBeLessThan(1);
    expect(matching.pymatchingBeatRate).toBe(0);
    const zeros = play(zerosPolicy, 'L2_target', seeds);
    const emptyDecoderFrames = zeros.filter((o) => o.decoderFrame.x.length + o.decoderFrame.z.length === 0).length;
    const summary = summarizeEpisodes(zeros);
    expect(summary.exactMatch).toBe(emptyDecoderFrames / seeds.length);
    expect(summary.hardSyndromeCount).toBe(zeros.filter((o) => o.trueFrame.x.length + o.trueFrame.z.length >= 2).length);
    expect(summary.nontrivialSyndromeCount).toBeGreaterThan(40);
    // An empty answer can only be right on a non-trivial syndrome if the error is invisible to the observable.
    expect(summary.nontrivialSyndromeLcr).toBeLessThan(summary.logicalCorrectionRate);
  });
});

describe('baseline comparisons', () => {
  it('pairs episodes and reports policy minus baseline', () => {
    const matching = play(matchingPolicy(physics), 'L2_target', seeds);
    const zeros = play(zerosPolicy, 'L2_target', seeds);
    const self = compareWithBaseline(matching, matching);
    expect(self.logicalCorrectionDifference.difference).toBe(0);
    expect(self.meanTotalRewardDifference.difference).toBe(0);
    const vsZeros = compareWithBaseline(matching, zeros);
    const lcr = (o: readonly EpisodeOutcome[]) => o.filter((e) => e.rewards.logicalCorrection === 1).length / o.length;
    expect(vsZeros.logicalCorrectionDifference.difference).toBeCloseTo(lcr(matching) - lcr(zeros), 12);
    expect(vsZeros.baselineLogicalCorrectionRate).toBe(lcr(zeros));
    expect(vsZeros.logicalCorrectionDifference.ci95[0]).toBeLessThan(vsZeros.logicalCorrectionDifference.difference);
    expect(() => compareWithBaseline(matching, zeros.slice(1))).toThrow(/same episodes/);
  });

  it('summarises per level and pooled', () => {
    const both = [...play(randomPolicy, 'L1_warmup', seeds.slice(0, 50)), ...play(randomPolicy, 'L2_target', seeds.slice(0, 50))];
    const baseline = (policy: Policy) => [...play(policy, 'L1_warmup', seeds.slice(0, 50)), ...play(policy, 'L2_target', seeds.slice(0, 50))];
    const summary = summarizeWithBaselines(both, [], { zeros: baseline(zerosPolicy), matching: baseline(matchingPolicy(physics)) });
    expect(Object.keys(summary.levels)).toEqual(['L1_warmup', 'L2_target']);
    expect(summary.levels['L1_warmup']?.episodes).toBe(50);
    expect(summary.overall?.episodes).toBe(100);
    expect(summary.overall?.vsMatching.logicalCorrectionDifference.difference).toBeLessThan(0);
  });
});
