import { CURRICULUM, resolveLevel, type Level, type LevelPhysics } from '@verilab/qubit-medic';
import { describe, expect, it } from 'vitest';
import { boundedPhysicsCache } from './bounded-physics.ts';

const custom = (p: number): Level => {
  const resolved = resolveLevel(`custom:d=3,r=1,p=${p}`);
  if (!resolved.ok) throw new Error(resolved.message);
  return resolved.level;
};

describe('boundedPhysicsCache', () => {
  it('keeps curriculum levels and only the most recent custom levels', () => {
    const built: string[] = [];
    const physics = boundedPhysicsCache((level) => {
      built.push(level.name);
      return { level } as LevelPhysics;
    }, 2);
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
});
