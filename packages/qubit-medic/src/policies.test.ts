import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '@verilab/core';
import { formatCompletion, parseAnswer } from './answer-parser.ts';
import { QubitMedicEnvironment } from './environment.ts';
import { customLevelName, levelNamed } from './levels.ts';
import { createPhysicsCache } from './physics-adapter.ts';
import { matchingPolicy, optimalPolicy, policyRng, randomIds, randomPolicy, uniformInt, zerosPolicy } from './policies.ts';
import { impliedObservableFlip, stabilizerConsistency } from './rewards.ts';

const physics = createPhysicsCache();

function observe(level: string, seed: number) {
  return new QubitMedicEnvironment({ physics }).reset({ level: levelNamed(level), seed }).observation;
}

describe('baseline policies', () => {
  it('zeros always answers the empty frame', () => {
    expect(zerosPolicy.answer(observe('L2_target', 3), Xoshiro128.fromSeed(1))).toBe('X_ERRORS=[] Z_ERRORS=[]');
  });

  it('matching answers the decoder\'s frame for the observed syndrome', () => {
    const level = levelNamed('L2_target');
    const levelPhysics = physics(level);
    let nonEmpty = 0;
    for (let seed = 0; seed < 200; seed++) {
      const observation = observe('L2_target', seed);
      const { frame } = levelPhysics.decode([...observation.syndromeBits]);
      const answer = matchingPolicy(physics).answer(observation, Xoshiro128.fromSeed(1));
      expect(answer).toBe(formatCompletion(frame.x, frame.z));
      if (frame.x.length + frame.z.length > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(20);
  });

  it('optimal answers a frame with the optimal prediction and matching\'s syndrome', () => {
    // A noisy distance-3 level, where the two decoders disagree on a few percent of shots.
    const name = customLevelName({ distance: 3, rounds: 3, p: 0.01 });
    const level = levelNamed(name);
    const levelPhysics = physics(level);
    const policy = optimalPolicy(physics);
    let disagreements = 0;
    for (let seed = 0; seed < 300; seed++) {
      const observation = observe(name, seed);
      const bits = observation.syndromeBits;
      const parsed = parseAnswer(policy.answer(observation, policyRng(seed)), 9);
      const frame = { x: parsed.xErrors, z: parsed.zErrors };
      const optimal = levelPhysics.decodeOptimal(bits);
      const matched = levelPhysics.decode(bits);
      expect(impliedObservableFlip(frame, levelPhysics.layout)).toBe(optimal?.observableFlip);
      expect(stabilizerConsistency(frame, bits, levelPhysics.layout)).toBe(stabilizerConsistency(matched.frame, bits, levelPhysics.layout));
      if (optimal?.observableFlip !== matched.observableFlip) disagreements++;
      else expect(frame).toEqual(matched.frame);
    }
    expect(disagreements).toBeGreaterThan(0);
  });

  it('optimal refuses a level too large for exact decoding, saying why', () => {
    expect(() => optimalPolicy(physics).answer(observe('L3_stretch', 1), policyRng(1))).toThrow(/no optimal decoding on L3_stretch: .*too large/);
  });

  it('random draws k = randint(0, max(1, n // 2)) distinct sorted ids per axis', () => {
    const rng = Xoshiro128.fromSeed(7);
    const sizes = new Map<number, number>();
    let malformed = 0;
    for (let trial = 0; trial < 20_000; trial++) {
      const ids = randomIds(9, rng);
      const ascending = ids.every((id, i) => id >= 0 && id < 9 && (i === 0 || id > (ids[i - 1] as number)));
      if (!ascending) malformed++;
      sizes.set(ids.length, (sizes.get(ids.length) ?? 0) + 1);
    }
    expect(malformed).toBe(0);
    // n = 9: k uniform on 0..4, each 4000 ± 4σ (σ ≈ 57).
    expect([...sizes.keys()].sort()).toEqual([0, 1, 2, 3, 4]);
    for (const count of sizes.values()) expect(Math.abs(count - 4000)).toBeLessThan(230);
    // n = 1: max(1, 0) = 1, so k is 0 or 1.
    expect(new Set(Array.from({ length: 200 }, () => randomIds(1, rng).length))).toEqual(new Set([0, 1]));
  });

  it('random writes a strictly formatted answer', () => {
    const answer = randomPolicy.answer(observe('L2_target', 1), policyRng(1));
    const parsed = parseAnswer(answer, 9);
    expect(parsed.parseSuccess && parsed.strictFormat).toBe(true);
  });

  it('gives each episode its own stream, apart from the physics stream of the same seed', () => {
    const physicsStream = Xoshiro128.fromSeed(5);
    const policyStream = policyRng(5);
    const a = Array.from({ length: 8 }, () => physicsStream.nextUint32());
    const b = Array.from({ length: 8 }, () => policyStream.nextUint32());
    expect(a).not.toEqual(b);
    expect(Array.from({ length: 8 }, () => policyRng(5).nextUint32())).toEqual(Array(8).fill(b[0]));
  });
});

describe('uniformInt', () => {
  it('stays in range and is unbiased over a span that does not divide 2^32', () => {
    const rng = Xoshiro128.fromSeed(3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[uniformInt(rng, 4, 6) - 4]!++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(400);
    expect(uniformInt(rng, 2, 2)).toBe(2);
    expect(() => uniformInt(rng, 3, 2)).toThrow(RangeError);
  });
});
