import { describe, expect, it } from 'vitest';
import { parseAnswer } from './answer-parser.ts';
import type { CodeLayout } from './code-layout.ts';
import { CURRICULUM } from './levels.ts';
import { createPhysicsCache } from './physics-adapter.ts';
import { NO_REWARD } from './reward-probes.ts';
import { computeRewards, jaccard, netSyndrome, stabilizerConsistency, type ScoringTruth } from './rewards.ts';

const physicsOf = createPhysicsCache();
const L2 = CURRICULUM[1]!;

/** All detection events 0, no observable flip, empty frames; `changes` override. */
const quietTruth = (layout: CodeLayout, changes: Partial<ScoringTruth> = {}): ScoringTruth => ({
  syndromeBits: new Array<number>(layout.detectors.length).fill(0),
  actualObservableFlip: 0,
  decoderObservableFlip: 0,
  trueFrame: { x: [], z: [] },
  v1ReferenceFrame: { x: [], z: [] },
  ...changes,
});

/** L2 detection events with only these detectors fired. */
const l2Bits = (layout: CodeLayout, fired: readonly number[]) => {
  const bits = new Array<number>(layout.detectors.length).fill(0);
  for (const detector of fired) bits[detector] = 1;
  return bits;
};

// L2 (d=3, 3 rounds, Z basis): detectors 5 and 13 watch Z stabiliser 1 (support 0,1,3,4) in
// rounds 1 and 2, detector 21 watches it on the final data; LLM id 0 is on the observable.
const MEASUREMENT_ERROR = [5, 13];
const X_ERROR_ON_0 = [21];

describe('rewards', () => {
  it('gives an empty answer on an all-zero syndrome 0.90 under v1 and 0.95 under exact (half the beat for tying with the decoder)', () => {
    const { layout } = physicsOf(L2);
    const truth = quietTruth(layout);
    const empty = parseAnswer('X_ERRORS=[] Z_ERRORS=[]', 9);
    expect(computeRewards(empty, truth, layout, 'v1').total).toBeCloseTo(0.9, 12);
    expect(computeRewards(empty, truth, layout, 'exact').total).toBeCloseTo(0.95, 12);
  });

  it('gives 0.675 (v1) to an empty answer when the reference is non-empty on one axis', () => {
    const { layout } = physicsOf(L2);
    const truth = quietTruth(layout, {
      syndromeBits: l2Bits(layout, MEASUREMENT_ERROR),
      v1ReferenceFrame: { x: [4], z: [] },
    });
    const rewards = computeRewards(parseAnswer('X_ERRORS=[] Z_ERRORS=[]', 9), truth, layout, 'v1');
    expect(rewards.syndromeConsistency).toBe(0.5); // the original's cap, on raw detection events
    expect(rewards.hammingOverlap).toBe(0.5);
    expect(rewards.total).toBeCloseTo(0.675, 12);
  });

  it('caps an empty answer only where the net syndrome is non-trivial (exact)', () => {
    const { layout } = physicsOf(L2);
    const empty = parseAnswer('X_ERRORS=[] Z_ERRORS=[]', 9);
    const measurementOnly = quietTruth(layout, { syndromeBits: l2Bits(layout, MEASUREMENT_ERROR) });
    expect([...netSyndrome(measurementOnly.syndromeBits, layout).values()].every((v) => v === 0)).toBe(true);
    expect(computeRewards(empty, measurementOnly, layout, 'exact').syndromeConsistency).toBe(1);

    const dataError = quietTruth(layout, { syndromeBits: l2Bits(layout, X_ERROR_ON_0), actualObservableFlip: 1, trueFrame: { x: [0], z: [] } });
    expect(stabilizerConsistency({ x: [], z: [] }, dataError.syndromeBits, layout)).toBe(0.5); // 3 of 4 agree, capped
    expect(stabilizerConsistency({ x: [], z: [2] }, dataError.syndromeBits, layout)).toBe(0.5); // Z errors don't lift it
    expect(stabilizerConsistency({ x: [0], z: [] }, dataError.syndromeBits, layout)).toBe(1);
    expect(stabilizerConsistency({ x: [1], z: [] }, dataError.syndromeBits, layout)).toBe(1); // same stabiliser values
    expect(stabilizerConsistency({ x: [8], z: [] }, dataError.syndromeBits, layout)).toBe(0.5); // flips 6, misses 1
  });

  it('caps every frame that explains none of a non-trivial net syndrome, not only the empty one (exact)', () => {
    const { layout } = physicsOf(L2);
    const dataError = quietTruth(layout, { syndromeBits: l2Bits(layout, X_ERROR_ON_0), actualObservableFlip: 1, trueFrame: { x: [0], z: [] } });
    // X errors on an X stabiliser's support (0,1 and 7,8) or on the X logical (the column 0,3,6)
    // flip no Z stabiliser: listed, they cancel out, and the frame says what the empty one says.
    for (const x of [[0, 1], [7, 8], [0, 3, 6], [0, 1, 7, 8]]) {
      expect({ x, consistency: stabilizerConsistency({ x, z: [] }, dataError.syndromeBits, layout) }).toEqual({ x, consistency: 0.5 });
    }
    const padded = computeRewards(parseAnswer('X_ERRORS=[0,1] Z_ERRORS=[]', 9), dataError, layout, 'exact');
    expect(padded.syndromeConsistency).toBe(0.5);
    // 8 flips stabiliser 6 and misses 1, the flipped one: it explains none of the syndrome and is
    // capped (2 of 4 agree, 0.5 either way), with or without the cancelling 0,1.
    expect(stabilizerConsistency({ x: [8], z: [] }, dataError.syndromeBits, layout)).toBe(0.5);
    expect(stabilizerConsistency({ x: [0, 1, 8], z: [] }, dataError.syndromeBits, layout)).toBe(0.5);
    // A frame that explains part of the syndrome is not capped: 4 flips stabiliser 1 and also 6 (3 of 4 agree).
    expect(stabilizerConsistency({ x: [4], z: [] }, dataError.syndromeBits, layout)).toBe(0.75);
  });

  it('scores hamming overlap against the true frame, not the decoder\'s (exact)', () => {
    const { layout } = physicsOf(L2);
    const truth = quietTruth(layout, {
      syndromeBits: l2Bits(layout, X_ERROR_ON_0),
      actualObservableFlip: 1,
      decoderObservableFlip: 1,
      trueFrame: { x: [1], z: [] },
      v1ReferenceFrame: { x: [0], z: [] },
    });
    const decoderCopy = computeRewards(parseAnswer('X_ERRORS=[0] Z_ERRORS=[]', 9), truth, layout, 'exact');
    const truthAnswer = computeRewards(parseAnswer('X_ERRORS=[1] Z_ERRORS=[]', 9), truth, layout, 'exact');
    expect(decoderCopy.hammingOverlap).toBe(0.5);
    expect(truthAnswer.hammingOverlap).toBe(1);
    expect(truthAnswer.total).toBeGreaterThan(decoderCopy.total);
  });

  it('scores a completion with no valid list 0 on every component (exact)', () => {
    const { layout } = physicsOf(L2);
    const truth = quietTruth(layout);
    for (const garbage of ['', 'hello world', 'X_ERRORS=', 'X_ERRORS=[9] Z_ERRORS=[a]']) {
      const rewards = computeRewards(parseAnswer(garbage, 9), truth, layout, 'exact');
      expect(rewards).toEqual(NO_REWARD);
      // The original's definitions read missing lists as empty: 0.8 on a quiet syndrome.
      expect(computeRewards(parseAnswer(garbage, 9), truth, layout, 'v1').total).toBeCloseTo(0.8, 12);
    }
  });

  it('gives a half answer only its format credit and what its stated list earns (exact)', () => {
    const { layout } = physicsOf(L2);
    const truth = quietTruth(layout);
    // Z errors say nothing about a Z-basis memory's observable: no correction, consistency or beat.
    const onlyZ = computeRewards(parseAnswer('Z_ERRORS=[]', 9), quietTruth(layout, { decoderObservableFlip: 1 }), layout, 'exact');
    expect(onlyZ).toMatchObject({ logicalCorrection: 0, syndromeConsistency: 0, pymatchingBeat: 0, hammingOverlap: 0.5, formatCompliance: 0.5 });
    const brokenX = computeRewards(parseAnswer('X_ERRORS=[99] Z_ERRORS=[]', 9), truth, layout, 'exact');
    expect(brokenX).toMatchObject({ logicalCorrection: 0, syndromeConsistency: 0, hammingOverlap: 0.5, formatCompliance: 0.5 });
    const onlyX = computeRewards(parseAnswer('X_ERRORS=[]', 9), truth, layout, 'exact');
    expect(onlyX).toMatchObject({ logicalCorrection: 1, syndromeConsistency: 1, hammingOverlap: 0.5, formatCompliance: 0.5 });
    expect(onlyX.total).toBeLessThan(computeRewards(parseAnswer('X_ERRORS=[] Z_ERRORS=[]', 9), truth, layout, 'exact').total);
  });

  it('pays the beat in full when the answer is right and the decoder wrong, half on a tie, nothing when only the decoder is right (exact); v1 pays only the first', () => {
    const { layout } = physicsOf(L2);
    const flipAnswer = parseAnswer('X_ERRORS=[0] Z_ERRORS=[]', 9); // LLM 0 is on the observable
    const beatOf = (actualObservableFlip: number, decoderObservableFlip: number, profile: 'exact' | 'v1') =>
      computeRewards(flipAnswer, quietTruth(layout, { actualObservableFlip, decoderObservableFlip }), layout, profile).pymatchingBeat;
    // (actual, decoder), the answer predicting a flip: answer right / decoder wrong, both right, both wrong, answer wrong / decoder right.
    const cases = [[1, 0], [1, 1], [0, 1], [0, 0]] as const;
    expect(cases.map(([actual, decoder]) => beatOf(actual, decoder, 'exact'))).toEqual([1, 0.5, 0.5, 0]);
    expect(cases.map(([actual, decoder]) => beatOf(actual, decoder, 'v1'))).toEqual([1, 0, 0, 0]);
  });

  it('grades format 1 / 0.5 / 0 under exact and binary under v1', () => {
    const { layout } = physicsOf(L2);
    const truth = quietTruth(layout);
    const lenient = parseAnswer('X_ERRORS: [] Z_ERRORS: []', 9);
    const partial = parseAnswer('X_ERRORS=[]', 9);
    expect(computeRewards(lenient, truth, layout, 'exact').formatCompliance).toBe(0.5);
    expect(computeRewards(lenient, truth, layout, 'v1').formatCompliance).toBe(1);
    expect(computeRewards(partial, truth, layout, 'exact').formatCompliance).toBe(0.5);
    expect(computeRewards(partial, truth, layout, 'v1').formatCompliance).toBe(0);
    expect(computeRewards(parseAnswer('nothing', 9), truth, layout, 'exact').formatCompliance).toBe(0);
  });
});

describe('jaccard', () => {
  it.each([
    [[], [], 1],
    [[], [1], 0],
    [[1], [], 0],
    [[1, 2], [2, 3], 1 / 3],
    [[4], [4], 1],
  ])('J(%j, %j) = %s', (a, b, expected) => {
    expect(jaccard(a, b)).toBeCloseTo(expected, 12);
  });
});
