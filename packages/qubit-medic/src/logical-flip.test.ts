import { describe, expect, it } from 'vitest';
import { CURRICULUM, customLevelName, levelNamed } from './levels.ts';
import { logicalFlipOperator } from './logical-flip.ts';
import { createLevelPhysics } from './physics-adapter.ts';

const levels = [
  ...CURRICULUM,
  ...[customLevelName({ distance: 3, rounds: 2, p: 0.001, basis: 'X' }), customLevelName({ distance: 4, rounds: 1, p: 0.001 })].map((name) => {
    const resolved = levelNamed(name);
    return resolved;
  }),
];

describe('logicalFlipOperator', () => {
  it.each(levels.map((level) => [level.name, level] as const))('on %s flips the observable and no stabiliser, with d qubits', (_, level) => {
    const { layout } = createLevelPhysics(level);
    const operator = logicalFlipOperator(layout);
    const overlap = (support: readonly number[]) => support.filter((id) => operator.includes(id)).length;
    expect(operator).toHaveLength(level.distance);
    expect(overlap(layout.observableSupport) % 2).toBe(1);
    for (const stabilizer of layout.stabilizers) {
      if (stabilizer.type === layout.basis) expect(overlap(stabilizer.support) % 2).toBe(0);
    }
  });
});
