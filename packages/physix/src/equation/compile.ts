import type { BinaryOperator, Expr } from './ast.ts';
import { FUNCTIONS } from './grammar.ts';

/** A compiled right side: reads the state vector, returns one derivative. */
export type CompiledExpression = (state: Float64Array) => number;

/**
 * Turns an AST into a tree of closures (no `eval`, no `new Function`): each node becomes one
 * small function with its children and constants captured, which V8 runs at a few nanoseconds
 * per node. Parameters are baked in as constants, so fitting recompiles per parameter set
 * (cheap: one closure per node) instead of reading a parameter vector on every evaluation.
 * Subtrees without state variables, such as `-(g/L)`, are evaluated once here (by the same
 * closures, so the arithmetic is identical), and operators with one constant side get a
 * closure that captures the constant instead of calling for it.
 * Symbols absent from both maps are a programmer error: the parser has already resolved them.
 */
export function compileExpression(
  expr: Expr,
  stateIndex: ReadonlyMap<string, number>,
  parameters: ReadonlyMap<string, number>,
): CompiledExpression {
  return compileNode(expr, stateIndex, parameters).evaluate;
}

interface Compiled {
  readonly evaluate: CompiledExpression;
  /** The value, when the subtree does not depend on the state. */
  readonly constant?: number;
}

const EMPTY_STATE = new Float64Array(0);

/** A closure for the node, folded to a constant if its inputs are constant. */
function folded(evaluate: CompiledExpression, inputs: readonly Compiled[]): Compiled {
  if (!inputs.every((input) => input.constant !== undefined)) return { evaluate };
  return constant(evaluate(EMPTY_STATE));
}

function constant(value: number): Compiled {
  return { evaluate: () => value, constant: value };
}

function compileNode(
  node: Expr,
  stateIndex: ReadonlyMap<string, number>,
  parameters: ReadonlyMap<string, number>,
): Compiled {
  const compile = (child: Expr) => compileNode(child, stateIndex, parameters);
  switch (node.kind) {
    case 'number':
      return constant(node.value);
    case 'symbol': {
      if (node.role === 'state') {
        const index = stateIndex.get(node.name);
        if (index === undefined) throw new Error(`unknown state variable ${node.name}`);
        return { evaluate: (state) => state[index]! };
      }
      const value = parameters.get(node.name);
      if (value === undefined) throw new Error(`no value for parameter ${node.name}`);
      return constant(value);
    }
    case 'negate': {
      const operand = compile(node.operand);
      const f = operand.evaluate;
      return folded((state) => -f(state), [operand]);
    }
    case 'call': {
      const fn = FUNCTIONS.get(node.name)!;
      const argument = compile(node.argument);
      const f = argument.evaluate;
      return folded((state) => fn(f(state)), [argument]);
    }
    case 'binary': {
      const left = compile(node.left);
      const right = compile(node.right);
      return folded(binary(node.operator, left, right), [left, right]);
    }
  }
}

function binary(operator: BinaryOperator, left: Compiled, right: Compiled): CompiledExpression {
  const l = left.evaluate;
  const r = right.evaluate;
  const a = left.constant;
  const b = right.constant;
  switch (operator) {
    case '+':
      if (b !== undefined) return (state) => l(state) + b;
      return a !== undefined ? (state) => a + r(state) : (state) => l(state) + r(state);
    case '-':
      if (b !== undefined) return (state) => l(state) - b;
      return a !== undefined ? (state) => a - r(state) : (state) => l(state) - r(state);
    case '*':
      if (b !== undefined) return (state) => l(state) * b;
      return a !== undefined ? (state) => a * r(state) : (state) => l(state) * r(state);
    case '/':
      if (b !== undefined) return (state) => l(state) / b;
      return a !== undefined ? (state) => a / r(state) : (state) => l(state) / r(state);
    case '^':
      if (b === 2) {
        return (state) => {
          const base = l(state);
          return base * base;
        };
      }
      if (b !== undefined) return (state) => l(state) ** b;
      return (state) => l(state) ** r(state);
  }
}

/**
 * The innermost sub-expression that is non-finite while all its children are finite, at a
 * given state: the place to point at when a simulation produced NaN or Infinity.
 */
export function findNonFinite(
  expr: Expr,
  stateIndex: ReadonlyMap<string, number>,
  parameters: ReadonlyMap<string, number>,
  state: Float64Array,
): { readonly node: Expr; readonly inputs: readonly number[] } | undefined {
  const value = (node: Expr) => compileExpression(node, stateIndex, parameters)(state);
  if (Number.isFinite(value(expr))) return undefined;
  let node = expr;
  for (;;) {
    const children =
      node.kind === 'binary'
        ? [node.left, node.right]
        : node.kind === 'negate'
          ? [node.operand]
          : node.kind === 'call'
            ? [node.argument]
            : [];
    const bad = children.find((child) => !Number.isFinite(value(child)));
    if (bad === undefined) return { node, inputs: children.map(value) };
    node = bad;
  }
}
