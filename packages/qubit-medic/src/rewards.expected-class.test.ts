import { describe, expect, it } from 'vitest';
import { parseAnswer } from './answer-parser.ts';
import { levelNamed } from './levels.ts';
import { logicalFlipOperator } from './logical-flip.ts';
import { createPhysicsCache } from './physics-adapter.ts';
import { completionOf, xorIds } from './reward-probes.ts';
import { computeRewards, REWARD_WEIGHTS, type ScoringTruth } from './rewards.ts';

/**
 * The answer cannot see the observable: the syndrome leaves a posterior P(flip), and the two
 * logical classes of an answer earn the logical correction and the beat with the probability of
 * their class. The likelier class must earn more in expectation, whichever class the matching
 * decoder chose, or the reward teaches a policy to bet against the likeliest error. The original's
 * 0/1 beat did not: a class the decoder did not choose paid 0.45 per unit of probability, the
 * decoder's own 0.35, so where the decoder was right with probability in (0.5, 0.5625) the less
 * likely class paid more.
 */
const physics = createPhysicsCache();

/** The expected weighted logical correction and beat of `frame` when the observable flips with probability `flipProbability`. */
function expectedClassReward(
  frame: { x: readonly number[]; z: readonly number[] },
  flipProbability: number,
  truth: Omit<ScoringTruth, 'actualObservableFlip'>,
  layout: Parameters<typeof computeRewards>[2],
): number {
  const answer = parseAnswer(completionOf(frame), layout.dataQubits.length);
  let expected = 0;
  for (const [actualObservableFlip, probability] of [[0, 1 - flipProbability], [1, flipProbability]] as const) {
    const rewards = computeRewards(answer, { ...truth, actualObservableFlip }, layout, 'exact');
    expected += probability * (REWARD_WEIGHTS.logicalCorrection * rewards.logicalCorrection + REWARD_WEIGHTS.pymatchingBeat * rewards.pymatchingBeat);
  }
  return expected;
}

describe('the exact reward in expectation over the logical class', () => {
  it('pays the likelier class more for every flip probability and either decoder verdict', () => {
    const { layout } = physics(levelNamed('L2_target'));
    const noFlip = { x: [], z: [] };
    const flip = { x: [...logicalFlipOperator(layout)], z: [] };
    const bits = new Array<number>(layout.detectors.length).fill(0);
    for (const decoderObservableFlip of [0, 1]) {
      const truth = { syndromeBits: bits, decoderObservableFlip, trueFrame: noFlip, v1ReferenceFrame: noFlip };
      for (let k = 1; k < 100; k++) {
        const flipProbability = k / 100;
        if (flipProbability === 0.5) continue;
        const [likelier, other] = flipProbability > 0.5 ? [flip, noFlip] : [noFlip, flip];
        const margin = expectedClassReward(likelier, flipProbability, truth, layout) - expectedClassReward(other, flipProbability, truth, layout);
        expect({ decoderObservableFlip, flipProbability, pays: margin > 0 }).toEqual({ decoderObservableFlip, flipProbability, pays: true });
      }
    }
  });

  it('custom:d=3,r=2,p=0.02,basis=X: on real posteriors the optimal decoder\'s class out-earns the other one', () => {
    const level = levelNamed('custom:d=3,r=2,p=0.02,basis=X');
    const levelPhysics = physics(level);
    const { layout } = levelPhysics;
    const logical = logicalFlipOperator(layout);
    // An X-basis memory protects the Z errors: the logical operator moves a frame's Z list to the other class.
    const other = (frame: { x: readonly number[]; z: readonly number[] }) => ({ x: frame.x, z: xorIds(frame.z, logical) });
    let closeCalls = 0;
    for (let seed = 0; seed < 1500; seed++) {
      const shot = levelPhysics.sample(seed);
      const decoded = levelPhysics.decode(shot.syndromeBits);
      const optimal = levelPhysics.decodeOptimal(shot.syndromeBits);
      if (optimal === null || optimal.posteriorFlipProbability === 0.5) continue;
      const likelier = optimal.observableFlip === decoded.observableFlip ? decoded.frame : other(decoded.frame);
      const truth = { syndromeBits: shot.syndromeBits, decoderObservableFlip: decoded.observableFlip, trueFrame: shot.trueFrame, v1ReferenceFrame: decoded.frame };
      const p = optimal.posteriorFlipProbability;
      const decoderRight = decoded.observableFlip === 1 ? p : 1 - p;
      if (decoderRight > 0.5 && decoderRight < 0.5625) closeCalls++;
      const margin = expectedClassReward(likelier, p, truth, layout) - expectedClassReward(other(likelier), p, truth, layout);
      expect({ seed, pays: margin > 0 }).toEqual({ seed, pays: true });
    }
    // The episodes the original beat got wrong are there to be checked (about 6 % of them here).
    expect(closeCalls).toBeGreaterThan(20);
  });
});
