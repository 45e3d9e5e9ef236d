import { describe, expect, it } from 'vitest';
import { sha256Hex, unwrap } from '@verilab/core';
import { QubitMedicEnvironment, type PromptFormat } from './environment.ts';
import { levelNamed } from './levels.ts';
import { createLevelPhysics, createPhysicsCache } from './physics-adapter.ts';

const l2 = levelNamed('L2_target');

describe('the per-episode memos', () => {
  it('hand out frozen shots, equal however the seeds interleave', () => {
    const physics = createLevelPhysics(l2);
    const fresh = createLevelPhysics(l2);
    const a = physics.sample(11);
    expect(physics.sample(11)).toBe(a);
    expect(Object.isFrozen(a.syndromeBits) && Object.isFrozen(a.trueFrame.x)).toBe(true);
    physics.sample(12);
    expect(physics.sample(11)).toEqual(a);
    expect(fresh.sample(11)).toEqual(a);
  });

  it('decode a changed copy of a syndrome afresh', () => {
    const physics = createLevelPhysics(l2);
    let seed = 0;
    while (physics.sample(seed).syndromeBits.every((bit) => bit === 0)) seed++;
    const bits = physics.sample(seed).syndromeBits;
    const decoded = physics.decode(bits);
    expect(physics.decode(bits)).toBe(decoded);
    const copy = [...bits];
    expect(physics.decode(copy)).toEqual(decoded);
    copy.fill(0);
    expect(physics.decode(copy).frame).toEqual({ x: [], z: [] });
  });

  it('keep interleaved episodes apart', () => {
    const env = new QubitMedicEnvironment({ physics: createPhysicsCache() });
    const start = (seed: number, promptFormat: PromptFormat = 'v2') => env.reset({ level: levelNamed('L2_target'), seed, promptFormat });
    const a = start(5);
    const b = start(6);
    const aV1 = start(5, 'v1');
    const step = (spec: typeof a.spec) => {
      return unwrap(env.step(spec, { kind: 'completion', completion: '' })).observation;
    };
    expect(step(a.spec)).toEqual(a.observation);
    expect(step(b.spec)).toEqual(b.observation);
    expect(step(aV1.spec)).toEqual(aV1.observation);
    expect(aV1.observation.prompt).not.toBe(a.observation.prompt);
  });
});

describe('the optimal decoder in the step info', () => {
  const env = new QubitMedicEnvironment({ physics: createPhysicsCache() });
  const stepInfo = (level: string, seed: number) => {
    const started = env.reset({ level: levelNamed(level), seed });
    return unwrap(env.step(started.spec, { kind: 'completion', completion: 'X_ERRORS=[] Z_ERRORS=[]' })).info;
  };

  it('reports the optimal prediction and posterior on L1 and L2', () => {
    const physics = createLevelPhysics(l2);
    expect(physics.optimalUnavailable).toBeNull();
    for (let seed = 0; seed < 40; seed++) {
      const info = stepInfo('L2_target', seed);
      const optimal = physics.decodeOptimal(physics.sample(seed).syndromeBits);
      expect(info.posteriorFlipProbability).toBe(optimal?.posteriorFlipProbability);
      expect(info.optimalObservableFlip).toBe((info.posteriorFlipProbability ?? 0) > 0.5 ? 1 : 0);
    }
    expect(stepInfo('L1_warmup', 3).posteriorFlipProbability).toBeGreaterThanOrEqual(0);
  });

  it('is null on a level too large for exact decoding', () => {
    const info = stepInfo('L3_stretch', 2);
    expect([info.optimalObservableFlip, info.posteriorFlipProbability]).toEqual([null, null]);
    const l3 = levelNamed('L3_stretch');
    expect(createLevelPhysics(l3).optimalUnavailable).toMatch(/more than 16 detectors open at once/);
  });
});

describe('a built level, pinned', () => {
  // What a level's build must keep producing however it is made cheaper: the DEM text and its
  // digest, the circuit, the shots of each seed and the optimal decoder's verdicts (or the reason
  // it has none). Values from the build at e903cbf, before it was made cheaper. The matching
  // decoder's outcomes are pinned by its own agreement tests.
  const fingerprint = (value: unknown) => sha256Hex(typeof value === 'string' ? value : JSON.stringify(value)).slice(0, 16);
  it.each([
    ['L2_target', 'b7e54c90', 'b7e54c907dc0fda0', '27a9bc5c28840f4a', '8e77f587dd83e00e', 'ec32d280d6e238b5'],
    ['custom:d=5,r=3,p=0.004,noise=uniform,basis=X', '648fe241', '648fe2415451e71c', 'c5fc01093d8b5c45', '81724af57a540035', '4f926ee68b74267c'],
    ['custom:d=7,r=7,p=0.003,noise=si1000-like,basis=Z', '6ecc12b7', '6ecc12b706ffb809', 'bd6bcb4a8536726f', 'acd9f95d4d9dbcbb', '4f926ee68b74267c'],
  ])('%s', (name, demDigest, demText, circuitText, shots, optimal) => {
    const physics = createLevelPhysics(levelNamed(name));
    const sampled = Array.from({ length: 20 }, (_, seed) => physics.sample(seed));
    expect([physics.demDigest, fingerprint(physics.demText), fingerprint(physics.circuitText)]).toEqual([demDigest, demText, circuitText]);
    expect(fingerprint(sampled)).toBe(shots);
    expect(fingerprint(sampled.map((shot) => physics.decodeOptimal(shot.syndromeBits)))).toBe(optimal);
    expect(physics.optimalUnavailable === null).toBe(name === 'L2_target');
  });
});
