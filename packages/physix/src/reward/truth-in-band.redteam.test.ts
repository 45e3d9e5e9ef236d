import { describe, expect, it } from 'vitest';
import { groundTruthAction } from '../episode/ground-truth-action.ts';
import { instantiate } from '../systems/instance.ts';
import { getSystem } from '../systems/registry.ts';
import { targetOf, verify } from '../verify.ts';

/**
 * Red-team case: the truth with its true parameters must score r_match 1 on every seed. With
 * 50 samples per held-out experiment, the noise's own mean square has a spread of √(2/50) =
 * 0.2 σ², so on charged_particle_b_field seed 100317 one experiment's noise draw alone put the
 * truth at 1.11 σ², outside the noise band: it totalled 0.859 while the same law with q·B/m
 * 0.02 % off, which happened to fit that draw, scored the full 0.992.
 */
const SEED = 100_317;
const instance = instantiate(getSystem('charged_particle_b_field')!, SEED);
const target = targetOf(instance);
const truth = groundTruthAction(instance);
const scaled = (factor: number) => ({
  equation: `d2x/dt2 = (q*B/m)*${factor}*vy; d2y/dt2 = -(q*B/m)*${factor}*vx`,
  params: truth.params,
});

describe('the truth on an unlucky held-out noise draw', () => {
  it('scores r_match 1 and its full total', () => {
    const { report } = verify(target, truth);
    expect(report.noiseErrors!.heldOut.every((error) => error !== null && error < 1)).toBe(true);
    expect(report.rewards['anti-hack'].match).toBe(1);
    expect(report.rewards['anti-hack'].total).toBeCloseTo(1 - 0.1 * (2 / 24), 12);
  });

  it('is not beaten by the law with its constant 0.02 % off', () => {
    const truthTotal = verify(target, truth).report.rewards['anti-hack'].total;
    for (const factor of [0.9998, 1.0002]) {
      expect(verify(target, scaled(factor)).report.rewards['anti-hack'].total).toBeLessThanOrEqual(truthTotal);
    }
  });
});
