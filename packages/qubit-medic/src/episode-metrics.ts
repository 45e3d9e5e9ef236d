import type { EpisodeOutcome } from './episode-outcome.ts';
import { meanOf, pairedMeanDifference, pairedRateDifference, rateOf, type DifferenceEstimate, type Interval } from '@verilab/core';

/**
 * The summary metrics of the original's `scripts/eval.py` (docs/original-qubit-medic.md#eval) and baseline script
 * (docs/original-qubit-medic.md#baselines), with the same metrics and thresholds (R1 ≥ 0.5 correct, R4 ≥ 0.999 compliant, 0.5 ≤ R4 <
 * 0.999 partial, R2 ≥ 0.999 consistent, R5 ≥ 0.5 beat), computed correctly (docs/original-qubit-medic.md#w20) and
 * each with a 95 % interval: Wilson for rates, normal for means. Added: the rate on non-trivial
 * syndromes (where an empty answer is no longer free), exact match against the true error, and
 * differences to baselines played on the same episodes. The CLI writes them under the original's
 * snake_case keys (cli/src/qubit-medic/metrics-file.ts).
 */
export interface PolicyMetrics {
  readonly episodes: number;
  readonly logicalCorrectionRate: number;
  readonly logicalCorrectionCi95: Interval;
  readonly pymatchingBeatRate: number;
  readonly pymatchingBeatCi95: Interval;
  readonly formatComplianceRate: number;
  readonly formatComplianceCi95: Interval;
  readonly formatPartialRate: number;
  readonly formatPartialCi95: Interval;
  readonly syndromeConsistencyRate: number;
  readonly syndromeConsistencyCi95: Interval;
  readonly meanSyndromeConsistency: number;
  readonly meanSyndromeConsistencyCi95: Interval;
  readonly meanHammingOverlap: number;
  readonly meanHammingOverlapCi95: Interval;
  readonly meanTotalReward: number;
  readonly meanTotalRewardCi95: Interval;
  /** Parsed answer equal to the decoder's frame (both in LLM ids). */
  readonly exactMatch: number;
  readonly exactMatchCi95: Interval;
  /** Parsed answer equal to the true error. */
  readonly exactMatchTrue: number;
  readonly exactMatchTrueCi95: Interval;
  /** Mean completion tokens as the endpoint reported them; null when no episode reported any. */
  readonly meanOutputLength: number | null;
  readonly nontrivialSyndromeCount: number;
  readonly nontrivialSyndromeLcr: number;
  readonly nontrivialSyndromeLcrCi95: Interval;
  /** Episodes whose true error has at least two components (X plus Z). */
  readonly hardSyndromeCount: number;
  readonly hardSyndromeLcr: number;
  readonly hardSyndromeLcrCi95: Interval;
  readonly hardSyndromeBeatRate: number;
  readonly hardSyndromeBeatCi95: Interval;
}

const corrected = (o: EpisodeOutcome) => o.rewards.logicalCorrection >= 0.5;
// Beating the decoder is the beat's top score (the exact profile gives ½ for a tie with it).
const beat = (o: EpisodeOutcome) => o.rewards.pymatchingBeat > 0.5;
export const HARD_SYNDROME_MIN_TRUE_ERRORS = 2;

/**
 * Summarises episodes; `outputTokens[i]` is episode i's completion token count (null or absent
 * when the policy has no tokens, as for the baselines).
 */
export function summarizeEpisodes(
  outcomes: readonly EpisodeOutcome[],
  outputTokens: readonly (number | null)[] = [],
): PolicyMetrics {
  const rate = (predicate: (o: EpisodeOutcome) => boolean, subset: readonly EpisodeOutcome[] = outcomes) =>
    rateOf(subset.map(predicate));
  const mean = (value: (o: EpisodeOutcome) => number) => meanOf(outcomes.map(value));
  const lcr = rate(corrected);
  const beatRate = rate(beat);
  const compliant = rate((o) => o.rewards.formatCompliance >= 0.999);
  const partial = rate((o) => o.rewards.formatCompliance >= 0.5 && o.rewards.formatCompliance < 0.999);
  const consistent = rate((o) => o.rewards.syndromeConsistency >= 0.999);
  const consistency = mean((o) => o.rewards.syndromeConsistency);
  const overlap = mean((o) => o.rewards.hammingOverlap);
  const total = mean((o) => o.rewards.total);
  const exact = rate((o) => o.exactMatch);
  const exactTrue = rate((o) => o.exactMatchTrue);
  const nontrivial = outcomes.filter((o) => o.nontrivialSyndrome);
  const nontrivialLcr = rate(corrected, nontrivial);
  const hard = outcomes.filter((o) => o.trueErrorCount >= HARD_SYNDROME_MIN_TRUE_ERRORS);
  const hardLcr = rate(corrected, hard);
  const hardBeat = rate(beat, hard);
  const tokens = outputTokens.filter((t): t is number => typeof t === 'number');
  return {
    episodes: outcomes.length,
    logicalCorrectionRate: lcr.rate,
    logicalCorrectionCi95: lcr.ci95,
    pymatchingBeatRate: beatRate.rate,
    pymatchingBeatCi95: beatRate.ci95,
    formatComplianceRate: compliant.rate,
    formatComplianceCi95: compliant.ci95,
    formatPartialRate: partial.rate,
    formatPartialCi95: partial.ci95,
    syndromeConsistencyRate: consistent.rate,
    syndromeConsistencyCi95: consistent.ci95,
    meanSyndromeConsistency: consistency.mean,
    meanSyndromeConsistencyCi95: consistency.ci95,
    meanHammingOverlap: overlap.mean,
    meanHammingOverlapCi95: overlap.ci95,
    meanTotalReward: total.mean,
    meanTotalRewardCi95: total.ci95,
    exactMatch: exact.rate,
    exactMatchCi95: exact.ci95,
    exactMatchTrue: exactTrue.rate,
    exactMatchTrueCi95: exactTrue.ci95,
    meanOutputLength: tokens.length === 0 ? null : tokens.reduce((sum, t) => sum + t, 0) / tokens.length,
    nontrivialSyndromeCount: nontrivial.length,
    nontrivialSyndromeLcr: nontrivialLcr.rate,
    nontrivialSyndromeLcrCi95: nontrivialLcr.ci95,
    hardSyndromeCount: hard.length,
    hardSyndromeLcr: hardLcr.rate,
    hardSyndromeLcrCi95: hardLcr.ci95,
    hardSyndromeBeatRate: hardBeat.rate,
    hardSyndromeBeatCi95: hardBeat.ci95,
  };
}

/** How a policy compares with a baseline played on exactly the same episodes. */
export interface BaselineComparison {
  readonly baselineLogicalCorrectionRate: number;
  /** Policy minus baseline, with Newcombe's paired interval. */
  readonly logicalCorrectionDifference: DifferenceEstimate;
  readonly baselineNontrivialSyndromeLcr: number;
  readonly nontrivialSyndromeLcrDifference: DifferenceEstimate;
  readonly baselineMeanTotalReward: number;
  readonly meanTotalRewardDifference: DifferenceEstimate;
}

export function compareWithBaseline(
  policy: readonly EpisodeOutcome[],
  baseline: readonly EpisodeOutcome[],
): BaselineComparison {
  if (policy.length !== baseline.length || policy.some((o, i) => o.level !== baseline[i]?.level || o.seed !== baseline[i]?.seed)) {
    throw new Error('a baseline comparison needs the same episodes, in the same order');
  }
  const nontrivial = policy.flatMap((o, i) => (o.nontrivialSyndrome ? [i] : []));
  const baselineNontrivial = nontrivial.map((i) => baseline[i] as EpisodeOutcome);
  return {
    baselineLogicalCorrectionRate: rateOf(baseline.map(corrected)).rate,
    logicalCorrectionDifference: pairedRateDifference(policy.map(corrected), baseline.map(corrected)),
    baselineNontrivialSyndromeLcr: rateOf(baselineNontrivial.map(corrected)).rate,
    nontrivialSyndromeLcrDifference: pairedRateDifference(
      nontrivial.map((i) => corrected(policy[i] as EpisodeOutcome)),
      baselineNontrivial.map(corrected),
    ),
    baselineMeanTotalReward: meanOf(baseline.map((o) => o.rewards.total)).mean,
    meanTotalRewardDifference: pairedMeanDifference(
      policy.map((o) => o.rewards.total),
      baseline.map((o) => o.rewards.total),
    ),
  };
}

export interface ComparedMetrics extends PolicyMetrics {
  readonly vsZeros: BaselineComparison;
  readonly vsMatching: BaselineComparison;
}

/**
 * Per-level metrics (and all levels pooled, when there are several) of a policy's episodes,
 * each compared with the zeros and matching baselines played on the same episodes.
 */
export function summarizeWithBaselines(
  outcomes: readonly EpisodeOutcome[],
  outputTokens: readonly (number | null)[],
  baselines: { readonly zeros: readonly EpisodeOutcome[]; readonly matching: readonly EpisodeOutcome[] },
): { levels: Record<string, ComparedMetrics>; overall?: ComparedMetrics } {
  const summarize = (indices: readonly number[]): ComparedMetrics => {
    const pick = <T>(items: readonly T[]) => indices.map((i) => items[i] as T);
    const mine = pick(outcomes);
    return {
      ...summarizeEpisodes(mine, pick(outputTokens)),
      vsZeros: compareWithBaseline(mine, pick(baselines.zeros)),
      vsMatching: compareWithBaseline(mine, pick(baselines.matching)),
    };
  };
  const byLevel = new Map<string, number[]>();
  outcomes.forEach((o, i) => {
    const indices = byLevel.get(o.level);
    if (indices === undefined) byLevel.set(o.level, [i]);
    else indices.push(i);
  });
  const levels = Object.fromEntries([...byLevel].map(([level, indices]) => [level, summarize(indices)]));
  return byLevel.size > 1 ? { levels, overall: summarize(outcomes.map((_, i) => i)) } : { levels };
}
