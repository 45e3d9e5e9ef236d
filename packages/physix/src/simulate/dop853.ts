/**
 * Dormand–Prince 8(5,3) with the step-size control, initial-step heuristic and 7th-order dense
 * output of Hairer's DOP853 (Hairer, Nørsett & Wanner, "Solving Ordinary Differential
 * Equations I", 2nd ed., §II.10 and dop853.f; coefficients in dop853-tableau.ts): the error
 * of the 8th-order solution estimated from a 5th- and a 3rd-order one, err^(1/8) control with
 * safety 0.9 and the step ratio in [1/3, 6]; 12 right-hand-side evaluations per step (the last
 * is the next step's first), 3 more for the dense output of a step that holds samples.
 *
 * Why this method for scoring: it was chosen when the shown data was simulated at rtol 1e-6
 * (the held-out experiments at 1e-5), where an 8th-order method needed about a third of the
 * steps of Dormand–Prince 5(4) (a pendulum verification: 125 steps instead of 355) and its
 * steps, though twice the evaluations, stayed cheap for the small right-hand sides of
 * equations of motion: a verification of the pendulums cost about half as much
 * (packages/physix/README.md#speed). Since both are simulated at rtol = atol = 1e-5 the gap
 * in steps is smaller (a simple_pendulum verification of the truth at that tolerance, 20
 * seeds: 112 steps instead of 233, 1,618 evaluations instead of 1,401); the speed of the two
 * at equal accuracy has not been measured again.
 *
 * It fails as integrateDopri5 does (integration.ts): budgets, step-size underflow, magnitude
 * cap, non-finite stages cut up to MAX_NON_FINITE_CUTS times, all returned as data.
 */

import { DOP853, DOP853_CONTROL, type Stage, type Terms } from './dop853-tableau.ts';
import {
  stageFinite,
  type OdeRhs,
} from './integration.ts';
import { integrator, steppingWorkspace, type Integrator, type StepControl, type SteppingMethod } from './stepping-loop.ts';

const { SAFETY, MIN_RATIO, MAX_RATIO, ERROR3_WEIGHT } = DOP853_CONTROL;
/** Evaluations of an attempted step: stages k1…k11 and f(t + h, y_new). */
const STEP_EVALUATIONS = 12;
/** Stage vectors: k0…k11, f at the new state (k12), dense-output stages k13…k15. */
const STAGE_VECTORS = 16;
const FSAL = 12;

/** A term list as parallel typed arrays: the general integrator's hot loops read them. */
interface FlatTerms {
  readonly index: Int32Array;
  readonly coefficient: Float64Array;
}

interface FlatStage {
  readonly c: number;
  readonly terms: FlatTerms;
}

const flat = (terms: Terms): FlatTerms => ({
  index: Int32Array.from(terms, ([j]) => j),
  coefficient: Float64Array.from(terms, ([, a]) => a),
});
const flatStage = ({ c, terms }: Stage): FlatStage => ({ c, terms: flat(terms) });
const STAGES = DOP853.stages.map(flatStage);
const DENSE_STAGES = DOP853.denseStages.map(flatStage);
const DENSE_ROWS = DOP853.dense.map(flat);
const WEIGHTS = flat(DOP853.weights);
const ERROR5 = flat(DOP853.error5);
const EMBEDDED3 = flat(DOP853.embedded3);
/**
 * x^(1/8) as three square roots: HINIT's (0.01/‖f'‖)^(1/order) and the controller's
 * err^(1/8), exact to the last bit everywhere and cheaper than pow.
 */
const EIGHTH_ROOT = (x: number) => Math.sqrt(Math.sqrt(Math.sqrt(x)));


/** DOP853 for the shared stepping loop (stepping-loop.ts). */
const METHOD: SteppingMethod<Workspace> = {
  createWorkspace,
  stepEvaluations: STEP_EVALUATIONS,
  denseEvaluations: DENSE_STAGES.length,
  root: EIGHTH_ROOT,
  startVectors: (work) => ({ y: work.y, f0: work.k[0]!, probe: work.yStage, f1: work.k[1]! }),
  computeStep,
  stagesFinite,
  errorNorm,
  prepareDense,
  interpolate,
  advance,
};

/** dop853.f's step-size control: err^(1/8) with safety and the step ratio bounds, no state. */
const CONTROL: StepControl = {
  measure: EIGHTH_ROOT,
  rejected: (h, errRoot) => h / Math.min(1 / MIN_RATIO, errRoot / SAFETY),
  accepted: (h, errRoot, lastRejected) => {
    const hNew = h / Math.max(1 / MAX_RATIO, Math.min(1 / MIN_RATIO, errRoot / SAFETY));
    return lastRejected ? Math.min(hNew, h) : hNew;
  },
};

/**
 * Integrates y' = f(t, y) from (t0, y0) and returns y at each of `sampleTimes` (non-decreasing,
 * all ≥ t0), interpolated with the dense output inside the adaptive steps.
 *
 * Scoring comes here only for a law's first few verifications: once its shape is generated
 * code, `dop853KernelSource` writes this same method out for that one right-hand side, and
 * the two agree bit for bit (dop853-kernel.test.ts).
 */
export const integrateDop853: Integrator = integrator(METHOD, () => CONTROL);

/** into[i] = y[i] + h·Σ a_j k_j[i], summed left to right as the generated kernel does. */
function combine(into: Float64Array, work: Workspace, h: number, terms: FlatTerms): void {
  const { n, y, k } = work;
  for (let i = 0; i < n; i++) into[i] = y[i]! + h * weightedSum(k, terms, i);
}

/** Σ a_j k_j[i] over `terms`, left to right, starting from the first term (not from 0, so a −0 stays −0). */
function weightedSum(k: readonly Float64Array[], { index, coefficient }: FlatTerms, i: number): number {
  let sum = coefficient[0]! * k[index[0]!]![i]!;
  for (let m = 1; m < index.length; m++) sum += coefficient[m]! * k[index[m]!]![i]!;
  return sum;
}

/** One stage: its state from the stages so far, then f there into k[into]; false if checked and not finite. */
function evaluateStage(
  rhs: OdeRhs,
  t: number,
  h: number,
  work: Workspace,
  into: number,
  stage: FlatStage,
  checked: boolean,
): boolean {
  combine(work.yStage, work, h, stage.terms);
  const at = t + stage.c * h;
  rhs(at, work.yStage, work.k[into]!);
  return !checked || stageFinite(work, work.k[into]!, at, work.yStage);
}

/**
 * Stages k1…k11, the new state y + h·Σ b_j k_j (its increment kept for the error estimate) and
 * k12 = f(t + h, y_new), the next step's k0. In checked mode, returns false if a stage is not
 * finite and records where the first one was seen.
 */
function computeStep(rhs: OdeRhs, t: number, h: number, work: Workspace, checked: boolean): boolean {
  const { n, y, k, increment, yNew } = work;
  let finite = true;
  // Index loops, not entries(): an iterator per step is most of this path's garbage.
  for (let s = 0; s < STAGES.length; s++) {
    if (!evaluateStage(rhs, t, h, work, s + 1, STAGES[s]!, checked)) finite = false;
  }
  for (let i = 0; i < n; i++) {
    increment[i] = weightedSum(k, WEIGHTS, i);
    yNew[i] = y[i]! + h * increment[i]!;
  }
  rhs(t + h, yNew, k[FSAL]!);
  if (checked && !stageFinite(work, k[FSAL]!, t + h, yNew)) finite = false;
  return finite;
}

/** The dense output's extra stages k13…k15; false if one is not finite (recorded). */
function computeDenseStages(rhs: OdeRhs, t: number, h: number, work: Workspace): boolean {
  let finite = true;
  for (let s = 0; s < DENSE_STAGES.length; s++) {
    if (!evaluateStage(rhs, t, h, work, FSAL + 1 + s, DENSE_STAGES[s]!, true)) finite = false;
  }
  return finite;
}

/** Whether every stage of the step is finite: Σ 0·k is 0 unless some k is NaN or infinite. */
function stagesFinite(work: Workspace): boolean {
  const { n, k } = work;
  let probe = 0;
  for (let s = 1; s <= FSAL; s++) {
    const stage = k[s]!;
    for (let i = 0; i < n; i++) probe += 0 * stage[i]!;
  }
  return probe === 0;
}

/**
 * dop853.f's error: the 5th-order estimate ‖e5‖ and the 3rd-order one ‖e3‖ (each component
 * scaled by atol + rtol·max(|y|, |y_new|)) combined as h·‖e5‖²/√(n·(‖e5‖² + 0.01·‖e3‖²)),
 * which behaves as an 8th-order estimate for small h and stays safe for large h.
 */
function errorNorm(work: Workspace, h: number, rtol: number, atol: number): number {
  const { n, y, yNew, k, increment } = work;
  let err5 = 0;
  let err3 = 0;
  for (let i = 0; i < n; i++) {
    const scale = atol + rtol * Math.max(Math.abs(y[i]!), Math.abs(yNew[i]!));
    let e = weightedSum(k, ERROR5, i) / scale;
    err5 += e * e;
    let embedded = increment[i]!;
    for (let m = 0; m < EMBEDDED3.index.length; m++) embedded -= EMBEDDED3.coefficient[m]! * k[EMBEDDED3.index[m]!]![i]!;
    e = embedded / scale;
    err3 += e * e;
  }
  let denominator = err5 + ERROR3_WEIGHT * err3;
  if (denominator <= 0) denominator = 1;
  return h * err5 * Math.sqrt(1 / (n * denominator));
}

/**
 * dop853.f's 7th-order dense output of the accepted step: its extra stages k13…k15, then the
 * seven coefficient vectors; false if a dense stage is not finite (recorded).
 */
function prepareDense(rhs: OdeRhs, work: Workspace, t: number, h: number): boolean {
  if (!computeDenseStages(rhs, t, h, work)) return false;
  const { n, y, yNew, k, dense } = work;
  const [f0, f1, f2] = dense as [Float64Array, Float64Array, Float64Array];
  for (let i = 0; i < n; i++) {
    f0[i] = yNew[i]! - y[i]!;
    f1[i] = h * k[0]![i]! - f0[i]!;
    f2[i] = f0[i]! - h * k[FSAL]![i]! - f1[i]!;
    for (let r = 0; r < DENSE_ROWS.length; r++) dense[3 + r]![i] = h * weightedSum(k, DENSE_ROWS[r]!, i);
  }
  return true;
}

/** The dense output at θ (θ1 = 1 − θ) of the step, component i at offset + i·stride of `into`. */
function interpolate(work: Workspace, theta: number, theta1: number, into: Float64Array, offset: number, stride: number): void {
  const { n, y, dense } = work;
  const [f0, f1, f2, f3, f4, f5, f6] = dense as [
    Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array,
  ];
  for (let i = 0; i < n; i++) {
    into[offset + i * stride] =
      y[i]! +
      theta *
        (f0[i]! +
          theta1 * (f1[i]! + theta * (f2[i]! + theta1 * (f3[i]! + theta * (f4[i]! + theta1 * (f5[i]! + theta * f6[i]!))))));
  }
}

/** After an accepted step: y_new becomes y and k12 (first same as last) becomes k0. */
function advance(work: Workspace): void {
  const { k } = work;
  const yOld = work.y;
  work.y = work.yNew;
  work.yNew = yOld;
  const k0Old = k[0]!;
  k[0] = k[FSAL]!;
  k[FSAL] = k0Old;
}

/** The solver's scratch vectors for one dimension. */
interface Workspace {
  readonly n: number;
  /** Where a stage was first seen non-finite in this integration (checked mode only). */
  nonFiniteAt: { t: number; state: number[] } | undefined;
  y: Float64Array;
  yNew: Float64Array;
  readonly yStage: Float64Array;
  /** Σ b_j k_j of the current step: y_new − y before the factor h. */
  readonly increment: Float64Array;
  readonly k: Float64Array[];
  /** The dense output's seven coefficient vectors. */
  readonly dense: readonly Float64Array[];
}

function createWorkspace(n: number): Workspace {
  const vector = () => new Float64Array(n);
  return {
    ...steppingWorkspace(n),
    increment: vector(),
    k: Array.from({ length: STAGE_VECTORS }, vector),
    dense: Array.from({ length: 7 }, vector),
  };
}
