import { describe, expect, it } from 'vitest';
import { QubitMedicEnvironment } from './environment.ts';
import { resolveLevel } from './levels.ts';
import { createLevelPhysics, createPhysicsCache } from './physics-adapter.ts';

const l2 = resolveLevel('L2_target');
if (!l2.ok) throw new Error(l2.message);

describe('the per-episode memos', () => {
  it('hand out frozen shots, equal however the seeds interleave', () => {
    const physics = createLevelPhysics(l2.level);
    const fresh = createLevelPhysics(l2.level);
    const a = physics.sample(11);
    expect(physics.sample(11)).toBe(a);
    expect(Object.isFrozen(a.syndromeBits) && Object.isFrozen(a.trueFrame.x)).toBe(true);
    physics.sample(12);
    expect(physics.sample(11)).toEqual(a);
    expect(fresh.sample(11)).toEqual(a);
  });

  it('decode a changed copy of a syndrome afresh', () => {
    const physics = createLevelPhysics(l2.level);
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
    const start = (seed: number, prompt_format = 'v2') => {
      const started = env.reset({ level: 'L2_target', seed, prompt_format });
      if (!started.ok) throw new Error('reset failed');
      return started.value;
    };
    const a = start(5);
    const b = start(6);
    const aV1 = start(5, 'v1');
    const step = (spec: typeof a.spec) => {
      const result = env.step(spec, { raw_response: '' });
      if (!result.ok) throw new Error('step failed');
      return result.value.observation;
    };
    expect(step(a.spec)).toEqual(a.observation);
    expect(step(b.spec)).toEqual(b.observation);
    expect(step(aV1.spec)).toEqual(aV1.observation);
    expect(aV1.observation.prompt).not.toBe(a.observation.prompt);
  });
});
