import { describe, expect, it } from 'vitest';
import { groundTruthAction } from '../episode/ground-truth-action.ts';
import { instantiate } from '../systems/instance.ts';
import { SYSTEMS } from '../systems/registry.ts';
import { WRONG_LAWS } from '../testing/wrong-law-catalogue.ts';
import { firstOrderForm, truthDefeats } from '../testing/wrong-laws.ts';
import { targetOf, verify } from '../verify.ts';

const SEEDS = 20;

describe('default reward: the true law is the strict maximum against plausible wrong laws', () => {
  describe.each(SYSTEMS.map((system) => [system.id] as const))('%s', (id) => {
    it.each([false, true])(`fit: %s, ${SEEDS} seeds`, (fit) => {
      expect(WRONG_LAWS[id]!.length).toBeGreaterThanOrEqual(4);
      // The truth also earns correctness and convergence (total > 0.9).
      expect(truthDefeats(id, WRONG_LAWS[id]!, { seeds: SEEDS, fit, truthFloor: 0.9 })).toEqual(
        [],
      );
    });
  });
});

describe('default reward: first- and second-order forms of one law score the same', () => {
  it.each(SYSTEMS.map((system) => [system.id, system] as const))('%s', (_id, system) => {
    for (const fit of [false, true]) {
      for (let seed = 0; seed < 3; seed++) {
        const instance = instantiate(system, seed);
        const truth = groundTruthAction(instance);
        const target = targetOf(instance);
        const score = (equation: string) =>
          verify(target, { equation, params: truth.params }, { fit }).report.rewards['anti-hack']
            .total;
        const rewritten = firstOrderForm(system.velocityOf, truth.equation);
        expect(rewritten).not.toBe(truth.equation);
        expect(Math.abs(score(rewritten) - score(truth.equation))).toBeLessThanOrEqual(0.01);
      }
    }
  });
});
