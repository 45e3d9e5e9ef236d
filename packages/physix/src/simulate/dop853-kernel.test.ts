import { unwrap } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { HELD_OUT_TOLERANCES } from '../constants.ts';
import { compileVectorField, PROMOTE_AFTER, type CompiledField } from '../equation/compile.ts';
import { parseEquationSystem } from '../equation/parse-equations.ts';
import { instantiate } from '../systems/instance.ts';
import { SYSTEMS } from '../systems/registry.ts';
import { WRONG_LAWS } from '../testing/wrong-law-catalogue.ts';
import { targetOf } from '../verify.ts';
import { dop853KernelSource, type IntegratorKernel } from './dop853-kernel.ts';
import { integrateDop853 } from './dop853.ts';
import { DEFAULT_MAX_STEPS } from './integration.ts';
import { prepareSimulation, SIMULATION_TOLERANCES } from './hypothesis.ts';

/** A compiled field bound until its shape is generated code. */
function promoted(compiled: CompiledField, parameters: Float64Array): CompiledField {
  for (let i = 0; i <= PROMOTE_AFTER && !compiled.generated; i++) compiled.bind(parameters);
  expect(compiled.generated).toBe(true);
  return compiled;
}

describe('the generated DOP853 kernel', () => {
  it('samples the same bits, with the same step counts, as integrateDop853 on every system, truth and wrong laws', () => {
    let compared = 0;
    for (const system of SYSTEMS) {
      for (let seed = 0; seed < 3; seed++) {
        const instance = instantiate(system, seed);
        const target = targetOf(instance);
        const laws = [
          { equation: system.groundTruth, params: instance.parameters },
          ...(WRONG_LAWS[system.id] ?? []).map((law) => ({
            equation: typeof law.equation === 'string' ? law.equation : law.equation(instance.parameters),
            params: law.params?.(instance.parameters) ?? {},
          })),
        ];
        for (const law of laws) {
          const { derivatives, parametersUsed } = unwrap(parseEquationSystem(law.equation, target, Object.keys(law.params)), `${system.id}: ${law.equation} does not parse`);
          const parameters = Float64Array.from(parametersUsed, (name) => law.params[name]!);
          const compiled = promoted(
            compileVectorField(
              derivatives,
              new Map(target.stateVariables.map((name, i) => [name, i])),
              new Map(parametersUsed.map((name, i) => [name, i])),
            ),
            parameters,
          );
          const kernel = compiled.bindKernel(parameters)!;
          const field = compiled.bind(parameters);
          const runs = [
            { initial: target.initial, times: Float64Array.from(target.times), ...SIMULATION_TOLERANCES },
            ...target.heldOut.map(({ initial, times }) => ({ initial, times, ...HELD_OUT_TOLERANCES })),
          ];
          for (const { initial, times, rtol, atol } of runs) {
            const n = target.stateVariables.length;
            const sampled = new Float64Array(times.length * n);
            const stats = kernel(0, initial, times, rtol, atol, DEFAULT_MAX_STEPS, 100_000, 1e9, sampled);
            const general = integrateDop853(field, 0, initial, times, {
              rtol,
              atol,
              maxRhsEvaluations: 100_000,
              maxMagnitude: 1e9,
              layout: 'by-variable',
            });
            if (stats === undefined) {
              // The kernel gives up only where the general integrator fails or cuts a non-finite step.
              expect(general.ok && general.value.stats.rejectedSteps === 0 && law.equation === system.groundTruth).toBe(false);
              continue;
            }
            const { values, stats: generalStats } = unwrap(general, `${system.id}: ${law.equation}`);
            expect(stats).toEqual(generalStats);
            expect(sampled.every((value, i) => Object.is(value, values[i]))).toBe(true);
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('gives up when any one stage of a step is non-finite, even if the field maps it back to finite values', () => {
    // y' = −y, except that evaluation number `at` returns `bad`; a non-finite state gives 0,
    // so the bad value reaches later stages only through the step's own combinations.
    const kernelWith = (at: number, bad: number) =>
      new Function(
        'bad',
        `"use strict"; return ${dop853KernelSource({
          temporaries: 'let calls = 0; ',
          expressions: [`(++calls === ${at} ? bad : Number.isFinite(y0) ? -y0 : 0)`],
        })};`,
      )(bad) as IntegratorKernel;
    const times = Float64Array.from({ length: 20 }, (_, i) => (i + 1) / 4);
    const run = (kernel: IntegratorKernel) =>
      kernel(0, [1], times, 1e-9, 1e-12, DEFAULT_MAX_STEPS, 100_000, 1e9, new Float64Array(times.length));
    const evaluations = run(kernelWith(0, 0))!.rhsEvaluations;
    expect(evaluations).toBeGreaterThan(100);
    // Evaluations 1 and 2 pick the first step size; every later one is a stage of a step.
    for (let at = 3; at <= evaluations; at++) {
      for (const bad of [Number.NaN, Infinity, -Infinity]) expect(run(kernelWith(at, bad))).toBeUndefined();
    }
  });

  it('gives up on a non-finite stage, and the simulation then reports the general integrator’s failure', () => {
    const layout = { stateVariables: ['y', 'vy'], velocityOf: new Map([['y', 'vy']]) };
    const text = 'd2y/dt2 = -sqrt(y)';
    const hypothesis = { system: unwrap(parseEquationSystem(text, layout, []), 'does not parse'), stateVariables: layout.stateVariables, parameters: new Map(), text };
    const times = Float64Array.from({ length: 50 }, (_, i) => i / 10);
    const cold = prepareSimulation(hypothesis).run([1, 0], times);
    for (let i = 0; i <= PROMOTE_AFTER; i++) prepareSimulation(hypothesis);
    const warm = prepareSimulation(hypothesis).run([1, 0], times);
    expect(cold.ok).toBe(false);
    expect(warm).toEqual(cold);
    if (!warm.ok) expect(warm.failure.message).toMatch(/sqrt\(y\) received a negative value/);
  });
});
