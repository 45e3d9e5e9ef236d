/**
 * Box-constrained Levenberg–Marquardt for small nonlinear least squares (Levenberg 1944,
 * Marquardt 1963), minimising ½‖r(x)‖² with lower ≤ x ≤ upper. Steps are projected onto the
 * box; the damping follows Nielsen's update (Madsen, Nielsen & Tingleff 2004, "Methods for
 * Non-Linear Least Squares Problems", §3.2) with Marquardt's diagonal scaling, which makes the
 * iteration invariant to parameter units (g ≈ 10 next to k ≈ 0.01). The Jacobian is taken by
 * forward differences, since the residuals come from an ODE solver.
 */
export interface LeastSquaresProblem {
  readonly initial: readonly number[];
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  /** r(x), or undefined where the model cannot be evaluated (the step is then rejected). */
  residuals(x: readonly number[]): Float64Array | undefined;
}

export interface LeastSquaresOptions {
  readonly maxIterations: number;
  /** Residual evaluations in total, Jacobian columns included. */
  readonly maxEvaluations: number;
}

export interface LeastSquaresResult {
  readonly x: readonly number[];
  readonly cost: number;
  readonly initialCost: number;
  readonly iterations: number;
  readonly evaluations: number;
  /** Stopped on a small step, a small cost change or no remaining descent direction. */
  readonly converged: boolean;
}

const RELATIVE_STEP = 1e-6;
const STEP_TOLERANCE = 1e-10;
const COST_TOLERANCE = 1e-8;
const MAX_DAMPING_TRIES = 12;

export function levenbergMarquardt(
  problem: LeastSquaresProblem,
  options: LeastSquaresOptions,
): LeastSquaresResult | undefined {
  const m = problem.initial.length;
  const clamp = (value: number, j: number) =>
    Math.min(problem.upper[j]!, Math.max(problem.lower[j]!, value));
  let x = problem.initial.map(clamp);
  let evaluations = 1;
  let r = problem.residuals(x);
  if (r === undefined) return undefined;
  let cost = halfSquaredNorm(r);
  const initialCost = cost;
  let damping = -1;
  let growth = 2;
  let iterations = 0;
  let converged = false;

  while (
    iterations < options.maxIterations &&
    evaluations + m < options.maxEvaluations &&
    !converged
  ) {
    iterations++;
    const jacobian = forwardJacobian(problem, x, r, clamp);
    evaluations += m;
    if (jacobian === undefined) break;
    const { a, g } = normalEquations(jacobian, r, m);
    const scale = Array.from({ length: m }, (_, j) => a[j * m + j]!);
    const largest = Math.max(...scale, 0);
    if (largest === 0) break;
    if (damping < 0) damping = 1e-3 * largest;
    const floor = 1e-12 * largest;

    let accepted = false;
    let attempt = 0;
    for (; attempt < MAX_DAMPING_TRIES && evaluations < options.maxEvaluations; attempt++) {
      const damped = Float64Array.from(a);
      for (let j = 0; j < m; j++)
        damped[j * m + j] = a[j * m + j]! + damping * Math.max(scale[j]!, floor);
      const delta = solveSymmetric(
        damped,
        g.map((v) => -v),
        m,
      );
      if (delta === undefined) {
        damping *= growth;
        growth *= 2;
        continue;
      }
      const candidate = x.map((value, j) => clamp(value + delta[j]!, j));
      const step = candidate.map((value, j) => value - x[j]!);
      if (norm(step) <= STEP_TOLERANCE * (norm(x) + STEP_TOLERANCE)) {
        converged = true;
        break;
      }
      evaluations++;
      const trial = problem.residuals(candidate);
      const trialCost = trial === undefined ? Infinity : halfSquaredNorm(trial);
      if (trial !== undefined && trialCost < cost) {
        const predicted = -(dot(g, step) + 0.5 * quadratic(a, step, m));
        const rho = predicted > 0 ? (cost - trialCost) / predicted : 1;
        damping *= Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
        growth = 2;
        converged = cost - trialCost <= COST_TOLERANCE * cost;
        x = candidate;
        r = trial;
        cost = trialCost;
        accepted = true;
        break;
      }
      damping *= growth;
      growth *= 2;
    }
    if (!accepted) {
      // No damping gives descent: a minimum up to the solver's noise (converged), unless the
      // evaluation budget cut the search short.
      converged ||= attempt === MAX_DAMPING_TRIES;
      break;
    }
  }
  return { x, cost, initialCost, iterations, evaluations, converged };
}

/** Column j: (r(x + h e_j) − r(x)) / h, stepping inward from an upper bound. */
function forwardJacobian(
  problem: LeastSquaresProblem,
  x: readonly number[],
  r: Float64Array,
  clamp: (value: number, j: number) => number,
): Float64Array[] | undefined {
  const columns: Float64Array[] = [];
  for (let j = 0; j < x.length; j++) {
    let h = RELATIVE_STEP * Math.max(Math.abs(x[j]!), 1e-3);
    if (clamp(x[j]! + h, j) !== x[j]! + h) h = -h;
    const shifted = x.map((value, k) => (k === j ? value + h : value));
    const rShifted = problem.residuals(shifted);
    if (rShifted === undefined) return undefined;
    columns.push(Float64Array.from(r, (value, i) => (rShifted[i]! - value) / h));
  }
  return columns;
}

function normalEquations(columns: readonly Float64Array[], r: Float64Array, m: number) {
  const a = new Float64Array(m * m);
  const g = new Array<number>(m).fill(0);
  for (let j = 0; j < m; j++) {
    g[j] = dot(columns[j]!, r);
    for (let k = 0; k <= j; k++) {
      const value = dot(columns[j]!, columns[k]!);
      a[j * m + k] = value;
      a[k * m + j] = value;
    }
  }
  return { a, g };
}

/** Cholesky solve of a symmetric positive-definite m×m system; undefined if not SPD. */
function solveSymmetric(a: Float64Array, b: readonly number[], m: number): number[] | undefined {
  const l = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * m + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * m + k]! * l[j * m + k]!;
      if (i === j) {
        if (!(sum > 0)) return undefined;
        l[i * m + i] = Math.sqrt(sum);
      } else l[i * m + j] = sum / l[j * m + j]!;
    }
  }
  const y = new Array<number>(m);
  for (let i = 0; i < m; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * m + k]! * y[k]!;
    y[i] = sum / l[i * m + i]!;
  }
  const x = new Array<number>(m);
  for (let i = m - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < m; k++) sum -= l[k * m + i]! * x[k]!;
    x[i] = sum / l[i * m + i]!;
  }
  return x.every(Number.isFinite) ? x : undefined;
}

function quadratic(a: Float64Array, v: readonly number[], m: number): number {
  let sum = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) sum += v[i]! * a[i * m + j]! * v[j]!;
  return sum;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

const norm = (v: readonly number[]) => Math.sqrt(dot(v, v));
/** ½‖r‖²: the least-squares cost of a residual vector. */
export const halfSquaredNorm = (r: Float64Array) => 0.5 * dot(r, r);
