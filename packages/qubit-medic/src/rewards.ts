import type { DataFrame } from '@verilab/qec';
import { formatScore, type ParsedAnswer } from './answer-parser.ts';
import type { CodeLayout } from './code-layout.ts';

/**
 * The five rewards, with the original's names and weights (spec §1.3, §5), in two profiles:
 *
 * - `exact` (default): syndrome consistency compares the stabiliser values implied by the
 *   predicted frame with those the data imply (the XOR of each stabiliser's detection events
 *   over all rounds, which telescopes to its value on the measured data), so the true error
 *   always scores 1; hamming overlap is Jaccard against the decoder's exact frame; format
 *   compliance is 1 / 0.5 / 0 for strict / lenient-or-partial / none.
 * - `v1`: the original main-branch definitions, for numbers comparable with published ones:
 *   consistency against the final round's detection events only (spec §5.2, weakness 5),
 *   Jaccard against the original's snapped reference frame, binary format reward.
 *
 * Both keep the anti-collapse cap: an empty answer on a non-trivial syndrome scores at most
 * 0.5 on consistency.
 */
export type RewardProfile = 'exact' | 'v1';
export const REWARD_PROFILES: readonly RewardProfile[] = ['exact', 'v1'];

export const REWARD_WEIGHTS = {
  logical_correction: 0.35,
  syndrome_consistency: 0.2,
  hamming_overlap: 0.25,
  format_compliance: 0.1,
  pymatching_beat: 0.1,
} as const;

export type RewardName = keyof typeof REWARD_WEIGHTS;
export type RewardBreakdown = Record<RewardName, number> & { readonly total: number };

/** A Pauli frame on the data qubits: @verilab/qec's, here always in LLM ids. */
export type { DataFrame };

/** What the rewards are scored against; ground truth the model never sees. */
export interface ScoringTruth {
  readonly syndromeBits: readonly number[];
  readonly actualObservableFlip: number;
  readonly decoderObservableFlip: number;
  /** The matching decoder's exact frame (XOR of its matched mechanisms' frames). */
  readonly decoderFrame: DataFrame;
  /** The reference of the `v1` hamming overlap (the original's snapped matching frame). */
  readonly v1ReferenceFrame: DataFrame;
}

export function computeRewards(
  answer: ParsedAnswer,
  truth: ScoringTruth,
  layout: CodeLayout,
  profile: RewardProfile,
): RewardBreakdown {
  const predicted: DataFrame = { x: answer.xErrors, z: answer.zErrors };
  const impliedFlip = impliedObservableFlip(predicted, layout);
  const decoderRight = truth.decoderObservableFlip === truth.actualObservableFlip;
  const rewards: Record<RewardName, number> = {
    logical_correction: impliedFlip === truth.actualObservableFlip ? 1 : 0,
    syndrome_consistency:
      profile === 'exact'
        ? stabilizerConsistency(predicted, truth.syndromeBits, layout)
        : finalRoundConsistencyV1(predicted, truth.syndromeBits, layout),
    hamming_overlap: frameOverlap(
      profile === 'exact' ? truth.decoderFrame : truth.v1ReferenceFrame,
      predicted,
    ),
    format_compliance: profile === 'exact' ? formatScore(answer) : answer.parseSuccess ? 1 : 0,
    pymatching_beat: !decoderRight && impliedFlip === truth.actualObservableFlip ? 1 : 0,
  };
  const weighted = (Object.keys(REWARD_WEIGHTS) as RewardName[]).reduce(
    (sum, name) => sum + REWARD_WEIGHTS[name] * rewards[name],
    0,
  );
  return { ...rewards, total: Math.min(1, Math.max(0, weighted)) };
}

/**
 * The frame component that can flip the observable: X errors flip a Z-basis memory's
 * Z-type observable, Z errors an X-basis memory's.
 */
export function protectedComponent(frame: DataFrame, layout: CodeLayout): readonly number[] {
  return layout.basis === 'Z' ? frame.x : frame.z;
}

export function impliedObservableFlip(frame: DataFrame, layout: CodeLayout): number {
  return parityOn(protectedComponent(frame, layout), layout.observableSupport);
}

function parityOn(ids: readonly number[], support: readonly number[]): number {
  const inSupport = new Set(support);
  let parity = 0;
  for (const id of new Set(ids)) if (inSupport.has(id)) parity ^= 1;
  return parity;
}

function antiCollapseCap(base: number, predicted: DataFrame, bits: readonly number[]): number {
  const empty = predicted.x.length === 0 && predicted.z.length === 0;
  return empty && bits.some((bit) => bit !== 0) ? Math.min(base, 0.5) : base;
}

/**
 * Exact consistency: for every stabiliser of the memory basis (the ones with a value on the
 * measured data), compare the parity the predicted frame leaves on its support with the value
 * the data show, which is the XOR of all of its detection events (each detector is the change
 * since the previous round, so the sum telescopes to the final data-measurement parity).
 */
export function stabilizerConsistency(
  predicted: DataFrame,
  bits: readonly number[],
  layout: CodeLayout,
): number {
  const observed = new Map<number, number>();
  layout.detectors.forEach((detector, index) => {
    const stabilizer = layout.stabilizers[detector.stabilizer];
    if (stabilizer?.type !== layout.basis) return;
    observed.set(detector.stabilizer, (observed.get(detector.stabilizer) ?? 0) ^ (bits[index] ?? 0));
  });
  if (observed.size === 0) return 0;
  const frame = protectedComponent(predicted, layout);
  let agree = 0;
  for (const [index, value] of observed) {
    const support = layout.stabilizers[index]?.support ?? [];
    if (parityOn(frame, support) === value) agree++;
  }
  return antiCollapseCap(agree / observed.size, predicted, bits);
}

/** The original's R2 (spec §5.2): implied final-round bits against final-round detection events. */
export function finalRoundConsistencyV1(
  predicted: DataFrame,
  bits: readonly number[],
  layout: CodeLayout,
): number {
  const frame = protectedComponent(predicted, layout);
  let total = 0;
  let agree = 0;
  layout.detectors.forEach((detector, index) => {
    if (detector.round !== layout.rounds) return;
    total++;
    const support = layout.stabilizers[detector.stabilizer]?.support ?? [];
    if (parityOn(frame, support) === (bits[index] ?? 0)) agree++;
  });
  if (total === 0) return 0;
  return antiCollapseCap(agree / total, predicted, bits);
}

/** Set-aware Jaccard (spec §5.3): two empty sets agree fully. */
export function jaccard(reference: readonly number[], predicted: readonly number[]): number {
  const a = new Set(reference);
  const b = new Set(predicted);
  if (a.size === 0 && b.size === 0) return 1;
  if (a.size === 0 || b.size === 0) return 0;
  let intersection = 0;
  for (const id of a) if (b.has(id)) intersection++;
  return intersection / (a.size + b.size - intersection);
}

export function frameOverlap(reference: DataFrame, predicted: DataFrame): number {
  return 0.5 * (jaccard(reference.x, predicted.x) + jaccard(reference.z, predicted.z));
}
