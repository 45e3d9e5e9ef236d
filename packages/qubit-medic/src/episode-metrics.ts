import type { EpisodeOutcome } from './episode-outcome.ts';
import { meanOf, pairedMeanDifference, pairedRateDifference, rateOf, type DifferenceEstimate, type Interval } from '@verilab/core';

/**
 * The summary metrics of the original's `scripts/eval.py` (docs/original-qubit-medic.md#eval) and baseline script
 * (docs/original-qubit-medic.md#baselines), with the same keys and thresholds (R1 ≥ 0.5 correct, R4 ≥ 0.999 compliant, 0.5 ≤ R4 <
 * 0.999 partial, R2 ≥ 0.999 consistent, R5 ≥ 0.5 beat), computed correctly (docs/original-qubit-medic.md#w20) and
 * each with a 95 % interval: Wilson for rates, normal for means. Added: the rate on non-trivial
 * syndromes (where an empty answer is no longer free), exact match against the true error, and
 * differences to baselines played on the same episodes.
 */
export interface PolicyMetrics {
  readonly episodes: number;
  readonly logical_correction_rate: number;
  readonly logical_correction_ci95: Interval;
  readonly pymatching_beat_rate: number;
  readonly pymatching_beat_ci95: Interval;
  readonly format_compliance_rate: number;
  readonly format_compliance_ci95: Interval;
  readonly format_partial_rate: number;
  readonly format_partial_ci95: Interval;
  readonly syndrome_consistency_rate: number;
  readonly syndrome_consistency_ci95: Interval;
  readonly mean_syndrome_consistency: number;
  readonly mean_syndrome_consistency_ci95: Interval;
  readonly mean_hamming_overlap: number;
  readonly mean_hamming_overlap_ci95: Interval;
  readonly mean_total_reward: number;
  readonly mean_total_reward_ci95: Interval;
  /** Parsed answer equal to the decoder's frame (both in LLM ids). */
  readonly exact_match: number;
  readonly exact_match_ci95: Interval;
  /** Parsed answer equal to the true error. */
  readonly exact_match_true: number;
  readonly exact_match_true_ci95: Interval;
  /** Mean completion tokens as the endpoint reported them; null when no episode reported any. */
  readonly mean_output_length: number | null;
  readonly nontrivial_syndrome_count: number;
  readonly nontrivial_syndrome_lcr: number;
  readonly nontrivial_syndrome_lcr_ci95: Interval;
  /** Episodes whose true error has at least two components (X plus Z). */
  readonly hard_syndrome_count: number;
  readonly hard_syndrome_lcr: number;
  readonly hard_syndrome_lcr_ci95: Interval;
  readonly hard_syndrome_beat_rate: number;
  readonly hard_syndrome_beat_ci95: Interval;
}

const corrected = (o: EpisodeOutcome) => o.rewards.logical_correction >= 0.5;
const beat = (o: EpisodeOutcome) => o.rewards.pymatching_beat >= 0.5;
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
  const compliant = rate((o) => o.rewards.format_compliance >= 0.999);
  const partial = rate((o) => o.rewards.format_compliance >= 0.5 && o.rewards.format_compliance < 0.999);
  const consistent = rate((o) => o.rewards.syndrome_consistency >= 0.999);
  const consistency = mean((o) => o.rewards.syndrome_consistency);
  const overlap = mean((o) => o.rewards.hamming_overlap);
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
    logical_correction_rate: lcr.rate,
    logical_correction_ci95: lcr.ci95,
    pymatching_beat_rate: beatRate.rate,
    pymatching_beat_ci95: beatRate.ci95,
    format_compliance_rate: compliant.rate,
    format_compliance_ci95: compliant.ci95,
    format_partial_rate: partial.rate,
    format_partial_ci95: partial.ci95,
    syndrome_consistency_rate: consistent.rate,
    syndrome_consistency_ci95: consistent.ci95,
    mean_syndrome_consistency: consistency.mean,
    mean_syndrome_consistency_ci95: consistency.ci95,
    mean_hamming_overlap: overlap.mean,
    mean_hamming_overlap_ci95: overlap.ci95,
    mean_total_reward: total.mean,
    mean_total_reward_ci95: total.ci95,
    exact_match: exact.rate,
    exact_match_ci95: exact.ci95,
    exact_match_true: exactTrue.rate,
    exact_match_true_ci95: exactTrue.ci95,
    mean_output_length: tokens.length === 0 ? null : tokens.reduce((sum, t) => sum + t, 0) / tokens.length,
    nontrivial_syndrome_count: nontrivial.length,
    nontrivial_syndrome_lcr: nontrivialLcr.rate,
    nontrivial_syndrome_lcr_ci95: nontrivialLcr.ci95,
    hard_syndrome_count: hard.length,
    hard_syndrome_lcr: hardLcr.rate,
    hard_syndrome_lcr_ci95: hardLcr.ci95,
    hard_syndrome_beat_rate: hardBeat.rate,
    hard_syndrome_beat_ci95: hardBeat.ci95,
  };
}

/** How a policy compares with a baseline played on exactly the same episodes. */
export interface BaselineComparison {
  readonly baseline_logical_correction_rate: number;
  /** Policy minus baseline, with Newcombe's paired interval. */
  readonly logical_correction_difference: DifferenceEstimate;
  readonly baseline_nontrivial_syndrome_lcr: number;
  readonly nontrivial_syndrome_lcr_difference: DifferenceEstimate;
  readonly baseline_mean_total_reward: number;
  readonly mean_total_reward_difference: DifferenceEstimate;
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
    baseline_logical_correction_rate: rateOf(baseline.map(corrected)).rate,
    logical_correction_difference: pairedRateDifference(policy.map(corrected), baseline.map(corrected)),
    baseline_nontrivial_syndrome_lcr: rateOf(baselineNontrivial.map(corrected)).rate,
    nontrivial_syndrome_lcr_difference: pairedRateDifference(
      nontrivial.map((i) => corrected(policy[i] as EpisodeOutcome)),
      baselineNontrivial.map(corrected),
    ),
    baseline_mean_total_reward: meanOf(baseline.map((o) => o.rewards.total)).mean,
    mean_total_reward_difference: pairedMeanDifference(
      policy.map((o) => o.rewards.total),
      baseline.map((o) => o.rewards.total),
    ),
  };
}

export interface ComparedMetrics extends PolicyMetrics {
  readonly vs_zeros: BaselineComparison;
  readonly vs_matching: BaselineComparison;
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
      vs_zeros: compareWithBaseline(mine, pick(baselines.zeros)),
      vs_matching: compareWithBaseline(mine, pick(baselines.matching)),
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
