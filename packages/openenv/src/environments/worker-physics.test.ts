import { createLevelPhysics, CURRICULUM, resolveLevel, type Level, type LevelPhysics } from '@verilab/qubit-medic';
import { describe, expect, it } from 'vitest';
import { levelPhysicsBytes, workerPhysicsSource } from './worker-physics.ts';

const custom = (p: number, rounds = 1): Level => {
  const resolved = resolveLevel(`custom:d=3,r=${rounds},p=${p}`);
  if (!resolved.ok) throw new Error(resolved.message);
  return resolved.level;
};

describe('workerPhysicsSource, in process', () => {
  const recorder = (budgetBytes: number) => {
    const built: string[] = [];
    const source = workerPhysicsSource({ build: (level) => (built.push(level.name), { level } as LevelPhysics), budgetBytes });
    return { built, source };
  };

  it('keeps curriculum levels, and custom levels by recency within the byte budget', () => {
    // The budget holds two d=3, r=1 levels (8 detectors each).
    const { built, source } = recorder(2 * levelPhysicsBytes(custom(0.001)));
    for (const level of CURRICULUM) source(level);
    for (const p of [0.001, 0.002, 0.001, 0.003, 0.001, 0.002]) source(custom(p)); // 0.003 evicts 0.002, which is rebuilt
    for (const level of CURRICULUM) source(level);
    expect(built).toEqual([...CURRICULUM.map((level) => level.name), ...[0.001, 0.002, 0.003, 0.002].map((p) => custom(p).name)]);
    expect(CURRICULUM.every((level) => source.prepare(level).ok)).toBe(true);
  });

  it('counts a level by its detectors, so one large level evicts several small ones', () => {
    const { built, source } = recorder(4 * levelPhysicsBytes(custom(0.001)));
    const large = custom(0.001, 4); // 32 detectors: four times the bytes
    for (const p of [0.001, 0.002, 0.003, 0.004]) source(custom(p));
    source(large);
    source(custom(0.004));
    source(large);
    expect(built.slice(4)).toEqual([large.name, custom(0.004).name, large.name]);
  });
});

describe('workerPhysicsSource, in workers', () => {
  it('builds a custom level off the event loop and serves the very same physics', async () => {
    const source = workerPhysicsSource({ build: createLevelPhysics, budgetBytes: 1 << 20 });
    const level = custom(0.004, 3);
    expect(source.prepare(level)).toEqual({ ok: false, message: `level "${level.name}" (24 detectors) is being built; retry in a few seconds` });
    await source.whenReady(level);
    expect(source.prepare(level)).toEqual({ ok: true });
    const served = source(level);
    const local = createLevelPhysics(level);
    expect([served.layout, served.demDigest, served.demText, served.optimalUnavailable]).toEqual([local.layout, local.demDigest, local.demText, local.optimalUnavailable]);
    for (const seed of [1, 2, 3, 40]) {
      const shot = served.sample(seed);
      expect(shot).toEqual(local.sample(seed));
      expect(Object.isFrozen(shot.syndromeBits)).toBe(true);
      expect(served.decode(shot.syndromeBits)).toEqual(local.decode(shot.syndromeBits));
      expect(served.decodeOptimal(shot.syndromeBits)).toEqual(local.decodeOptimal(shot.syndromeBits));
    }
  }, 30_000);

  it('builds at most maxBuilding levels at once, and reports a build past its time limit', async () => {
    const source = workerPhysicsSource({ build: createLevelPhysics, budgetBytes: 1 << 20, maxBuilding: 1, buildTimeoutMs: 1 });
    const [first, second] = [custom(0.005), custom(0.006)];
    source.prepare(first);
    expect(source.prepare(second)).toMatchObject({ ok: false, message: expect.stringContaining('the server is already building 1 levels') });
    await expect.poll(() => source.prepare(first), { timeout: 5_000 }).toMatchObject({ ok: false, message: expect.stringContaining('cannot be served: building it took longer than 0.001 s') });
  });
});
