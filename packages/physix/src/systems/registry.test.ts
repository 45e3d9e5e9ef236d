import { unwrap, Xoshiro128 } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { compileExpression } from '../equation/compile.ts';
import { parseEquationSystem } from '../equation/parse-equations.ts';
import { SYSTEMS, TRAINING_TIERS, getSystem, listSystems } from './registry.ts';

describe('the system registry', () => {
  it('holds the eight systems in three tiers, tier 3 held out of training', () => {
    expect(SYSTEMS.map((system) => system.id)).toEqual([
      'free_fall',
      'free_fall_drag',
      'simple_pendulum',
      'damped_pendulum',
      'spring_mass',
      'damped_spring',
      'projectile_drag',
      'charged_particle_b_field',
    ]);
    expect(listSystems(['tier1']).map((s) => s.id)).toEqual([
      'free_fall',
      'free_fall_drag',
      'simple_pendulum',
    ]);
    expect(listSystems(['tier3']).map((s) => s.id)).toEqual([
      'projectile_drag',
      'charged_particle_b_field',
    ]);
    expect(listSystems(TRAINING_TIERS)).toHaveLength(6);
    expect(getSystem('free_fall')?.title).toBe('Free fall');
    expect(getSystem('__proto__')).toBeUndefined();
    expect(getSystem('constructor')).toBeUndefined();
  });

  it.each(SYSTEMS.map((system) => [system.id, system] as const))(
    '%s: state layout, ground truth and hand-written dynamics agree',
    (_id, system) => {
      const velocities = [...system.velocityOf.values()];
      const positions = [...system.velocityOf.keys()];
      expect(system.stateVariables).toEqual([...positions, ...velocities]);
      const rng = Xoshiro128.fromSeed(9);
      const parameters = system.sampleParameters(rng);
      const parsed = unwrap(parseEquationSystem(system.groundTruth, system, Object.keys(parameters)));
      const stateIndex = new Map(system.stateVariables.map((name, i) => [name, i]));
      const compiled = parsed.derivatives.map((expr) =>
        compileExpression(expr, stateIndex, new Map(Object.entries(parameters))),
      );
      // At random states the parsed ground truth and the hand-written derivatives coincide.
      const handWritten = new Float64Array(system.stateVariables.length);
      for (let trial = 0; trial < 20; trial++) {
        const state = Float64Array.from(system.stateVariables, () => 20 * rng.nextDouble() - 10);
        system.derivatives(state, parameters, handWritten);
        compiled.forEach((f, i) => expect(f(state)).toBeCloseTo(handWritten[i]!, 12));
      }
      expect(
        system.hint(parameters, system.sampleInitialConditions(rng, parameters)).length,
      ).toBeGreaterThan(20);
    },
  );
});
