import type { BinaryOperator, Expr } from './ast.ts';
import {
  dop853KernelSource,
  type FieldCode,
  type IntegratorKernel,
} from '../simulate/dop853-kernel.ts';
import type { OdeRhs } from '../simulate/integration.ts';
import { FUNCTION_NAMES, FUNCTIONS, type FunctionName } from './grammar.ts';

/** A system's right sides, compiled once; `bind` gives the field for one parameter vector. */
export interface CompiledField {
  /** The vector field, `parameters` in the order of the parameter index it was compiled with. */
  bind(parameters: Float64Array): OdeRhs;
  /**
   * The integrator specialised to this field and `parameters` once the shape is generated
   * code (undefined before): counts as a bind towards promotion, as `bind` does.
   */
  bindKernel(parameters: Float64Array): IntegratorKernel | undefined;
  /** Whether `bind` now returns generated code (else the closure tree). */
  readonly generated: boolean;
}

/**
 * Compiles the right sides of a first-order system, in two tiers, as a JIT does. A system
 * starts as a tree of closures (one small function per AST node, built in microseconds): most
 * texts a model writes are seen once. Once its *shape* — the equations with every number
 * literal replaced by a slot — has been bound PROMOTE_AFTER times (a fit, or the same law with
 * other constants across a run), it is compiled to one JavaScript function generated as
 * source and built with `new Function`, which V8 turns into straight-line machine code, and so
 * is the integrator specialised to it (`dop853KernelSource`). Both tiers do the same
 * operations in the same order, so switching never changes a bit.
 *
 * The generated source is built from the AST alone and never contains text the agent wrote:
 * state variables become `y[i]`, parameters and number literals `p[i]` (integer indices),
 * functions `f<i>` bound to the grammar's function table, operators come from a fixed switch.
 * `assertSafeSource` checks the result against that alphabet before it is compiled.
 */
export function compileVectorField(
  derivatives: readonly Expr[],
  stateIndex: ReadonlyMap<string, number>,
  parameterIndex: ReadonlyMap<string, number>,
): CompiledField {
  const { source, literals } = generateVectorFieldSource(derivatives, stateIndex, parameterIndex);
  let shape = SHAPES.get(source);
  if (shape === undefined) {
    if (SHAPES.size >= SHAPE_CACHE_SIZE) SHAPES.delete(SHAPES.keys().next().value!);
    shape = { binds: 0, generated: undefined };
    SHAPES.set(source, shape);
  }
  const known = shape;
  const slots = parameterIndex.size;
  /** The generated tier's binders, once the shape has been bound often enough. */
  const promoted = () => {
    if (known.generated === undefined && ++known.binds >= PROMOTE_AFTER) {
      assertSafeSource(source);
      known.generated = {
        field: buildGenerated<OdeRhs>(source),
        kernel: buildGenerated<IntegratorKernel>(
          generateKernelSource(derivatives, stateIndex, parameterIndex),
        ),
      };
    }
    return known.generated;
  };
  const slotValues = (parameters: Float64Array) => {
    const values = new Float64Array(slots + literals.length);
    // Element by element: TypedArray#set is a call into the runtime that costs more than a
    // verification's few parameters and literals take to copy.
    for (let i = 0; i < slots; i++) values[i] = parameters[i]!;
    for (let i = 0; i < literals.length; i++) values[slots + i] = literals[i]!;
    return values;
  };
  return {
    get generated() {
      return known.generated !== undefined;
    },
    bind(parameters) {
      const generated = promoted();
      if (generated !== undefined) return generated.field(slotValues(parameters));
      const named = new Map<string, number>();
      for (const [name, index] of parameterIndex) named.set(name, parameters[index]!);
      return closureField(
        derivatives.map((expr) => compileExpression(expr, stateIndex, named)),
        derivatives.length,
      );
    },
    bindKernel(parameters) {
      return promoted()?.kernel(slotValues(parameters));
    },
  };
}

/**
 * Binds of one shape before it is compiled to generated code. Measured on damped_pendulum
 * with a 30-node law: building and warming a generated function costs about 1.2 ms once, and
 * each integration through the closure tree about 150 µs more than through warm generated
 * code, so the compile pays for itself after about eight binds. A verification binds once (its
 * shown data and two held-out experiments share the binding); a fit, dozens.
 */
export const PROMOTE_AFTER = 12;

/** Binds the parameter-and-literal vector to generated code: a field or a kernel. */
type GeneratedBinder<T> = (values: Float64Array) => T;

interface Shape {
  binds: number;
  generated:
    | { readonly field: GeneratedBinder<OdeRhs>; readonly kernel: GeneratedBinder<IntegratorKernel> }
    | undefined;
}

/**
 * Shapes kept per process: each is its source (at most a few kB: the grammar caps an action
 * at 400 nodes) and, once promoted, two functions: the field and the kernel, whose source
 * holds the field seventeen times (15–28 kB of its own for 2–4 variables). Only shapes bound
 * PROMOTE_AFTER times get them, so the cache stays at a few MB in use and a few tens of MB
 * at worst.
 */
const SHAPE_CACHE_SIZE = 512;
const SHAPES = new Map<string, Shape>();

function buildGenerated<T>(source: string): GeneratedBinder<T> {
  // Arguments: the function table, then the source, which returns the binder.
  const build = new Function(...FUNCTION_NAMES.map((_, i) => `f${i}`), source) as (
    ...functions: ((x: number) => number)[]
  ) => GeneratedBinder<T>;
  return build(...FUNCTION_NAMES.map((name) => FUNCTIONS.get(name)!));
}

/** The vector field over per-derivative closures; the common 2 and 4 skip the loop. */
function closureField(compiled: readonly CompiledExpression[], n: number): OdeRhs {
  const [f0, f1, f2, f3] = compiled;
  if (n === 2) {
    return (_t, state, out) => {
      out[0] = f0!(state);
      out[1] = f1!(state);
    };
  }
  if (n === 4) {
    return (_t, state, out) => {
      out[0] = f0!(state);
      out[1] = f1!(state);
      out[2] = f2!(state);
      out[3] = f3!(state);
    };
  }
  return (_t, state, out) => {
    for (let i = 0; i < n; i++) out[i] = compiled[i]!(state);
  };
}

/** A compiled right side: reads the state vector, returns one derivative. */
export type CompiledExpression = (state: Float64Array) => number;

/**
 * One derivative as a tree of closures: each node becomes one small function with its
 * children and constants captured. Parameter-only subtrees such as `-(g/L)` are evaluated
 * once here (by the same closures, so the arithmetic is identical), and operators with one
 * constant side capture the constant instead of calling for it. Symbols absent from both maps
 * are a programmer error: the parser has already resolved them.
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
      if (isSquare(node)) {
        const l = left.evaluate;
        return folded((state) => {
          const base = l(state);
          return base * base;
        }, [left]);
      }
      const right = compile(node.right);
      return folded(binary(node.operator, left, right), [left, right]);
    }
  }
}

/** `x^2` with a literal 2: both tiers compute x*x (the same product, without a pow call). */
function isSquare(node: Expr): boolean {
  return (
    node.kind === 'binary' &&
    node.operator === '^' &&
    node.right.kind === 'number' &&
    node.right.value === 2
  );
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
      if (b !== undefined) return (state) => l(state) ** b;
      return a !== undefined ? (state) => a ** r(state) : (state) => l(state) ** r(state);
  }
}

/**
 * The generated program for a system's shape: a binder that hoists the state-free
 * sub-expressions into constants and returns the field. Number literals are slots after the
 * parameters (`literals` holds their values in slot order), so laws that differ only in their
 * constants share one program. For `d2theta/dt2 = -(g/L)*sin(theta) - b*dtheta` (g, L, b =
 * p[0..2]):
 *
 *   "use strict"; return (p) => { const c0 = (-(p[0] / p[1])); const c1 = p[2];
 *     return (t, y, out) => { out[0] = y[1]; out[1] = ((c0 * f0(y[0])) - (c1 * y[1])); }; };
 */
export function generateVectorFieldSource(
  derivatives: readonly Expr[],
  stateIndex: ReadonlyMap<string, number>,
  parameterIndex: ReadonlyMap<string, number>,
): { readonly source: string; readonly literals: readonly number[] } {
  const parts = generateFieldParts(derivatives, stateIndex, parameterIndex, (i) => `y[${i}]`);
  const body = parts.expressions.map((code, i) => `out[${i}] = ${code};`).join(' ');
  // The binder and the field each declare the temporaries: a hoisted square uses the binder's.
  const source = binderSource(parts, `(t, y, out) => { ${parts.temporaries}${body} }`);
  return { source, literals: parts.literals };
}

/**
 * The shape's program with the integrator specialised to it (`dop853KernelSource`): the same
 * hoisted constants and slots as `generateVectorFieldSource`, the state read from the
 * kernel's locals `y0`, `y1`, … Checked against the same alphabet before it is spliced into
 * the kernel's fixed text.
 */
function generateKernelSource(
  derivatives: readonly Expr[],
  stateIndex: ReadonlyMap<string, number>,
  parameterIndex: ReadonlyMap<string, number>,
): string {
  const parts = generateFieldParts(derivatives, stateIndex, parameterIndex, (i) => `y${i}`);
  assertSafeSource(binderSource(parts, parts.expressions.join('; ')));
  return binderSource(parts, dop853KernelSource(parts));
}

interface FieldParts extends FieldCode {
  /** `const c0 = …;` for each state-free sub-expression, evaluated once per binding. */
  readonly hoisted: string;
  readonly literals: readonly number[];
}

function binderSource(parts: FieldParts, field: string): string {
  return `"use strict"; return (p) => { ${parts.temporaries}${parts.hoisted} return ${field}; };`;
}

function generateFieldParts(
  derivatives: readonly Expr[],
  stateIndex: ReadonlyMap<string, number>,
  parameterIndex: ReadonlyMap<string, number>,
  stateVariable: (index: number) => string,
): FieldParts {
  const hoisted: string[] = [];
  const literals: number[] = [];
  let squares = 0;
  const emit = (node: Expr): string => {
    if (dependsOnState(node)) return emitWith(node, emit);
    hoisted.push(`const c${hoisted.length} = ${emitWith(node, inline)};`);
    return `c${hoisted.length - 1}`;
  };
  const inline = (node: Expr): string => emitWith(node, inline);
  const emitWith = (node: Expr, child: (node: Expr) => string): string => {
    switch (node.kind) {
      case 'number':
        if (!Number.isFinite(node.value)) throw new Error(`not a finite literal: ${node.value}`);
        literals.push(node.value);
        return `p[${parameterIndex.size + literals.length - 1}]`;
      case 'symbol': {
        const map = node.role === 'state' ? stateIndex : parameterIndex;
        const index = map.get(node.name);
        if (index === undefined || !Number.isInteger(index) || index < 0) {
          throw new Error(`no index for ${node.role} ${node.name}`);
        }
        return node.role === 'state' ? stateVariable(index) : `p[${index}]`;
      }
      case 'negate':
        return `(-${child(node.operand)})`;
      case 'call':
        return `f${functionIndex(node.name)}(${child(node.argument)})`;
      case 'binary': {
        const left = child(node.left);
        if (isSquare(node)) {
          const temporary = `s${squares++}`;
          return `(${temporary} = ${left}, ${temporary} * ${temporary})`;
        }
        return `(${left} ${JS_OPERATOR[node.operator]} ${child(node.right)})`;
      }
    }
  };
  const expressions = derivatives.map(emit);
  const temporaries =
    squares === 0 ? '' : `let ${Array.from({ length: squares }, (_, i) => `s${i}`).join(', ')}; `;
  return { hoisted: hoisted.join(' '), expressions, temporaries, literals };
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
 * `f<i>(`, operators, parentheses and integer indices. No string, no other name and no number
 * but an index: anything else means a bug let other text through, and nothing is compiled.
 */
const SAFE_TOKEN =
  /"use strict";|return|const|let|out|[ypcsft]\d*|\d+|=>|\*\*|[-+*/=(),;{}[\]\s]/y;

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
