import type { FunctionName } from './grammar.ts';

/** Half-open character range [start, end) in the equation text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '^';

export interface NumberNode {
  readonly kind: 'number';
  /** Always finite and ≥ 0: a leading minus is a NegateNode. */
  readonly value: number;
  readonly span: Span;
}

export interface SymbolNode {
  readonly kind: 'symbol';
  /** The resolved name: aliases such as `dx/dt` are already replaced by `vx`. */
  readonly name: string;
  readonly role: 'state' | 'parameter';
  readonly span: Span;
}

export interface NegateNode {
  readonly kind: 'negate';
  readonly operand: Expr;
  readonly span: Span;
}

export interface BinaryNode {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

export interface CallNode {
  readonly kind: 'call';
  readonly name: FunctionName;
  readonly argument: Expr;
  readonly span: Span;
}

export type Expr = NumberNode | SymbolNode | NegateNode | BinaryNode | CallNode;

/** One written equation: `dvar/dt = rhs` (order 1) or `d2var/dt2 = rhs` (order 2). */
export interface Equation {
  readonly variable: string;
  readonly order: 1 | 2;
  readonly rhs: Expr;
  /** The left side, e.g. `d2y/dt2`. */
  readonly lhsSpan: Span;
}

/** A parsed action: the written equations and the first-order system they define. */
export interface EquationSystem {
  readonly equations: readonly Equation[];
  /** d(state[i])/dt for each state variable, in the system's state order. */
  readonly derivatives: readonly Expr[];
  /** Negations, binary operators and function calls the agent wrote (docs/original-physix.md#reward-components). */
  readonly operatorCount: number;
  /** Declared parameters the equations use, sorted. */
  readonly parametersUsed: readonly string[];
  /** AST nodes over `derivatives`: the cost of one right-hand-side evaluation. */
  readonly nodeCount: number;
}

/** Operators in an expression: every node that is not a leaf. */
export function countOperators(expr: Expr): number {
  switch (expr.kind) {
    case 'number':
    case 'symbol':
      return 0;
    case 'negate':
      return 1 + countOperators(expr.operand);
    case 'call':
      return 1 + countOperators(expr.argument);
    case 'binary':
      return 1 + countOperators(expr.left) + countOperators(expr.right);
  }
}

/** Calls `visit` on every node, parents before children. */
export function walk(expr: Expr, visit: (node: Expr) => void): void {
  visit(expr);
  if (expr.kind === 'negate') walk(expr.operand, visit);
  else if (expr.kind === 'call') walk(expr.argument, visit);
  else if (expr.kind === 'binary') {
    walk(expr.left, visit);
    walk(expr.right, visit);
  }
}
