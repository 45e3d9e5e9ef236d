import { unwrap } from '@verilab/core';
import { integrateDopri5 } from '../simulate/dormand-prince.ts';
import type { PhysicalSystem, Values } from './system.ts';

/** Tolerances for the reference trajectories: far below the noise, near double precision. */
const TRUTH_TOLERANCES = { rtol: 1e-10, atol: 1e-12 } as const;

/**
 * The true trajectory of a system from an initial state, sampled at `times`: one column per
 * state variable, in state order. A system that fails to simulate is a bug in the system, not
 * an input error, so it throws.
 */
export function simulateTruth(
  system: PhysicalSystem,
  parameters: Values,
  initial: Values,
  times: Float64Array,
  label: string,
): Float64Array[] {
  const y0 = system.stateVariables.map((name) => initial[name]!);
  const { values } = unwrap(
    integrateDopri5((_t, state, out) => system.derivatives(state, parameters, out), 0, y0, times, TRUTH_TOLERANCES),
    `${system.id} (${label}) failed to simulate:`,
  );
  const n = system.stateVariables.length;
  return system.stateVariables.map((_, j) => Float64Array.from(times, (_t, i) => values[i * n + j]!));
}

/** linspace(0, duration, count). */
export function sampleTimes(duration: number, count: number): Float64Array {
  return Float64Array.from({ length: count }, (_, i) => (duration * i) / (count - 1));
}
