import { CURRICULUM, levelTableBytes, resolveLevel, type Level, type LevelPhysics } from '@verilab/qubit-medic';
import { describe, expect, it } from 'vitest';
import { boundedPhysicsCache } from './bounded-physics.ts';

const custom = (p: number, rounds = 1): Level => {
  const resolved = resolveLevel(`custom:d=3,r=${rounds},p=${p}`);
  if (!resolved.ok) throw new Error(resolved.message);
  return resolved.level;
};

describe('boundedPhysicsCache', () => {
  const recorder = (budget: number) => {
    const built: string[] = [];
    const physics = boundedPhysicsCache((level) => {
      built.push(level.name);
      return { level } as LevelPhysics;
    }, budget);
    return { built, physics };
  };

  it('keeps curriculum levels and only the most recent custom levels that fit the byte budget', () => {
    // d=3, r=1: 8 detectors, a 1 KiB table; the budget holds two of them.
    const { built, physics } = recorder(2 * levelTableBytes(custom(0.001)));
    for (const level of CURRICULUM) physics(level);
    physics(custom(0.001));
    physics(custom(0.002));
    physics(custom(0.001)); // refreshes 0.001
    physics(custom(0.003)); // evicts 0.002
    physics(custom(0.001));
    physics(custom(0.002)); // rebuilt
    for (const level of CURRICULUM) physics(level);
    expect(built).toEqual([
      ...CURRICULUM.map((level) => level.name),
      custom(0.001).name,
      custom(0.002).name,
      custom(0.003).name,
      custom(0.002).name,
    ]);
  });

  it('counts a level by its table bytes, so one large level evicts several small ones', () => {
    const small = levelTableBytes(custom(0.001));
    const large = custom(0.001, 2); // 16 detectors: four times the bytes
    const { built, physics } = recorder(4 * small);
    for (const p of [0.001, 0.002, 0.003, 0.004]) physics(custom(p));
    physics(large); // evicts all four small levels
    physics(custom(0.004));
    expect(built.slice(4)).toEqual([large.name, custom(0.004).name]);
    physics(large); // 0.004 evicted it: rebuilt
    expect(built.at(-1)).toBe(large.name);
  });
});
