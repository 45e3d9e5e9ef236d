import { describe, expect, it } from 'vitest';
import { SYSTEMS } from '../systems/registry.ts';
import { HELD_OUT_WRONG_LAWS } from '../testing/held-out-wrong-law-catalogue.ts';
import { truthDefeats } from '../testing/wrong-laws.ts';

/**
 * The same property as truth-is-argmax.test.ts against wrong laws written after the reward was
 * designed and never used to tune it: a check that the design generalises.
 */
describe('default reward: the truth beats wrong laws it was not designed against', () => {
  describe.each(SYSTEMS.map((system) => [system.id] as const))('%s', (id) => {
    it.each([false, true])('fit: %s, 20 seeds', (fit) => {
      expect(HELD_OUT_WRONG_LAWS[id]!.length).toBeGreaterThanOrEqual(4);
      expect(
        truthDefeats(id, HELD_OUT_WRONG_LAWS[id]!, { seeds: 20, fit, truthFloor: 0.9 }),
      ).toEqual([]);
    });
  });
});
