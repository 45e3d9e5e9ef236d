import { describe, expect, it } from 'vitest';
import { groundTruthAction } from '../episode/ground-truth-action.ts';
import { instantiate } from '../systems/instance.ts';
import { getSystem } from '../systems/registry.ts';
import { targetOf, verify } from '../verify.ts';

/**
 * Red-team cases: the true law with its constants fitted to the shown data. The fit carries
 * their estimation error to the held-out experiments, and where those extrapolate far (a
 * damping estimated from a small swing, judged on a large one) it exceeded the 1 σ² noise band
 * on damped_pendulum seeds 59 (1.015 σ²), 499 (1.81) and 200036 (1.12): the fitted truth
 * totalled 0.894, 0.514 and 0.857 instead of 0.967. The band now carries the truth's estimation
 * uncertainty (fit/truth-uncertainty.ts), and must still exclude constants 5 % off.
 */
const SEEDS = [59, 499, 200_036];
const system = getSystem('damped_pendulum')!;

describe('the fitted truth on seeds whose held-out swing extrapolates far', () => {
  it.each(SEEDS)('seed %i: scores r_match 1 and the total of the truth with its true constants', (seed) => {
    const instance = instantiate(system, seed);
    const target = targetOf(instance);
    const truth = groundTruthAction(instance);
    const exact = verify(target, truth).report.rewards['anti-hack'];
    const fitted = verify(target, truth, { fit: true }).report.rewards['anti-hack'];
    expect(fitted.match).toBe(1);
    expect(fitted.total).toBe(exact.total);
  });

  it.each(SEEDS)('seed %i: a constant 5 %% off stays outside the band', (seed) => {
    const instance = instantiate(system, seed);
    const target = targetOf(instance);
    const truth = groundTruthAction(instance);
    const exact = verify(target, truth).report.rewards['anti-hack'].total;
    for (const name of ['L', 'b']) {
      for (const factor of [0.95, 1.05]) {
        const params = { ...truth.params, [name]: truth.params[name]! * factor };
        const wrong = verify(target, { equation: truth.equation, params }).report.rewards['anti-hack'];
        expect(wrong.match, `${name} × ${factor}`).toBeLessThan(1);
        expect(wrong.total).toBeLessThan(exact);
      }
    }
  });
});
