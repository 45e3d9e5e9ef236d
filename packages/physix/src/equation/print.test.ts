import { unwrap } from '@verilab/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BinaryOperator, Expr } from './ast.ts';
import { FUNCTION_NAMES, LIMITS } from './grammar.ts';
import { parseEquationSystem, type StateLayout } from './parse-equations.ts';
import { printEquations, printExpression } from './print.ts';

const LAYOUT: StateLayout = {
  stateVariables: ['x', 'y', 'vx', 'vy'],
  velocityOf: new Map([
    ['x', 'vx'],
    ['y', 'vy'],
  ]),
};
const PARAMETERS = ['a', 'k', 'omega', '__proto__'];
const SPAN = { start: 0, end: 0 };

/** The AST without spans, for structural comparison. */
export function shape(expr: Expr): unknown {
  switch (expr.kind) {
    case 'number':
      return expr.value;
    case 'symbol':
      return `${expr.role}:${expr.name}`;
    case 'negate':
      return ['neg', shape(expr.operand)];
    case 'call':
      return [expr.name, shape(expr.argument)];
    case 'binary':
      return [expr.operator, shape(expr.left), shape(expr.right)];
  }
}

const numberNode = fc
  .oneof(
    fc.integer({ min: 0, max: 20 }),
    fc.double({ min: 0, max: 1e300, noNaN: true, noDefaultInfinity: true }),
  )
  .map((value): Expr => ({ kind: 'number', value: Math.abs(value), span: SPAN }));
const symbolNode = fc.oneof(
  fc
    .constantFrom(...LAYOUT.stateVariables)
    .map((name): Expr => ({ kind: 'symbol', name, role: 'state', span: SPAN })),
  fc
    .constantFrom(...PARAMETERS)
    .map((name): Expr => ({ kind: 'symbol', name, role: 'parameter', span: SPAN })),
);

/** Random ASTs within the parser's limits (exponent literals at most maxLiteralExponent). */
const { expr: arbitraryExpr } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numberNode,
    symbolNode,
    tie('expr').map((operand): Expr => ({ kind: 'negate', operand, span: SPAN })),
    fc
      .tuple(fc.constantFrom(...FUNCTION_NAMES), tie('expr'))
      .map(([name, argument]): Expr => ({ kind: 'call', name, argument, span: SPAN })),
    fc
      .tuple(fc.constantFrom<BinaryOperator>('+', '-', '*', '/', '^'), tie('expr'), tie('expr'))
      .map(([operator, left, right]): Expr => ({
        kind: 'binary',
        operator,
        left,
        right: operator === '^' ? limitExponent(right) : right,
        span: SPAN,
      })),
  ),
}));

function limitExponent(expr: Expr): Expr {
  if (expr.kind === 'number' && expr.value > LIMITS.maxLiteralExponent)
    return { ...expr, value: expr.value % LIMITS.maxLiteralExponent };
  if (expr.kind === 'negate') return { ...expr, operand: limitExponent(expr.operand) };
  return expr;
}

/**
 * Prints an AST the way a model might: redundant parentheses, `**` for `^`, `dx/dt` or `dx`
 * for vx, `Abs` for abs, uneven spaces. The choices come from a boolean stream.
 */
function noisyPrint(expr: Expr, coin: () => boolean): string {
  const space = () => (coin() ? ' ' : '');
  const inner = (): string => {
    switch (expr.kind) {
      case 'number':
        return printExpression(expr);
      case 'symbol':
        if (expr.name === 'vx' && coin()) return coin() ? 'dx/dt' : 'dx';
        return expr.name;
      case 'call':
        return `${expr.name === 'abs' && coin() ? 'Abs' : expr.name}(${space()}${noisyPrint(expr.argument, coin)}${space()})`;
      case 'negate':
        return `-(${noisyPrint(expr.operand, coin)})`;
      case 'binary': {
        const operator = expr.operator === '^' && coin() ? '**' : expr.operator;
        return `(${noisyPrint(expr.left, coin)})${space()}${operator}${space()}(${noisyPrint(expr.right, coin)})`;
      }
    }
  };
  const text = inner();
  return coin() && coin() ? `(${space()}${text}${space()})` : text;
}

function reparse(x: Expr, y: Expr) {
  const text = `d2x/dt2 = ${printExpression(x)}\nd2y/dt2 = ${printExpression(y)}`;
  return unwrap(parseEquationSystem(text, LAYOUT, PARAMETERS), text);
}

describe('print → parse round-trips', () => {
  it('parse(print(ast)) is ast for random ASTs', () => {
    fc.assert(
      fc.property(arbitraryExpr, arbitraryExpr, (x, y) => {
        const system = reparse(x, y);
        expect(system.equations.map((equation) => shape(equation.rhs))).toEqual([
          shape(x),
          shape(y),
        ]);
      }),
      { numRuns: 1500, seed: 6 },
    );
  });

  it('print(parse(s)) is a fixed point for texts written the way models write', () => {
    const coins = fc.array(fc.boolean(), { minLength: 1, maxLength: 256 });
    fc.assert(
      fc.property(arbitraryExpr, arbitraryExpr, coins, (x, y, flips) => {
        let next = 0;
        const coin = () => flips[next++ % flips.length]!;
        const text = `d2x/dt2 =${noisyPrint(x, coin)}\n\n  d2y/dt2= ${noisyPrint(y, coin)} ;`;
        const first = unwrap(parseEquationSystem(text, LAYOUT, PARAMETERS), text);
        expect(first.equations.map((e) => shape(e.rhs))).toEqual([shape(x), shape(y)]);
        const printed = printEquations(first.equations);
        const second = unwrap(parseEquationSystem(printed, LAYOUT, PARAMETERS), printed);
        expect(printEquations(second.equations)).toBe(printed);
      }),
      { numRuns: 1500, seed: 7 },
    );
  });

  it('uses minimal parentheses for the ground truths', () => {
    const system = reparse(
      parseOne('-k*sqrt(vx**2 + vy**2)*vx'),
      parseOne('-(a - k)*vy^2^-1 / (omega*(x - y))'),
    );
    expect(printEquations(system.equations)).toBe(
      'd2x/dt2 = -k*sqrt(vx^2 + vy^2)*vx; d2y/dt2 = -(a - k)*vy^2^-1/(omega*(x - y))',
    );
  });
});

function parseOne(text: string): Expr {
  return unwrap(parseEquationSystem(`d2x/dt2 = ${text}; d2y/dt2 = 0`, LAYOUT, PARAMETERS)).equations[0]!.rhs;
}
