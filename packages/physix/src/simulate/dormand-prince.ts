/**
 * Dormand–Prince 5(4) (Dormand & Prince 1980, "A family of embedded Runge–Kutta formulae",
 * J. Comput. Appl. Math. 6(1):19–26) with the step-size control, initial-step heuristic and
 * 4th-order dense output of Hairer's DOPRI5 (Hairer, Nørsett & Wanner, "Solving Ordinary
 * Differential Equations I", 2nd ed., §II.4–II.6 and its Fortran code dopri5.f): PI control
 * with β = 0.04, safety 0.9, step ratio in [0.2, 10]; FSAL, so 6 right-hand-side evaluations
 * per step.
 *
 * It fails as every integrator here does (integration.ts): budgets, step-size underflow,
 * magnitude cap, non-finite stages cut a bounded number of times, all returned as data.
 */

import { DOPRI5 } from './dormand-prince-tableau.ts';
import {
  stageFinite,
  type OdeRhs,
} from './integration.ts';
import { integrator, steppingWorkspace, type Integrator, type StepControl, type SteppingMethod } from './stepping-loop.ts';

// Module-level copies: the hot loop reads local constants, not another module's bindings.
const {
  A21, A31, A32, A41, A42, A43, A51, A52, A53, A54, A61, A62, A63, A64, A65, A71, A73, A74,
  A75, A76, BETA, C2, C3, C4, C5, D1, D3, D4, D5, D6, D7, E1, E3, E4, E5,
  E6, E7, EXPONENT, LOG_MIN_ERR, MAX_RATIO, MIN_RATIO, SAFETY,
} = DOPRI5;

/** HINIT's (0.01/‖f'‖)^(1/order) for this 5th-order method. */
const FIFTH_ROOT = (x: number) => x ** (1 / 5);


/** DOPRI5 for the shared stepping loop (stepping-loop.ts); its controller is `Dopri5Control`. */
const METHOD: SteppingMethod<Workspace> = {
  createWorkspace,
  stepEvaluations: 6,
  denseEvaluations: 0,
  root: FIFTH_ROOT,
  startVectors: (work) => ({ y: work.y, f0: work.k1, probe: work.yStage, f1: work.k2 }),
  computeStep: computeStages,
  stagesFinite,
  errorNorm,
  prepareDense,
  interpolate,
  advance,
};

/**
 * dopri5.f's step-size control for one integration: err^EXPONENT and errOld^BETA through one
 * logarithm (two pow calls cost more than the rest of a step; the step sizes differ from
 * dopri5.f's in the last bits only), with the log of the previous step's error as its state.
 */
class Dopri5Control implements StepControl {
  /** log of the previous step's error (dopri5.f's FACOLD, starting at 1e-4). */
  private logErrOld = LOG_MIN_ERR;

  measure(err: number): number {
    return Math.log(err);
  }

  rejected(h: number, logErr: number): number {
    return h / Math.min(1 / MIN_RATIO, Math.exp(EXPONENT * logErr) / SAFETY);
  }

  accepted(h: number, logErr: number, lastRejected: boolean): number {
    const hNew = acceptedStepSize(h, logErr, this.logErrOld, lastRejected);
    this.logErrOld = Math.max(logErr, LOG_MIN_ERR);
    return hNew;
  }
}

/**
 * Integrates y' = f(t, y) from (t0, y0) and returns y at each of `sampleTimes` (non-decreasing,
 * all ≥ t0), interpolated with the dense output inside the adaptive steps.
 *
 * The loop allocates nothing: stages live in a workspace reused across calls, so a call costs
 * its steps plus one output array. It simulates the true systems (systems/simulate-truth.ts),
 * whose seeded trajectories must never change; hypotheses are scored with DOP853 (dop853.ts).
 */
export const integrateDopri5: Integrator = integrator(METHOD, () => new Dopri5Control());

/**
 * The six new stages of a step of size h from (t, y), into k2…k6, yNew and k7 = f(t + h, yNew),
 * which is the next step's k1 (FSAL). In checked mode, returns false if a stage is not finite
 * and records where the first one was seen.
 */
function computeStages(rhs: OdeRhs, t: number, h: number, work: Workspace, checked: boolean): boolean {
  const { n, y, k1, yStage, k2, k3, k4, k5, k6, yNew, k7 } = work;
  let finite = true;
  for (let i = 0; i < n; i++) yStage[i] = y[i]! + h * A21 * k1[i]!;
  rhs(t + C2 * h, yStage, k2);
  if (checked && !stageFinite(work, k2, t + C2 * h, yStage)) finite = false;
  for (let i = 0; i < n; i++) yStage[i] = y[i]! + h * (A31 * k1[i]! + A32 * k2[i]!);
  rhs(t + C3 * h, yStage, k3);
  if (checked && !stageFinite(work, k3, t + C3 * h, yStage)) finite = false;
  for (let i = 0; i < n; i++) {
    yStage[i] = y[i]! + h * (A41 * k1[i]! + A42 * k2[i]! + A43 * k3[i]!);
  }
  rhs(t + C4 * h, yStage, k4);
  if (checked && !stageFinite(work, k4, t + C4 * h, yStage)) finite = false;
  for (let i = 0; i < n; i++) {
    yStage[i] = y[i]! + h * (A51 * k1[i]! + A52 * k2[i]! + A53 * k3[i]! + A54 * k4[i]!);
  }
  rhs(t + C5 * h, yStage, k5);
  if (checked && !stageFinite(work, k5, t + C5 * h, yStage)) finite = false;
  for (let i = 0; i < n; i++) {
    yStage[i] =
      y[i]! + h * (A61 * k1[i]! + A62 * k2[i]! + A63 * k3[i]! + A64 * k4[i]! + A65 * k5[i]!);
  }
  rhs(t + h, yStage, k6);
  if (checked && !stageFinite(work, k6, t + h, yStage)) finite = false;
  for (let i = 0; i < n; i++) {
    yNew[i] =
      y[i]! + h * (A71 * k1[i]! + A73 * k3[i]! + A74 * k4[i]! + A75 * k5[i]! + A76 * k6[i]!);
  }
  rhs(t + h, yNew, k7);
  if (checked && !stageFinite(work, k7, t + h, yNew)) finite = false;
  return finite;
}

/** Whether every stage of the step is finite: Σ 0·k is 0 unless some k is NaN or infinite. */
function stagesFinite(work: Workspace): boolean {
  const { n, k2, k3, k4, k5, k6, k7 } = work;
  let probe = 0;
  for (let i = 0; i < n; i++) {
    probe += 0 * k2[i]! + 0 * k3[i]! + 0 * k4[i]! + 0 * k5[i]! + 0 * k6[i]! + 0 * k7[i]!;
  }
  return probe === 0;
}

/** The RMS of the embedded error estimate, each component scaled by atol + rtol·|y|. */
function errorNorm(work: Workspace, h: number, rtol: number, atol: number): number {
  const { n, y, yNew, k1, k3, k4, k5, k6, k7 } = work;
  let errSum = 0;
  for (let i = 0; i < n; i++) {
    const e = h * (E1 * k1[i]! + E3 * k3[i]! + E4 * k4[i]! + E5 * k5[i]! + E6 * k6[i]! + E7 * k7[i]!);
    const scale = atol + rtol * Math.max(Math.abs(y[i]!), Math.abs(yNew[i]!));
    errSum += (e / scale) * (e / scale);
  }
  return Math.sqrt(errSum / n);
}

/** The 4th-order dense output's coefficient vectors of the accepted step (no extra stages). */
function prepareDense(_rhs: OdeRhs, work: Workspace, _t: number, h: number): boolean {
  const { n, y, yNew, k1, k3, k4, k5, k6, k7, r1, r2, r3, r4, r5 } = work;
  for (let i = 0; i < n; i++) {
    r1[i] = y[i]!;
    r2[i] = yNew[i]! - y[i]!;
    r3[i] = h * k1[i]! - r2[i]!;
    r4[i] = r2[i]! - h * k7[i]! - r3[i]!;
    r5[i] = h * (D1 * k1[i]! + D3 * k3[i]! + D4 * k4[i]! + D5 * k5[i]! + D6 * k6[i]! + D7 * k7[i]!);
  }
  return true;
}

/** The dense output at θ (θ1 = 1 − θ) of the step, component i at offset + i·stride of `into`. */
function interpolate(work: Workspace, theta: number, theta1: number, into: Float64Array, offset: number, stride: number): void {
  const { n, r1, r2, r3, r4, r5 } = work;
  for (let i = 0; i < n; i++) {
    into[offset + i * stride] =
      r1[i]! + theta * (r2[i]! + theta1 * (r3[i]! + theta * (r4[i]! + theta1 * r5[i]!)));
  }
}

/** After an accepted step: yNew becomes y and k7 (FSAL) becomes k1, by swapping buffers. */
function advance(work: Workspace): void {
  const yOld = work.y;
  work.y = work.yNew;
  work.yNew = yOld;
  const k1Old = work.k1;
  work.k1 = work.k7;
  work.k7 = k1Old;
}

/** The next step after an accepted one: the PI controller of dopri5.f (Gustafsson's, β = 0.04). */
function acceptedStepSize(h: number, logErr: number, logErrOld: number, lastRejected: boolean): number {
  let fac = Math.exp(EXPONENT * logErr - BETA * logErrOld);
  fac = Math.max(1 / MAX_RATIO, Math.min(1 / MIN_RATIO, fac / SAFETY));
  const hNew = h / fac;
  return lastRejected ? Math.min(hNew, h) : hNew;
}

/** The solver's scratch vectors for one dimension. */
interface Workspace {
  readonly n: number;
  /** Where a stage was first seen non-finite in this integration (checked mode only). */
  nonFiniteAt: { t: number; state: number[] } | undefined;
  y: Float64Array;
  yNew: Float64Array;
  k1: Float64Array;
  k7: Float64Array;
  readonly yStage: Float64Array;
  readonly k2: Float64Array;
  readonly k3: Float64Array;
  readonly k4: Float64Array;
  readonly k5: Float64Array;
  readonly k6: Float64Array;
  readonly r1: Float64Array;
  readonly r2: Float64Array;
  readonly r3: Float64Array;
  readonly r4: Float64Array;
  readonly r5: Float64Array;
}

function createWorkspace(n: number): Workspace {
  const vector = () => new Float64Array(n);
  return {
    ...steppingWorkspace(n),
    k1: vector(),
    k7: vector(),
    k2: vector(),
    k3: vector(),
    k4: vector(),
    k5: vector(),
    k6: vector(),
    r1: vector(),
    r2: vector(),
    r3: vector(),
    r4: vector(),
    r5: vector(),
  };
}

