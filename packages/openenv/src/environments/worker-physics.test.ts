import { createLevelPhysics, CURRICULUM, levelNamed, type Level, type LevelPhysics } from '@verilab/qubit-medic';
import { describe, expect, it } from 'vitest';
import { levelPhysicsBytes, WORKER_BYTES, workerPhysicsSource } from './worker-physics.ts';

const custom = (p: number, rounds = 1): Level => levelNamed(`custom:d=3,r=${rounds},p=${p}`);

describe('workerPhysicsSource, in process', () => {
  it('builds curriculum levels once, and never a custom level: asked before it is ready, it throws', () => {
    const built: string[] = [];
    const source = workerPhysicsSource({ build: (level) => (built.push(level.name), { level } as LevelPhysics), budgetBytes: 1 << 20 });
    for (const level of [...CURRICULUM, ...CURRICULUM]) source(level);
    expect(CURRICULUM.every((level) => source.prepare(level).ok)).toBe(true);
    expect(() => source(custom(0.001))).toThrow(`level "${custom(0.001).name}" is not ready: callers ask prepare() first`);
    expect(built).toEqual(CURRICULUM.map((level) => level.name));
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
    expect([served.layout, served.demDigest, served.demText, served.circuitText, served.optimalUnavailable]).toEqual([local.layout, local.demDigest, local.demText, local.circuitText, local.optimalUnavailable]);
    for (const seed of [1, 2, 3, 40]) {
      const shot = served.sample(seed);
      expect(shot).toEqual(local.sample(seed));
      expect(Object.isFrozen(shot.syndromeBits)).toBe(true);
      expect(served.decode(shot.syndromeBits)).toEqual(local.decode(shot.syndromeBits));
      expect(served.decodeOptimal(shot.syndromeBits)).toEqual(local.decodeOptimal(shot.syndromeBits));
    }
  }, 30_000);

  it('keeps custom levels by recency within the byte budget, and rebuilds an evicted one in its worker', async () => {
    // The budget holds one level and its worker: building a second evicts the first.
    const level = custom(0.004, 2);
    const source = workerPhysicsSource({ build: createLevelPhysics, budgetBytes: levelPhysicsBytes(level) + WORKER_BYTES });
    const ready = async (wanted: Level) => {
      source.prepare(wanted);
      await source.whenReady(wanted);
      return source(wanted);
    };
    const first = (await ready(level)).sample(9);
    await ready(custom(0.005));
    expect(() => source(level)).toThrow(/is not ready/);
    expect(source.prepare(level)).toEqual({ ok: false, message: `level "${level.name}" (16 detectors) is being built; retry in a few seconds` });
    expect((await ready(level)).sample(9)).toEqual(first);
    expect(() => source(custom(0.005))).toThrow(/is not ready/);
  }, 30_000);

  it('builds at most maxBuilding levels at once, and reports a build past its time limit', async () => {
    const source = workerPhysicsSource({ build: createLevelPhysics, budgetBytes: 1 << 20, maxBuilding: 1, buildTimeoutMs: 1 });
    const [first, second] = [custom(0.005), custom(0.006)];
    source.prepare(first);
    expect(source.prepare(second)).toMatchObject({ ok: false, message: expect.stringContaining('the server is already building 1 levels') });
    await expect.poll(() => source.prepare(first), { timeout: 5_000 }).toMatchObject({ ok: false, message: expect.stringContaining('cannot be served: building it took longer than 0.001 s') });
  });
});
