import { FIT_BOUND_SCALE, FIT_MAX_ITERATIONS, FIT_MAX_PARAMETERS } from '../constants.ts';
import type { EquationSystem } from '../equation/ast.ts';
import { PROMOTE_AFTER } from '../equation/compile.ts';
import { simulateHypothesis } from '../simulate/hypothesis.ts';
import { halfSquaredNorm, levenbergMarquardt } from './levenberg-marquardt.ts';

/** What fitting did, for the agent and the logs (docs/original-physix.md#w2). */
export interface FitReport {
  /** Fitted values of the parameters the equations use. */
  readonly parameters: Readonly<Record<string, number>>;
  /** The agent's values, where the search started. */
  readonly initial: Readonly<Record<string, number>>;
  /** Samples the fit used: the whole shown trajectory (held-out experiments judge it). */
  readonly window: number;
  /**
   * ½ Σ (residual / noise σ)², i.e. ½χ², over the window, before (null if the starting values
   * do not simulate that far) and after.
   */
  readonly costBefore: number | null;
  readonly costAfter: number;
  readonly iterations: number;
  readonly simulations: number;
  readonly converged: boolean;
}

export interface FitProblem {
  readonly system: EquationSystem;
  readonly stateVariables: readonly string[];
  readonly text: string;
  readonly parameters: ReadonlyMap<string, number>;
  readonly initial: ArrayLike<number>;
  readonly times: ArrayLike<number>;
  readonly observed: readonly ArrayLike<number>[];
  /** The noise σ per variable, which weighs each variable's residuals. */
  readonly sigma: ArrayLike<number>;
}

/**
 * A hundred times tighter than scoring: finite-difference Jacobians divide the integration
 * error by the parameter step (1e-6 relative), so the fit needs smoother residuals than a
 * score does. DOP853 takes few, long steps, and its error jumps as they move with the
 * parameters: at rtol 1e-8 a fit of the stiffening spring (spring_mass, whose constant c
 * should go to 0) stopped at c ≈ 0.13 on seed 9 where Dormand–Prince 5(4) reached −0.008; at
 * 1e-10 it reaches −0.018 there and matches 5(4) on seeds 1 and 3. It costs 1.8× the steps
 * of 1e-8 (∝ tol^-1/8), still fewer than 5(4) took at 1e-8.
 */
export const FIT_TOLERANCES = { rtol: 1e-10, atol: 1e-12 } as const;
/** Simulations per fit: 30 iterations of one Jacobian (≤ 8 columns) plus a few trial steps. */
const MAX_SIMULATIONS = 150;
/**
 * Right-hand-side work per fit, in node evaluations weighted by what they cost
 * (`evaluationCost`): ordinary equations never reach it; a huge or stiff one stops the search
 * instead of stalling a worker. Measured (CPU time of one fit of a shape the process has not
 * seen, on a 2-core machine shared with other jobs): hostile laws stop at 60–85 ms (a 397-node
 * sum fitting 8 parameters, a stiff 7-node law, 180- and 355-node sums) and 125–150 ms at
 * worst (an 89-node sum); when the budget counted bare node evaluations they took 0.3–0.9 s.
 * The catalogues' largest fit (a wrong law of 17 nodes, 140 simulations) uses about 72 % of it
 * in 65–85 ms; every fit in the reward, fit, verify, episode and held-out tests runs the same
 * simulations as then.
 */
const FIT_WORK_BUDGET = 60_000_000;

/**
 * What one right-hand-side evaluation of a `nodeCount`-node system costs, in units of a small
 * generated kernel's node evaluation (about 2 ns). A shape's first PROMOTE_AFTER simulations
 * run on the closure tree and the generic integrator (compile.ts): about 10 units a node, and
 * 100 of the integrator's own per evaluation. Generated code then costs one unit a node for a
 * small system, but more the larger it is, since the kernel writes the right side into each of
 * its stages and V8 optimizes a large function less: measured about 3 ns a node at 17 nodes
 * and 20 ns at 400, as much as the closure tree. The weight grows linearly between them, up to
 * the closure tree's at 150 nodes; plus 10 for the integrator.
 */
function evaluationCost(nodeCount: number, generated: boolean): number {
  const closureNodeCost = 10;
  if (!generated) return nodeCount * closureNodeCost + 100;
  return nodeCount * Math.min(Math.max(nodeCount / 15, 1), closureNodeCost) + 10;
}

export type FitOutcome =
  | {
      readonly ok: true;
      readonly parameters: ReadonlyMap<string, number>;
      readonly report: FitReport;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * The first fit stage sees this leading fraction of the samples. An oscillation's phase error
 * grows with time, so a long window makes the cost landscape of a frequency rugged (a guess
 * 50 % off can stall in a side minimum); the shorter window brings the search near the
 * optimum, and the second stage refines it on every sample.
 */
const WARM_UP_FRACTION = 0.75;

/**
 * Fits the parameters the equations use to the observed samples by bounded least squares,
 * each variable's residual scaled by its noise σ so the objective is ½χ² and no unit
 * dominates: first on the leading WARM_UP_FRACTION of the samples, then on all of them from
 * there. Bounds are p0 ± FIT_BOUND_SCALE·max(|p0|, 1). The fit sees only the shown data; the
 * verifier then judges the fitted law on held-out experiments too.
 */
export function fitParameters(problem: FitProblem): FitOutcome {
  const names = problem.system.parametersUsed;
  if (names.length === 0) return { ok: false, reason: 'the equations use no parameters' };
  if (names.length > FIT_MAX_PARAMETERS) {
    return { ok: false, reason: `at most ${FIT_MAX_PARAMETERS} parameters can be fitted` };
  }
  const { sigma } = problem;
  const start = names.map((name) => problem.parameters.get(name)!);
  let simulations = 0;
  let work = 0;
  const withValues = (x: readonly number[]) => {
    const values = new Map(problem.parameters);
    names.forEach((name, j) => values.set(name, x[j]!));
    return values;
  };
  const residualsOver = (window: number) => {
    const times = Array.from({ length: window }, (_, i) => problem.times[i]!);
    return (x: readonly number[]): Float64Array | undefined => {
      if (work >= FIT_WORK_BUDGET) return undefined;
      simulations++;
      const simulated = simulateHypothesis({
        ...problem,
        parameters: withValues(x),
        times,
        tolerances: FIT_TOLERANCES,
      });
      // As if this fit made the shape's first binds; one bound before runs faster than counted.
      work += simulated.stats.rhsEvaluations * evaluationCost(problem.system.nodeCount, simulations >= PROMOTE_AFTER);
      if (!simulated.ok) return undefined;
      const out = new Float64Array(window * problem.stateVariables.length);
      simulated.columns.forEach((column, j) => {
        for (let i = 0; i < window; i++)
          out[j * window + i] = (column[i]! - problem.observed[j]![i]!) / sigma[j]!;
      });
      return out;
    };
  };
  const radius = start.map((value) => FIT_BOUND_SCALE * Math.max(Math.abs(value), 1));
  const search = (initial: readonly number[], window: number) =>
    levenbergMarquardt(
      {
        initial,
        lower: start.map((value, j) => value - radius[j]!),
        upper: start.map((value, j) => value + radius[j]!),
        residuals: residualsOver(window),
      },
      { maxIterations: FIT_MAX_ITERATIONS, maxEvaluations: MAX_SIMULATIONS },
    );
  const window = problem.times.length;
  const warmUp = search(start, Math.max(2, Math.round(window * WARM_UP_FRACTION)));
  if (warmUp === undefined)
    return { ok: false, reason: 'the equations cannot be simulated with the given parameters' };
  const before = residualsOver(window)(start);
  const result = search(warmUp.x, window) ?? warmUp;
  const fitted = withValues(result.x);
  return {
    ok: true,
    parameters: fitted,
    report: {
      parameters: Object.fromEntries(names.map((name) => [name, fitted.get(name)!])),
      initial: Object.fromEntries(names.map((name, j) => [name, start[j]!])),
      window,
      costBefore: before === undefined ? null : halfSquaredNorm(before),
      costAfter: result.cost,
      iterations: warmUp.iterations + (result === warmUp ? 0 : result.iterations),
      simulations,
      converged: result.converged,
    },
  };
}
