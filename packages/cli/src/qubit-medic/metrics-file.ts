/**
 * The one mapping of Qubit-Medic's episode metrics and decoder headroom (camelCase in
 * @verilab/qubit-medic) to the snake_case keys of the files `verilab eval`, `verilab baselines`
 * and `verilab headroom` write — for the metrics, the keys of the original's `scripts/eval.py`
 * (docs/original-qubit-medic.md#eval), which `figures/cli-json.ts` and external tools read. The
 * tables list the keys in file order.
 */
import type { BaselineComparison, ComparedMetrics, DecoderHeadroom, ErrorRate, PolicyMetrics } from '@verilab/qubit-medic';
import { renamed, type FileRecord } from './file-record.ts';

const POLICY_METRIC_KEYS = {
  episodes: 'episodes',
  logicalCorrectionRate: 'logical_correction_rate',
  logicalCorrectionCi95: 'logical_correction_ci95',
  pymatchingBeatRate: 'pymatching_beat_rate',
  pymatchingBeatCi95: 'pymatching_beat_ci95',
  formatComplianceRate: 'format_compliance_rate',
  formatComplianceCi95: 'format_compliance_ci95',
  formatPartialRate: 'format_partial_rate',
  formatPartialCi95: 'format_partial_ci95',
  syndromeConsistencyRate: 'syndrome_consistency_rate',
  syndromeConsistencyCi95: 'syndrome_consistency_ci95',
  meanSyndromeConsistency: 'mean_syndrome_consistency',
  meanSyndromeConsistencyCi95: 'mean_syndrome_consistency_ci95',
  meanHammingOverlap: 'mean_hamming_overlap',
  meanHammingOverlapCi95: 'mean_hamming_overlap_ci95',
  meanTotalReward: 'mean_total_reward',
  meanTotalRewardCi95: 'mean_total_reward_ci95',
  exactMatch: 'exact_match',
  exactMatchCi95: 'exact_match_ci95',
  exactMatchTrue: 'exact_match_true',
  exactMatchTrueCi95: 'exact_match_true_ci95',
  meanOutputLength: 'mean_output_length',
  nontrivialSyndromeCount: 'nontrivial_syndrome_count',
  nontrivialSyndromeLcr: 'nontrivial_syndrome_lcr',
  nontrivialSyndromeLcrCi95: 'nontrivial_syndrome_lcr_ci95',
  hardSyndromeCount: 'hard_syndrome_count',
  hardSyndromeLcr: 'hard_syndrome_lcr',
  hardSyndromeLcrCi95: 'hard_syndrome_lcr_ci95',
  hardSyndromeBeatRate: 'hard_syndrome_beat_rate',
  hardSyndromeBeatCi95: 'hard_syndrome_beat_ci95',
} as const satisfies Record<keyof PolicyMetrics, string>;

const COMPARISON_KEYS = {
  baselineLogicalCorrectionRate: 'baseline_logical_correction_rate',
  logicalCorrectionDifference: 'logical_correction_difference',
  baselineNontrivialSyndromeLcr: 'baseline_nontrivial_syndrome_lcr',
  nontrivialSyndromeLcrDifference: 'nontrivial_syndrome_lcr_difference',
  baselineMeanTotalReward: 'baseline_mean_total_reward',
  meanTotalRewardDifference: 'mean_total_reward_difference',
} as const satisfies Record<keyof BaselineComparison, string>;

export type PolicyMetricsRecord = FileRecord<typeof POLICY_METRIC_KEYS, PolicyMetrics>;

export const policyMetricsRecord = (metrics: PolicyMetrics): PolicyMetricsRecord => renamed(metrics, POLICY_METRIC_KEYS);

export const comparedMetricsRecord = (metrics: ComparedMetrics) => ({
  ...policyMetricsRecord(metrics),
  vs_zeros: renamed(metrics.vsZeros, COMPARISON_KEYS),
  vs_matching: renamed(metrics.vsMatching, COMPARISON_KEYS),
});

const HEADROOM_KEYS = {
  level: 'level',
  shots: 'shots',
  seed: 'seed',
  matching: 'matching',
  optimal: 'optimal',
  optimalMinusMatching: 'optimal_minus_matching',
  matchingWrongFraction: 'matching_wrong_fraction',
  disagreementFraction: 'disagreement_fraction',
  onlyMatchingWrong: 'only_matching_wrong',
  onlyOptimalWrong: 'only_optimal_wrong',
  optimalContractions: 'optimal_contractions',
} as const satisfies Record<keyof DecoderHeadroom, string>;

const ERROR_RATE_KEYS = {
  errors: 'errors',
  logicalErrorRate: 'logical_error_rate',
  ci95: 'ci95',
} as const satisfies Record<keyof ErrorRate, string>;

export const headroomRecord = (headroom: DecoderHeadroom) => ({
  ...renamed(headroom, HEADROOM_KEYS),
  matching: renamed(headroom.matching, ERROR_RATE_KEYS),
  optimal: renamed(headroom.optimal, ERROR_RATE_KEYS),
});
