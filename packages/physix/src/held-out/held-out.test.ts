import { describe, expect, it } from 'vitest';
import { HELD_OUT_SAMPLE_COUNT, NOISE_RELATIVE_SIGMA } from '../constants.ts';
import { standardDeviation } from '@verilab/core';
import { instantiate, type SystemInstance } from '../systems/instance.ts';
import { SYSTEMS, getSystem } from '../systems/registry.ts';
import { simulateTruth } from '../systems/simulate-truth.ts';
import { scoringReference, type HeldOutExperiment } from './held-out.ts';

/** The clean true trajectory of a held-out experiment, simulated again from its initial state. */
function cleanOf(instance: SystemInstance, experiment: HeldOutExperiment): Float64Array[] {
  const { system } = instance;
  const initial = Object.fromEntries(system.stateVariables.map((name, j) => [name, experiment.initial[j]!]));
  return simulateTruth(system, instance.parameters, initial, experiment.times, 'held-out test');
}

describe('scoringReference', () => {
  it('is a pure function of (system, seed), memoised', () => {
    const system = getSystem('projectile_drag')!;
    const reference = scoringReference(instantiate(system, 7));
    expect(reference).toBe(scoringReference(instantiate(system, 7)));
    expect(Array.from(reference.heldOut[0]!.initial)).not.toEqual(
      Array.from(scoringReference(instantiate(system, 8)).heldOut[0]!.initial),
    );
    // Frozen: a change re-draws every held-out experiment (a format bump).
    expect(Array.from(reference.heldOut[1]!.initial).map((v) => v.toFixed(6))).toEqual([
      '0.000000',
      '0.000000',
      '16.046122',
      '51.225413',
    ]);
  });

  it.each(SYSTEMS.map((system) => [system.id, system] as const))(
    '%s: two experiments from other starts, at least as long, σ no smaller than shown',
    (_id, system) => {
      const instance = instantiate(system, 3);
      const { heldOut, sigma } = scoringReference(instance);
      expect(heldOut).toHaveLength(2);
      for (const experiment of heldOut) {
        expect(experiment.times).toHaveLength(HELD_OUT_SAMPLE_COUNT);
        expect(experiment.times.at(-1)).toBeGreaterThanOrEqual(system.duration);
        expect(Array.from(experiment.initial)).not.toEqual(
          system.stateVariables.map((name) => instance.initialConditions[name]),
        );
        cleanOf(instance, experiment).forEach((column, j) => {
          expect(experiment.sigma[j]).toBeCloseTo(
            Math.max(NOISE_RELATIVE_SIGMA * standardDeviation(column), sigma[j]!),
            12,
          );
        });
      }
      instance.clean.forEach((column, j) =>
        expect(sigma[j]).toBeCloseTo(NOISE_RELATIVE_SIGMA * standardDeviation(column), 12),
      );
    },
  );

  it('held-out experiments are physically sensible: falls stay airborne, pendulums never loop', () => {
    for (let seed = 0; seed < 50; seed++) {
      for (const id of ['free_fall', 'free_fall_drag']) {
        const instance = instantiate(getSystem(id)!, seed);
        for (const experiment of scoringReference(instance).heldOut)
          expect(Math.min(...cleanOf(instance, experiment)[0]!)).toBeGreaterThan(0);
      }
      for (const id of ['simple_pendulum', 'damped_pendulum']) {
        const instance = instantiate(getSystem(id)!, seed);
        for (const experiment of scoringReference(instance).heldOut)
          expect(Math.max(...cleanOf(instance, experiment)[0]!.map(Math.abs))).toBeLessThan(Math.PI);
      }
    }
  });

  it('held-out experiments reach where the look-alikes part: large swings, high speeds', () => {
    const pendulum = scoringReference(instantiate(getSystem('simple_pendulum')!, 1));
    expect(pendulum.heldOut[0]!.initial[0]).toBeGreaterThan(1.8);
    const drag = instantiate(getSystem('free_fall_drag')!, 1);
    const fastest = Math.max(...drag.clean[1]!.map(Math.abs));
    for (const experiment of scoringReference(drag).heldOut)
      expect(Math.max(...cleanOf(drag, experiment)[1]!.map(Math.abs))).toBeGreaterThan(1.2 * fastest);
  });
});
