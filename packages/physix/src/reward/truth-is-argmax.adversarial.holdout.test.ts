import { describe, expect, it } from 'vitest';
import { groundTruthAction } from '../episode/ground-truth-action.ts';
import { instantiate } from '../systems/instance.ts';
import { SYSTEMS } from '../systems/registry.ts';
import { ADVERSARIAL_LAWS } from '../testing/adversarial-law-catalogue.ts';
import { targetOf, verify } from '../verify.ts';

const SEEDS = 20;

/**
 * The truth's property against laws built to agree with it on the shown window only
 * (testing/adversarial-law-catalogue.ts, never tuned against): each parses, and none reaches
 * the truth's total on any seed, with or without fitting.
 */
describe('default reward: laws that agree with the truth only where it was shown', () => {
  describe.each(SYSTEMS.map((system) => [system.id, system] as const))('%s', (id, system) => {
    it.each([false, true])(`fit: %s, ${SEEDS} seeds`, (fit) => {
      const defeats: string[] = [];
      for (let seed = 0; seed < SEEDS; seed++) {
        const instance = instantiate(system, seed);
        const target = targetOf(instance);
        const total = (equation: string, params: Record<string, number>) => {
          const { report } = verify(target, { equation, params }, { fit });
          if (report.equation === null) defeats.push(`seed ${seed}: ${equation} does not parse`);
          return report.rewards['anti-hack'].total;
        };
        const truth = groundTruthAction(instance);
        const truthTotal = total(truth.equation, truth.params);
        for (const law of ADVERSARIAL_LAWS[id]!) {
          const lawTotal = total(law.equation, law.params(instance));
          if (lawTotal >= truthTotal) defeats.push(`seed ${seed}: ${law.name} ${lawTotal} ≥ truth ${truthTotal}`);
        }
      }
      expect(defeats).toEqual([]);
    });
  });
});
