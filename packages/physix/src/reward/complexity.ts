import { SIMPLICITY_OPERATORS_PER_EQUATION } from '../constants.ts';
import type { EquationSystem, Expr } from '../equation/ast.ts';
import type { StateLayout } from '../equation/parse-equations.ts';

/**
 * Operators of the first-order system an action defines, however it was written:
 * - a second-order equation and its first-order pair (`dx/dt = vx` plus `dvx/dt = …`) give the
 *   same right-hand sides, and the identity `dx/dt = vx` is a bare symbol with no operator;
 * - a sub-expression without a state variable is one constant, like a number or a parameter,
 *   so `-(k/m)*x`, `-w*x` and `-4.2*x` all count one operator.
 */
export function canonicalComplexity(system: EquationSystem): number {
  return system.derivatives.reduce((sum, rhs) => sum + stateOperators(rhs).operators, 0);
}

/** The operator budget of a system: 12 per degree of freedom (position–velocity pair). */
export function complexityBudget(layout: StateLayout): number {
  return SIMPLICITY_OPERATORS_PER_EQUATION * Math.max(1, layout.velocityOf.size);
}

/** Operators of the nodes that depend on the state, and whether `expr` does. */
function stateOperators(expr: Expr): { operators: number; state: boolean } {
  switch (expr.kind) {
    case 'number':
      return { operators: 0, state: false };
    case 'symbol':
      return { operators: 0, state: expr.role === 'state' };
    case 'negate':
    case 'call': {
      const inner = stateOperators(expr.kind === 'negate' ? expr.operand : expr.argument);
      return inner.state ? { operators: inner.operators + 1, state: true } : inner;
    }
    case 'binary': {
      const left = stateOperators(expr.left);
      const right = stateOperators(expr.right);
      const state = left.state || right.state;
      return { operators: state ? left.operators + right.operators + 1 : 0, state };
    }
  }
}
