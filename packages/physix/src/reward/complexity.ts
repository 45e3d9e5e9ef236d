import { SIMPLICITY_OPERATORS_PER_EQUATION } from '../constants.ts';
import type { EquationSystem, Expr } from '../equation/ast.ts';
import type { StateLayout } from '../equation/parse-equations.ts';

/**
 * Operators of the first-order system an action defines, however it was written:
 * - a second-order equation and its first-order pair (`dx/dt = vx` plus `dvx/dt = …`) give the
 *   same right-hand sides, and the identity `dx/dt = vx` is a bare symbol with no operator;
 * - a sub-expression without a state variable is one constant, like a number or a parameter,
 *   so `-(k/m)*x`, `-w*x` and `-4.2*x` all count one operator;
 * - a product or quotient has one coefficient, wherever its constant factors and signs are
 *   written, so `-k*x/m`, `-(k*x)/m` and `x*(-k/m)` count one operator too;
 * - a sign is absorbed by the sum or the coefficient it stands in (`-(g + k*v)` counts as
 *   `-g - k*v`), and a coefficient dividing a sum may be distributed over it
 *   (`-(k*x + b*v)/m` counts as `-(k/m)*x - (b/m)*v`).
 * So the same law scores the same simplicity however a model arranges its constants, and a
 * wrong law cannot outscore a natural spelling of the truth on arrangement alone.
 */
export function canonicalComplexity(system: EquationSystem): number {
  return system.derivatives.reduce((sum, rhs) => sum + standaloneCost(shapeOf(rhs)), 0);
}

/** The operator budget of a system: 12 per degree of freedom (position–velocity pair). */
export function complexityBudget(layout: StateLayout): number {
  return SIMPLICITY_OPERATORS_PER_EQUATION * Math.max(1, layout.velocityOf.size);
}

/**
 * A sub-expression as `sign · coefficient · core`: `operators` counts the core's operators;
 * `coefficient` says a constant (other than a bare sign) multiplies it; `negative` is the sign
 * still to be paid for (a sum or a coefficient it stands in absorbs it). A constant has no core.
 */
interface Shape {
  readonly state: boolean;
  readonly operators: number;
  readonly coefficient: boolean;
  readonly negative: boolean;
}

const CONSTANT: Shape = { state: false, operators: 0, coefficient: false, negative: false };

/** Operators of a sub-expression on its own: its core, plus one for its coefficient or its bare sign. */
function standaloneCost(shape: Shape): number {
  if (!shape.state) return 0;
  return shape.operators + (shape.coefficient || shape.negative ? 1 : 0);
}

function shapeOf(expr: Expr): Shape {
  if (isAdditive(expr)) return sumShape(expr);
  return productShape(expr);
}

function isAdditive(expr: Expr): boolean {
  return expr.kind === 'binary' && (expr.operator === '+' || expr.operator === '-');
}

/** The terms of a sum with their signs, through `+`, `-` and negations of sums. */
function collectTerms(expr: Expr, negative: boolean, into: { expr: Expr; negative: boolean }[]): void {
  if (expr.kind === 'binary' && (expr.operator === '+' || expr.operator === '-')) {
    collectTerms(expr.left, negative, into);
    collectTerms(expr.right, expr.operator === '-' ? !negative : negative, into);
  } else if (expr.kind === 'negate' && isAdditive(expr.operand)) {
    collectTerms(expr.operand, !negative, into);
  } else {
    into.push({ expr, negative });
  }
}

/**
 * A sum costs one operator per join of its state terms, one for its constant part (all constant
 * terms are one constant) and each state term's own cost; the terms' signs are the joins' `+`
 * and `-`, except when every state term is negative with no coefficient to carry the sign (and
 * no constant to subtract from): then the sum is a negated sum, and the sign is left to pay.
 * `distributed`: a coefficient multiplied into the sum, so every state term has one.
 */
function sumShape(expr: Expr, distributed = false): Shape {
  const terms: { expr: Expr; negative: boolean }[] = [];
  collectTerms(expr, false, terms);
  let stateTerms = 0;
  let constant = false;
  let operators = 0;
  let allNegativeBare = true;
  let last: { shape: Shape; negative: boolean } | undefined;
  for (const term of terms) {
    const shape = productShape(term.expr);
    if (!shape.state) {
      constant = true;
      continue;
    }
    stateTerms++;
    last = { shape, negative: term.negative };
    operators += shape.operators + (shape.coefficient || distributed ? 1 : 0);
    if (shape.coefficient || term.negative === shape.negative) allNegativeBare = false;
  }
  if (last === undefined) return CONSTANT;
  if (stateTerms === 1 && !constant && !distributed) {
    const { shape, negative } = last;
    return { ...shape, negative: shape.coefficient ? false : negative !== shape.negative };
  }
  return {
    state: true,
    operators: operators + stateTerms - 1 + (constant ? 1 : 0),
    coefficient: false,
    negative: !distributed && !constant && allNegativeBare,
  };
}

/** The factors of a product or quotient with the product's sign, through `*`, `/` and negations. */
function collectFactors(expr: Expr, into: Expr[]): boolean {
  if (expr.kind === 'binary' && (expr.operator === '*' || expr.operator === '/')) {
    return collectFactors(expr.left, into) !== collectFactors(expr.right, into);
  }
  if (expr.kind === 'negate' && !isAdditive(expr.operand)) return !collectFactors(expr.operand, into);
  into.push(expr);
  return false;
}

/**
 * Shapes already worked out, per node (the AST is immutable): a product weighs its one sum both
 * as written and distributed, each working out the sum's terms, so without them a coefficient
 * times a sum nested n deep would cost about 3^n.
 */
const productShapes = new WeakMap<Expr, Shape>();
const factorShapes = new WeakMap<Expr, Shape>();

function productShape(expr: Expr): Shape {
  return remembered(productShapes, expr, productShapeOnce);
}

function factorShape(expr: Expr): Shape {
  return remembered(factorShapes, expr, factorShapeOnce);
}

function remembered(shapes: WeakMap<Expr, Shape>, expr: Expr, compute: (expr: Expr) => Shape): Shape {
  let shape = shapes.get(expr);
  if (shape === undefined) {
    shape = compute(expr);
    shapes.set(expr, shape);
  }
  return shape;
}

/**
 * A product costs one operator per join of its state factors, one for its coefficient (every
 * constant factor together) and each state factor's own cost. A coefficient times a single sum
 * is counted distributed over the sum's terms when that is cheaper.
 */
function productShapeOnce(expr: Expr): Shape {
  const factors: Expr[] = [];
  let negative = collectFactors(expr, factors);
  let stateFactors = 0;
  let coefficient = false;
  let operators = 0;
  let onlySum: Shape | undefined;
  for (const factor of factors) {
    const shape = factorShape(factor);
    if (!shape.state) {
      coefficient = true;
      continue;
    }
    stateFactors++;
    // A factor's own coefficient joins this product's; its pending sign joins this product's sign.
    coefficient ||= shape.coefficient;
    negative = negative !== shape.negative;
    operators += shape.operators;
    onlySum = isAdditive(factor) || (factor.kind === 'negate' && isAdditive(factor.operand)) ? shape : undefined;
  }
  if (stateFactors === 0) return CONSTANT;
  const product: Shape = { state: true, operators: operators + stateFactors - 1, coefficient, negative };
  if (stateFactors !== 1 || onlySum === undefined || !coefficient) return product;
  const distributed = sumShape(factors.find((factor) => factorShape(factor).state)!, true);
  return standaloneCost(distributed) < standaloneCost(product) ? distributed : product;
}

/** A factor that is not itself a product: a sum, a call, a power, a symbol or a number. */
function factorShapeOnce(expr: Expr): Shape {
  switch (expr.kind) {
    case 'number':
      return CONSTANT;
    case 'symbol':
      return expr.role === 'state' ? { state: true, operators: 0, coefficient: false, negative: false } : CONSTANT;
    case 'negate':
      return sumShape(expr);
    case 'call': {
      const inner = shapeOf(expr.argument);
      return inner.state ? { state: true, operators: standaloneCost(inner) + 1, coefficient: false, negative: false } : CONSTANT;
    }
    case 'binary': {
      if (expr.operator !== '^') return shapeOf(expr);
      const base = shapeOf(expr.left);
      const exponent = shapeOf(expr.right);
      if (!base.state && !exponent.state) return CONSTANT;
      return { state: true, operators: standaloneCost(base) + standaloneCost(exponent) + 1, coefficient: false, negative: false };
    }
  }
}
