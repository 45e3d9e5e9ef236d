import { countOperators, type EquationSystem } from '../equation/ast.ts';
import type { StateLayout } from '../equation/parse-equations.ts';
import { SIMPLICITY_OPERATORS_PER_EQUATION } from '../constants.ts';

/**
 * Operators of the first-order system an action defines, however it was written: a
 * second-order equation and its first-order pair (`dx/dt = vx` plus `dvx/dt = …`) give the same
 * right-hand sides, and the identity `dx/dt = vx` is a bare symbol with no operator.
 */
export function canonicalComplexity(system: EquationSystem): number {
  return system.derivatives.reduce((sum, rhs) => sum + countOperators(rhs), 0);
}

/** The operator budget of a system: 12 per degree of freedom (position–velocity pair). */
export function complexityBudget(layout: StateLayout): number {
  return SIMPLICITY_OPERATORS_PER_EQUATION * Math.max(1, layout.velocityOf.size);
}
