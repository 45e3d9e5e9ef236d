import type { EquationSystem, Expr } from '../equation/ast.ts';
import { compileExpression, findNonFinite, type CompiledExpression } from '../equation/compile.ts';
import { locator } from '../equation/issues.ts';
import { printExpression } from '../equation/print.ts';
import {
  integrateDopri5,
  type IntegrationFailureKind,
  type IntegrationStats,
  type OdeRhs,
} from './dormand-prince.ts';

/**
 * Tolerances for scoring a hypothesis: the accuracy of SciPy's `odeint` at its defaults, which
 * the original used. Measured on the harmonic oscillator over 10 s (ω = 2.9–6.3 rad/s), odeint
 * errs by 3–6e-7 and Dormand–Prince at rtol 1e-7 by the same 3–6e-7 — about 1e-5 of the 1 %
 * observation noise, so no score depends on it.
 */
export const SIMULATION_TOLERANCES = { rtol: 1e-7, atol: 1e-9 } as const;

/**
 * Right-hand-side work allowed per simulation, in AST-node evaluations: the evaluation budget
 * shrinks as the equations grow, so the worst case (a 400-node hostile expression) costs about
 * as much as the best-behaved large one — tens of milliseconds, never a hung worker.
 */
const NODE_EVALUATION_BUDGET = 4_000_000;
const MAX_RHS_EVALUATIONS = 100_000;
const MIN_RHS_EVALUATIONS = 5_000;
/** Predictions beyond this magnitude count as divergence (every system lives below 1e3). */
const MAX_MAGNITUDE = 1e9;

export interface SimulationFailure {
  readonly kind: IntegrationFailureKind;
  /** Simulated time reached, in seconds. */
  readonly t: number;
  /** One sentence for the agent: what went wrong, where in its text and when. */
  readonly message: string;
}

export type SimulationResult =
  | {
      readonly ok: true;
      readonly columns: readonly Float64Array[];
      readonly stats: IntegrationStats;
    }
  | { readonly ok: false; readonly failure: SimulationFailure; readonly stats: IntegrationStats };

export interface HypothesisProblem {
  readonly system: EquationSystem;
  readonly stateVariables: readonly string[];
  readonly parameters: ReadonlyMap<string, number>;
  /** The true initial state (spec §3: re-simulate from the observed trajectory's start). */
  readonly initial: ArrayLike<number>;
  readonly times: ArrayLike<number>;
  /** The equation text, to turn failure positions into line and column. */
  readonly text: string;
  /** Default SIMULATION_TOLERANCES. */
  readonly tolerances?: { readonly rtol: number; readonly atol: number };
}

/** Integrates the agent's equations from the true initial state and samples them at `times`. */
export function simulateHypothesis(problem: HypothesisProblem): SimulationResult {
  const stateIndex = new Map(problem.stateVariables.map((name, i) => [name, i]));
  const compiled = problem.system.derivatives.map((expr) =>
    compileExpression(expr, stateIndex, problem.parameters),
  );
  const n = compiled.length;
  const rhs = systemRhs(compiled);
  const budget = Math.min(
    MAX_RHS_EVALUATIONS,
    Math.max(MIN_RHS_EVALUATIONS, Math.floor(NODE_EVALUATION_BUDGET / problem.system.nodeCount)),
  );
  const result = integrateDopri5(rhs, 0, problem.initial, problem.times, {
    ...(problem.tolerances ?? SIMULATION_TOLERANCES),
    maxRhsEvaluations: budget,
    maxMagnitude: MAX_MAGNITUDE,
  });
  if (result.ok) {
    const columns = problem.stateVariables.map((_, j) =>
      Float64Array.from({ length: problem.times.length }, (_x, i) => result.values[i * n + j]!),
    );
    return { ok: true, columns, stats: result.stats };
  }
  const { failure } = result;
  const at = `t = ${failure.t.toFixed(3)} s`;
  let message = `the simulation stopped at ${at}: ${failure.message}`;
  if (failure.kind === 'non-finite' && failure.nonFiniteAt !== undefined) {
    message =
      explainNonFinite(
        problem,
        stateIndex,
        Float64Array.from(failure.nonFiniteAt.state),
        failure.nonFiniteAt.t,
      ) ?? message;
  }
  return { ok: false, failure: { kind: failure.kind, t: failure.t, message }, stats: result.stats };
}

/** The vector field; the common 2- and 4-variable shapes avoid the loop and array lookups. */
function systemRhs(compiled: readonly CompiledExpression[]): OdeRhs {
  const [f0, f1, f2, f3] = compiled;
  if (compiled.length === 2) {
    return (_t, state, out) => {
      out[0] = f0!(state);
      out[1] = f1!(state);
    };
  }
  if (compiled.length === 4) {
    return (_t, state, out) => {
      out[0] = f0!(state);
      out[1] = f1!(state);
      out[2] = f2!(state);
      out[3] = f3!(state);
    };
  }
  return (_t, state, out) => {
    for (let i = 0; i < compiled.length; i++) out[i] = compiled[i]!(state);
  };
}

/** Names the derivative and the sub-expression that produced NaN or Infinity. */
function explainNonFinite(
  problem: HypothesisProblem,
  stateIndex: ReadonlyMap<string, number>,
  state: Float64Array,
  t: number,
): string | undefined {
  for (const [i, expr] of problem.system.derivatives.entries()) {
    const culprit = findNonFinite(expr, stateIndex, problem.parameters, state);
    if (culprit === undefined) continue;
    const where = locator(problem.text)('syntax', culprit.node.span, '');
    const variable = problem.stateVariables[i]!;
    return `d${variable}/dt is not finite at t = ${t.toFixed(3)} s: ${describe(culprit.node, culprit.inputs)} (line ${where.line}, column ${where.column})`;
  }
  return undefined;
}

function describe(node: Expr, inputs: readonly number[]): string {
  const text = printExpression(node);
  const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  const [a = NaN, b = NaN] = inputs;
  if (node.kind === 'call' && (node.name === 'sqrt' || node.name === 'log') && a <= 0) {
    return `${shown} received ${a < 0 ? 'a negative value' : 'zero'} (${formatValue(a)})`;
  }
  if (node.kind === 'binary' && node.operator === '/' && b === 0) return `${shown} divides by zero`;
  if (node.kind === 'binary' && node.operator === '^' && a < 0 && !Number.isInteger(b)) {
    return `${shown} raises a negative number (${formatValue(a)}) to a non-integer power`;
  }
  return `${shown} overflowed`;
}

function formatValue(value: number): string {
  return Number.isFinite(value) ? value.toPrecision(3) : String(value);
}
