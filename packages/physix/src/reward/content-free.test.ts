import { describe, expect, it } from 'vitest';
import { NOISE_BAND } from '../constants.ts';
import { groundTruthAction } from '../episode/ground-truth-action.ts';
import { instantiate } from '../systems/instance.ts';
import { getSystem, SYSTEMS } from '../systems/registry.ts';
import { targetOf, verify } from '../verify.ts';
import { computeReward, contentCredit } from './reward.ts';

const antiHack = (systemId: string, seed: number, equation: string, params: Record<string, number> = {}) =>
  verify(targetOf(instantiate(getSystem(systemId)!, seed)), { equation, params }).report.rewards['anti-hack'];

/** The laws with no physics in them, written as a model would. */
function contentFree(systemId: string): string[] {
  const system = getSystem(systemId)!;
  return [
    [...system.velocityOf.keys()].map((position) => `d2${position}/dt2 = 0`).join('; '),
    system.stateVariables.map((name) => `d${name}/dt = 0`).join('; '),
  ];
}

describe('default reward: a well-formed law with no physics in it earns nothing', () => {
  it.each(SYSTEMS.map((system) => [system.id] as const))('%s: d2q/dt2 = 0 and dq/dt = 0', (id) => {
    // Before: format 1 for any law that simulated, so d2y/dt2 = 0 totalled 0.201 everywhere.
    for (let seed = 0; seed < 3; seed++) {
      for (const equation of contentFree(id)) {
        const reward = antiHack(id, seed, equation);
        expect(reward.format, equation).toBe(0);
        expect(reward.total, equation).toBeLessThan(0.002);
      }
    }
  });

  it('a force too small to matter earns about nothing either', () => {
    expect(antiHack('free_fall', 0, 'd2y/dt2 = -0.000001').total).toBeLessThan(0.002);
    expect(antiHack('spring_mass', 0, 'd2x/dt2 = -0.000001*x').total).toBeLessThan(0.002);
    expect(antiHack('simple_pendulum', 0, 'd2theta/dt2 = -0.000001*sin(theta)').total).toBeLessThan(0.002);
  });

  it('a plausible first attempt (the right form, a constant off) keeps a learning signal', () => {
    // Credit is the share of the content-free error removed, measured point by point: a drag
    // or gravity 30 % off removes over 90 % of it, while an oscillator whose frequency is off
    // drifts out of phase and explains less the further off it is (a pendulum's L 10 % off
    // earns 0.83, 30 % off 0.01; seed 0).
    for (const system of SYSTEMS) {
      const instance = instantiate(system, 0);
      const truth = groundTruthAction(instance);
      // Only the first constant is off, so no ratio of constants survives the scaling.
      const [first] = Object.keys(truth.params);
      const format = (factor: number) =>
        antiHack(system.id, 0, truth.equation, { ...truth.params, [first!]: truth.params[first!]! * factor })
          .format;
      expect(format(0.9), `${system.id} ${first} × 0.9`).toBeGreaterThan(0.25);
      expect(format(0.9)).toBeGreaterThanOrEqual(format(0.7));
      if (['free_fall', 'free_fall_drag', 'projectile_drag'].includes(system.id))
        expect(format(0.7), `${system.id} ${first} × 0.7`).toBeGreaterThan(0.9);
    }
  });

  it('the credit is 1 − error / content-free error, 1 inside the band, and never rises with the error', () => {
    expect(contentCredit(500, 2000)).toBe(0.75);
    expect(contentCredit(3000, 2000)).toBe(0);
    expect(contentCredit(Infinity, 2000)).toBe(0);
    const errors = [-0.5, 0, NOISE_BAND, 1.01, 1.5, 10, 300, 1999, 2000, 1e5, Infinity];
    const totals = errors.map(
      (noiseError) =>
        computeReward('anti-hack', {
          evidence: { scores: { r2: {}, mean: 1, min: 1 }, noiseError, contentFreeError: 2000 },
          operatorCount: 0,
          equationCount: 1,
          complexity: 0,
          complexityBudget: 12,
          previousMatch: 0,
        }).total,
    );
    for (let i = 1; i < totals.length; i++) expect(totals[i]).toBeLessThanOrEqual(totals[i - 1]!);
    expect(totals[2]).toBe(1);
    expect(totals.at(-1)).toBe(0);
  });
});
