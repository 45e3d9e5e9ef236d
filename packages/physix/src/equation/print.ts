import type { BinaryOperator, Equation, Expr } from './ast.ts';

/**
 * Canonical text for an AST, with the fewest parentheses that parse back to the same tree:
 * parse(print(ast)) equals ast up to spans and alias spelling (`dx/dt` prints as `vx`).
 */
export function printExpression(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
      // Shortest round-trip decimal (ECMAScript Number::toString), e.g. 9.81, 1e-7, 1e+21.
      return String(expr.value);
    case 'symbol':
      return expr.name;
    case 'call':
      return `${expr.name}(${printExpression(expr.argument)})`;
    case 'negate':
      return `-${wrap(expr.operand, precedence(expr.operand) < NEGATE)}`;
    case 'binary': {
      const own = BINARY[expr.operator];
      const leftParens =
        expr.operator === '^' ? precedence(expr.left) <= POWER : precedence(expr.left) < own;
      // Right operands of ^ may be negations (a^-b, as in Python); otherwise same-level
      // operators on the right need parentheses because + - * / associate to the left.
      const rightParens =
        expr.operator === '^' ? precedence(expr.right) < NEGATE : precedence(expr.right) <= own;
      const gap = own === SUM ? ' ' : '';
      return `${wrap(expr.left, leftParens)}${gap}${expr.operator}${gap}${wrap(expr.right, rightParens)}`;
    }
  }
}

/** `d2y/dt2 = -g` or `dvy/dt = -g`. */
export function printEquation(equation: Equation): string {
  const lhs = equation.order === 2 ? `d2${equation.variable}/dt2` : `d${equation.variable}/dt`;
  return `${lhs} = ${printExpression(equation.rhs)}`;
}

/** Several equations, separated by `; ` as in the original's ground-truth strings. */
export function printEquations(equations: readonly Equation[]): string {
  return equations.map(printEquation).join('; ');
}

const SUM = 1;
const PRODUCT = 2;
const NEGATE = 3;
const POWER = 4;
const ATOM = 5;
const BINARY: Readonly<Record<BinaryOperator, number>> = {
  '+': SUM,
  '-': SUM,
  '*': PRODUCT,
  '/': PRODUCT,
  '^': POWER,
};

function precedence(expr: Expr): number {
  if (expr.kind === 'binary') return BINARY[expr.operator];
  return expr.kind === 'negate' ? NEGATE : ATOM;
}

function wrap(expr: Expr, parens: boolean): string {
  const text = printExpression(expr);
  return parens ? `(${text})` : text;
}
