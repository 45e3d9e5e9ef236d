import type { DataFrame } from '@verilab/qec';
import { formatScore, type ParsedAnswer } from './answer-parser.ts';
import type { CodeLayout } from './code-layout.ts';

/**
 * The five rewards, with the original Qubit-Medic's names and weights, in two profiles (the
 * package README, "Rewards", states the property each component guarantees):
 *
 * - `exact` (default): every component is a function of what the answer states, checked
 *   against the sampled truth, so the true error is the best answer on every episode. A list
 *   that is missing or holds anything but data-qubit ids counts as not stated: the components
 *   that need it score 0 (an unparseable completion scores 0 everywhere), never as an empty list.
 * - `v1`: the original's definitions, kept for numbers comparable with published ones:
 *   consistency against the final round's detection events only, Jaccard against the
 *   original's snapped matching frame, binary format reward, unparsed lists read as empty.
 */
export type RewardProfile = 'exact' | 'v1';
export const REWARD_PROFILES: readonly RewardProfile[] = ['exact', 'v1'];

export const REWARD_WEIGHTS = {
  logicalCorrection: 0.35,
  syndromeConsistency: 0.2,
  hammingOverlap: 0.25,
  formatCompliance: 0.1,
  pymatchingBeat: 0.1,
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
  /** The sampled error as the final data readout sees it (`ShotSample.trueFrame`). */
  readonly trueFrame: DataFrame;
  /** The reference of the `v1` hamming overlap (the original's snapped matching frame). */
  readonly v1ReferenceFrame: DataFrame;
}

export function computeRewards(
  answer: ParsedAnswer,
  truth: ScoringTruth,
  layout: CodeLayout,
  profile: RewardProfile,
): RewardBreakdown {
  const rewards = profile === 'exact' ? exactRewards(answer, truth, layout) : v1Rewards(answer, truth, layout);
  const weighted = (Object.keys(REWARD_WEIGHTS) as RewardName[]).reduce(
    (sum, name) => sum + REWARD_WEIGHTS[name] * rewards[name],
    0,
  );
  return { ...rewards, total: Math.min(1, Math.max(0, weighted)) };
}

/**
 * `exact`: each component scores only the lists the answer validly states.
 *
 * - logicalCorrection: the stated protected component (X errors in a Z-basis memory) flips
 *   the observable exactly when the sampled error did;
 * - syndromeConsistency: the fraction of memory-basis stabilisers whose value on the measured
 *   data the stated frame reproduces (see `stabilizerConsistency`);
 * - hammingOverlap: the mean over the two axes of the Jaccard similarity with the true frame,
 *   an unstated axis scoring 0;
 * - formatCompliance: `formatScore`;
 * - pymatchingBeat: the answer's correction against the matching decoder's (`beatScore`).
 *
 * Every component is at most what the true frame scores (1, and the beat 1 where the decoder is
 * wrong, ½ where it is right), so the truth maximises the total on every episode.
 */
function exactRewards(answer: ParsedAnswer, truth: ScoringTruth, layout: CodeLayout): Record<RewardName, number> {
  const x = answer.xValid ? answer.xErrors : undefined;
  const z = answer.zValid ? answer.zErrors : undefined;
  const stated = layout.basis === 'Z' ? x : z;
  const corrects = stated !== undefined && parityOn(stated, layout.observableSupport) === truth.actualObservableFlip;
  const overlap = (reference: readonly number[], ids: readonly number[] | undefined) =>
    ids === undefined ? 0 : jaccard(reference, ids);
  return {
    logicalCorrection: corrects ? 1 : 0,
    syndromeConsistency:
      stated === undefined ? 0 : stabilizerConsistency({ x: x ?? [], z: z ?? [] }, truth.syndromeBits, layout),
    hammingOverlap: 0.5 * (overlap(truth.trueFrame.x, x) + overlap(truth.trueFrame.z, z)),
    formatCompliance: formatScore(answer),
    pymatchingBeat: stated === undefined ? 0 : beatScore(corrects, truth.decoderObservableFlip === truth.actualObservableFlip),
  };
}

/**
 * The exact beat: 1 when the answer's correction is right and the matching decoder's wrong, 0
 * the other way round, ½ when both are right or both wrong; that is ½ + ½ (answer right −
 * decoder right). The original's 0/1 "right where the decoder is wrong" paid a bonus for leaving
 * the decoder's logical class, so an answer in the other class earned more in expectation
 * (0.45 P(other) against 0.35 P(decoder's)) whenever the decoder was right with a probability
 * below 0.5625: the Bayes-best answer was not the likeliest error. Here the decoder's term does
 * not depend on the answer, so, with the logical correction, the expected reward of a class
 * rises with its probability alone and the likelier class always pays more.
 */
function beatScore(answerRight: boolean, decoderRight: boolean): number {
  return 0.5 + 0.5 * ((answerRight ? 1 : 0) - (decoderRight ? 1 : 0));
}

/** `v1`: the original's definitions, unchanged. */
function v1Rewards(answer: ParsedAnswer, truth: ScoringTruth, layout: CodeLayout): Record<RewardName, number> {
  const predicted: DataFrame = { x: answer.xErrors, z: answer.zErrors };
  const corrects = impliedObservableFlip(predicted, layout) === truth.actualObservableFlip;
  return {
    logicalCorrection: corrects ? 1 : 0,
    syndromeConsistency: finalRoundConsistencyV1(predicted, truth.syndromeBits, layout),
    hammingOverlap: frameOverlap(truth.v1ReferenceFrame, predicted),
    formatCompliance: answer.parseSuccess ? 1 : 0,
    pymatchingBeat: corrects && truth.decoderObservableFlip !== truth.actualObservableFlip ? 1 : 0,
  };
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

/**
 * The value each memory-basis stabiliser has on the measured data (the net syndrome), keyed by
 * stabiliser index: the XOR of all of its detection events, since each detector is the change
 * since the previous round and the sum telescopes to the final data-measurement parity. Pure
 * measurement errors cancel out of it.
 */
export function netSyndrome(bits: readonly number[], layout: CodeLayout): Map<number, number> {
  const values = new Map<number, number>();
  layout.detectors.forEach((detector, index) => {
    const stabilizer = layout.stabilizers[detector.stabilizer];
    if (stabilizer?.type !== layout.basis) return;
    values.set(detector.stabilizer, (values.get(detector.stabilizer) ?? 0) ^ (bits[index] ?? 0));
  });
  return values;
}

/**
 * Exact consistency: the fraction of memory-basis stabilisers on whose support the predicted
 * frame's protected component has the parity the net syndrome shows. The anti-collapse cap
 * (at most 0.5) applies when the net syndrome is non-trivial and the frame explains none of it:
 * it flips none of the stabilisers the syndrome shows flipped. That is the empty frame, every
 * frame with the empty frame's stabiliser values (an opposite-type stabiliser's support, a
 * logical: qubits that cancel out), and a guess elsewhere on the lattice, which would otherwise collect the
 * agreement of all the quiet stabilisers (a fixed one-qubit answer outscored the empty answer
 * at L4). The true frame reproduces the net syndrome, so it is never capped and always scores 1.
 */
export function stabilizerConsistency(
  predicted: DataFrame,
  bits: readonly number[],
  layout: CodeLayout,
): number {
  const observed = netSyndrome(bits, layout);
  if (observed.size === 0) return 0;
  const frame = protectedComponent(predicted, layout);
  let agree = 0;
  let nonTrivial = false;
  let explainsNothing = true;
  for (const [index, value] of observed) {
    const implied = parityOn(frame, layout.stabilizers[index]?.support ?? []);
    if (implied === value) agree++;
    if (value !== 0) {
      nonTrivial = true;
      if (implied !== 0) explainsNothing = false;
    }
  }
  const score = agree / observed.size;
  return explainsNothing && nonTrivial ? Math.min(score, 0.5) : score;
}

/** The original's R2: implied final-round bits against final-round detection events. */
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
  // The original's anti-collapse cap: an empty answer with any detection event, even one that
  // only a measurement error caused.
  const empty = predicted.x.length === 0 && predicted.z.length === 0;
  return empty && bits.some((bit) => bit !== 0) ? Math.min(agree / total, 0.5) : agree / total;
}

/** Set-aware Jaccard: two empty sets agree fully. */
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
