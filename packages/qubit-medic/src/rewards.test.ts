import { describe, expect, it } from 'vitest';
import { parseAnswer } from './answer-parser.ts';
import type { CodeLayout } from './code-layout.ts';
import { resolveLevel, CURRICULUM, type Level } from './levels.ts';
import { createPhysicsCache } from './physics-adapter.ts';
import { computeRewards, jaccard, stabilizerConsistency, type ScoringTruth } from './rewards.ts';

const physicsOf = createPhysicsCache();
const L2 = CURRICULUM[1]!;
const custom = (name: string): Level => {
  const result = resolveLevel(name);
  if (!result.ok) throw new Error(result.message);
  return result.level;
};

/** All detection events 0, no observable flip, empty frames; `changes` override. */
const quietTruth = (layout: CodeLayout, changes: Partial<ScoringTruth> = {}): ScoringTruth => ({
  syndromeBits: new Array<number>(layout.detectors.length).fill(0),
  actualObservableFlip: 0,
  decoderObservableFlip: 0,
  decoderFrame: { x: [], z: [] },
  v1ReferenceFrame: { x: [], z: [] },
  ...changes,
});

describe('rewards', () => {
  it('gives 0.90 to an empty answer on an all-zero syndrome (spec §5.6)', () => {
    const { layout } = physicsOf(L2);
    const truth = quietTruth(layout);
    const empty = parseAnswer('X_ERRORS=[] Z_ERRORS=[]', 9);
    expect(computeRewards(empty, truth, layout, 'v1').total).toBeCloseTo(0.9, 12);
    expect(computeRewards(empty, truth, layout, 'exact').total).toBeCloseTo(0.9, 12);
  });

  it('gives 0.675 (v1) to an empty answer when the reference is non-empty on one axis (spec §5.6)', () => {
    const { layout } = physicsOf(L2);
    const bits = new Array<number>(layout.detectors.length).fill(0);
    bits[5] = 1;
    bits[13] = 1; // a time-like pair in the middle rounds: final-round bits stay 0
    const truth = quietTruth(layout, { syndromeBits: bits, decoderFrame: { x: [4], z: [] }, v1ReferenceFrame: { x: [4], z: [] } });
    const rewards = computeRewards(parseAnswer('X_ERRORS=[] Z_ERRORS=[]', 9), truth, layout, 'v1');
    expect(rewards.syndrome_consistency).toBe(0.5); // the anti-collapse cap
    expect(rewards.hamming_overlap).toBe(0.5);
    expect(rewards.total).toBeCloseTo(0.675, 12);
  });

  it('scores the true error 1 on consistency under `exact`, on every shot, every level and basis', () => {
    const levels = [...CURRICULUM, custom('custom:d=3,r=2,p=0.01,basis=X'), custom('custom:d=5,r=3,p=0.008,noise=uniform')];
    for (const level of levels) {
      const physics = physicsOf(level);
      let nonTrivial = 0;
      for (let seed = 0; seed < 300; seed++) {
        const shot = physics.sample(seed);
        if (shot.syndromeBits.some((b) => b !== 0)) nonTrivial++;
        const empty = shot.trueFrame.x.length === 0 && shot.trueFrame.z.length === 0;
        const score = stabilizerConsistency(shot.trueFrame, shot.syndromeBits, physics.layout);
        // An empty true frame with a non-trivial syndrome (pure measurement errors) meets the cap.
        expect(score).toBe(empty && shot.syndromeBits.some((b) => b !== 0) ? 0.5 : 1);
      }
      expect(nonTrivial).toBeGreaterThan(0);
    }
  });

  it('pays the beat reward only when the decoder is wrong and the answer right', () => {
    const { layout } = physicsOf(L2);
    const flipAnswer = parseAnswer('X_ERRORS=[0] Z_ERRORS=[]', 9); // LLM 0 is on the observable
    const beat = computeRewards(flipAnswer, quietTruth(layout, { actualObservableFlip: 1 }), layout, 'exact');
    expect(beat.pymatching_beat).toBe(1);
    expect(beat.logical_correction).toBe(1);
    const tie = computeRewards(flipAnswer, quietTruth(layout, { actualObservableFlip: 1, decoderObservableFlip: 1 }), layout, 'exact');
    expect(tie.pymatching_beat).toBe(0);
  });

  it('grades format 1 / 0.5 / 0 under exact and binary under v1', () => {
    const { layout } = physicsOf(L2);
    const truth = quietTruth(layout);
    const lenient = parseAnswer('X_ERRORS: [] Z_ERRORS: []', 9);
    const partial = parseAnswer('X_ERRORS=[]', 9);
    expect(computeRewards(lenient, truth, layout, 'exact').format_compliance).toBe(0.5);
    expect(computeRewards(lenient, truth, layout, 'v1').format_compliance).toBe(1);
    expect(computeRewards(partial, truth, layout, 'exact').format_compliance).toBe(0.5);
    expect(computeRewards(partial, truth, layout, 'v1').format_compliance).toBe(0);
    expect(computeRewards(parseAnswer('nothing', 9), truth, layout, 'exact').format_compliance).toBe(0);
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
