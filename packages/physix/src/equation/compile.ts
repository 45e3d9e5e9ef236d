import type { BinaryOperator, Expr } from './ast.ts';
import type { OdeRhs } from '../simulate/dormand-prince.ts';
import { FUNCTION_NAMES, FUNCTIONS, type FunctionName } from './grammar.ts';

/**
 * Binds a parameter vector (in the order the field was compiled with) to the vector field, an
 * integrator right-hand side writing d(state)/dt into `out`. Parameter-only sub-expressions
 * such as `-(g/L)` are evaluated here, once per binding.
 */
export type VectorFieldFactory = (parameters: Float64Array) => OdeRhs;

/**
 * Compiles the right sides of a first-order system into one JavaScript function, generated as
 * source and built with `new Function`. V8 compiles that to straight-line machine code (a
 * tree of closures costs a call per node; this costs none), and fitting rebinds parameters
 * without recompiling.
 *
 * The source is built from the AST alone and never contains text the agent wrote: state
 * variables become `y[i]`, parameters `p[i]` (integer indices from the maps given), functions
 * `f<i>` bound to the grammar's function table, operators come from a fixed switch and number
 * literals are printed from finite doubles (`String` of a double reads back to the same bits).
 * `assertSafeSource` checks the result against that alphabet before it is compiled.
 *
 * Compiled factories are cached by source, so the same equations (from any text that parses
 * to them) compile once per process.
 */
export function compileVectorField(
  derivatives: readonly Expr[],
  stateIndex: ReadonlyMap<string, number>,
  parameterIndex: ReadonlyMap<string, number>,
): VectorFieldFactory {
  const source = generateVectorFieldSource(derivatives, stateIndex, parameterIndex);
  const cached = FACTORY_CACHE.get(source);
  if (cached !== undefined) return cached;
  assertSafeSource(source);
  // Arguments: the function table, then the source, which returns the binder.
  const build = new Function(...FUNCTION_NAMES.map((_, i) => `f${i}`), source) as (
    ...functions: ((x: number) => number)[]
  ) => VectorFieldFactory;
  const factory = build(...FUNCTION_NAMES.map((name) => FUNCTIONS.get(name)!));
  if (FACTORY_CACHE.size >= FACTORY_CACHE_SIZE) {
    FACTORY_CACHE.delete(FACTORY_CACHE.keys().next().value!);
  }
  FACTORY_CACHE.set(source, factory);
  return factory;
}

/**
 * Distinct compiled systems kept per process. Each entry is its source (at most a few kB: the
 * grammar caps an action at 400 nodes) and one function, so the cache stays under a few MB.
 */
const FACTORY_CACHE_SIZE = 512;
const FACTORY_CACHE = new Map<string, VectorFieldFactory>();

/** One derivative as a plain function of the state (tests and one-off evaluation). */
export function compileExpression(
  expr: Expr,
  stateIndex: ReadonlyMap<string, number>,
  parameters: ReadonlyMap<string, number>,
): (state: Float64Array) => number {
  const names = [...parameters.keys()];
  const field = compileVectorField([expr], stateIndex, new Map(names.map((n, i) => [n, i])))(
    Float64Array.from(names, (name) => parameters.get(name)!),
  );
  const out = new Float64Array(1);
  return (state) => {
    field(0, state, out);
    return out[0]!;
  };
}

/**
 * The generated program: a binder that hoists parameter-only sub-expressions into constants
 * and returns the field. For `d2theta/dt2 = -(g/L)*sin(theta) - b*dtheta` (g, L, b = p[0..2]):
 *
 *   "use strict"; return (p) => { const c0 = -(p[0] / p[1]); const c1 = p[2];
 *     return (t, y, out) => { let s0; out[0] = y[1]; out[1] = ((c0 * f0(y[0])) - (c1 * y[1])); }; };
 */
export function generateVectorFieldSource(
  derivatives: readonly Expr[],
  stateIndex: ReadonlyMap<string, number>,
  parameterIndex: ReadonlyMap<string, number>,
): string {
  const hoisted: string[] = [];
  let squares = 0;
  const emit = (node: Expr): string => {
    if (!dependsOnState(node)) {
      if (node.kind === 'number') return literal(node.value);
      hoisted.push(`const c${hoisted.length} = ${emitWith(node, inline)};`);
      return `c${hoisted.length - 1}`;
    }
    return emitWith(node, emit);
  };
  const inline = (node: Expr): string => emitWith(node, inline);
  const emitWith = (node: Expr, child: (node: Expr) => string): string => {
    switch (node.kind) {
      case 'number':
        return literal(node.value);
      case 'symbol': {
        const map = node.role === 'state' ? stateIndex : parameterIndex;
        const index = map.get(node.name);
        if (index === undefined || !Number.isInteger(index) || index < 0) {
          throw new Error(`no index for ${node.role} ${node.name}`);
        }
        return node.role === 'state' ? `y[${index}]` : `p[${index}]`;
      }
      case 'negate':
        return `(-${child(node.operand)})`;
      case 'call':
        return `f${functionIndex(node.name)}(${child(node.argument)})`;
      case 'binary': {
        const left = child(node.left);
        if (node.operator === '^' && node.right.kind === 'number' && node.right.value === 2) {
          // x*x rather than x**2: the same product for every x, without the pow call.
          const temporary = `s${squares++}`;
          return `(${temporary} = ${left}, ${temporary} * ${temporary})`;
        }
        return `(${left} ${JS_OPERATOR[node.operator]} ${child(node.right)})`;
      }
    }
  };
  const body = derivatives.map((expr, i) => `out[${i}] = ${emit(expr)};`).join(' ');
  const temporaries =
    squares === 0 ? '' : `let ${Array.from({ length: squares }, (_, i) => `s${i}`).join(', ')}; `;
  // The binder and the field each declare the temporaries: a hoisted square uses the binder's.
  return `"use strict"; return (p) => { ${temporaries}${hoisted.join(' ')} return (t, y, out) => { ${temporaries}${body} }; };`;
}

const JS_OPERATOR: Readonly<Record<BinaryOperator, string>> = {
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '^': '**',
};

function functionIndex(name: FunctionName): number {
  const index = FUNCTION_NAMES.indexOf(name);
  if (index < 0) throw new Error(`unknown function ${String(name)}`);
  return index;
}

/** A finite double as a literal that reads back to the same bits. */
function literal(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`not a finite number literal: ${String(value)}`);
  }
  return `(${String(value)})`;
}

function dependsOnState(node: Expr): boolean {
  switch (node.kind) {
    case 'number':
      return false;
    case 'symbol':
      return node.role === 'state';
    case 'negate':
      return dependsOnState(node.operand);
    case 'call':
      return dependsOnState(node.argument);
    case 'binary':
      return dependsOnState(node.left) || dependsOnState(node.right);
  }
}

/**
 * Every token the generator can write: the fixed frame, `y[i]`, `p[i]`, `c<i>`, `s<i>`,
 * `f<i>(`, operators, parentheses and number literals. Anything else means a bug let other
 * text through, and nothing is compiled.
 */
const SAFE_TOKEN =
  /"use strict";|return|const|let|out|[ypcsft]\d*|\d+(\.\d+)?(e[+-]\d+)?|=>|\*\*|[-+*/=(),;{}[\]\s]/y;

export function assertSafeSource(source: string): void {
  SAFE_TOKEN.lastIndex = 0;
  while (SAFE_TOKEN.lastIndex < source.length) {
    const at = SAFE_TOKEN.lastIndex;
    if (SAFE_TOKEN.exec(source) === null || SAFE_TOKEN.lastIndex === at) {
      throw new Error(`generated source has an unexpected character at ${at}`);
    }
  }
}

/**
 * The value of an expression at one state, by walking the AST: the reference semantics the
 * compiled code must reproduce, and the evaluator for diagnostics, where speed does not matter.
 */
export function evaluateExpression(
  expr: Expr,
  stateIndex: ReadonlyMap<string, number>,
  parameters: ReadonlyMap<string, number>,
  state: ArrayLike<number>,
): number {
  const value = (node: Expr): number => {
    switch (node.kind) {
      case 'number':
        return node.value;
      case 'symbol': {
        const found =
          node.role === 'state' ? state[stateIndex.get(node.name)!] : parameters.get(node.name);
        if (found === undefined) throw new Error(`no value for ${node.role} ${node.name}`);
        return found;
      }
      case 'negate':
        return -value(node.operand);
      case 'call':
        return FUNCTIONS.get(node.name)!(value(node.argument));
      case 'binary': {
        const a = value(node.left);
        if (node.operator === '^' && node.right.kind === 'number' && node.right.value === 2) {
          return a * a;
        }
        const b = value(node.right);
        switch (node.operator) {
          case '+':
            return a + b;
          case '-':
            return a - b;
          case '*':
            return a * b;
          case '/':
            return a / b;
          case '^':
            return a ** b;
        }
      }
    }
  };
  return value(expr);
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
  const value = (node: Expr) => evaluateExpression(node, stateIndex, parameters, state);
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
