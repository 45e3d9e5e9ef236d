/**
 * Dormand–Prince 5(4) (Dormand & Prince 1980, "A family of embedded Runge–Kutta formulae",
 * J. Comput. Appl. Math. 6(1):19–26) with the step-size control, initial-step heuristic and
 * 4th-order dense output of Hairer's DOPRI5 (Hairer, Nørsett & Wanner, "Solving Ordinary
 * Differential Equations I", 2nd ed., §II.4–II.6 and its Fortran code dopri5.f): PI control
 * with β = 0.04, safety 0.9, step ratio in [0.2, 10]; FSAL, so 6 right-hand-side evaluations
 * per step.
 *
 * The solver must never hang on a hostile right-hand side (docs/original-physix.md#w5): it stops on a step or
 * evaluation budget, a step-size underflow, a state whose magnitude exceeds a cap, or values
 * that stay non-finite after repeated step cuts, and returns the failure as data.
 */

import { DOPRI5 } from './dormand-prince-tableau.ts';

/** dy/dt = f(t, y), written into `dydt` (no allocation in the hot loop). */
export type OdeRhs = (t: number, y: Float64Array, dydt: Float64Array) => void;

export interface IntegrateOptions {
  /** Relative tolerance of the local error (default 1e-6). */
  readonly rtol?: number;
  /** Absolute tolerance of the local error (default 1e-9). */
  readonly atol?: number;
  /** Accepted plus rejected steps (default 20 000). */
  readonly maxSteps?: number;
  /** Right-hand-side evaluations (default 100 000). */
  readonly maxRhsEvaluations?: number;
  /** A state component beyond ±maxMagnitude counts as divergence (default 1e12). */
  readonly maxMagnitude?: number;
  /**
   * How `values` is laid out: `by-sample` (default) puts sample i, component j at i·n + j;
   * `by-variable` at j·samples + i, so each variable's trajectory is one contiguous run.
   */
  readonly layout?: 'by-sample' | 'by-variable';
}

export type IntegrationFailureKind =
  'non-finite' | 'diverged' | 'step-budget' | 'rhs-budget' | 'step-underflow';

export interface IntegrationFailure {
  readonly kind: IntegrationFailureKind;
  /** Time reached when the integration stopped. */
  readonly t: number;
  readonly message: string;
  /**
   * For `non-finite`: where a non-finite derivative was first seen (stage time and state), so
   * a caller can point at the sub-expression responsible.
   */
  readonly nonFiniteAt?: { readonly t: number; readonly state: readonly number[] };
}

export interface IntegrationStats {
  readonly steps: number;
  readonly rejectedSteps: number;
  readonly rhsEvaluations: number;
}

export type IntegrationResult =
  | {
      readonly ok: true;
      /** Sample i, component j at i·n + j, or j·samples + i with layout `by-variable`. */
      readonly values: Float64Array;
      readonly stats: IntegrationStats;
    }
  | { readonly ok: false; readonly failure: IntegrationFailure; readonly stats: IntegrationStats };

// Module-level copies: the hot loop reads local constants, not another module's bindings.
const {
  A21, A31, A32, A41, A42, A43, A51, A52, A53, A54, A61, A62, A63, A64, A65, A71, A73, A74,
  A75, A76, BETA, C2, C3, C4, C5, D1, D3, D4, D5, D6, D7, DEFAULT_MAX_STEPS, E1, E3, E4, E5,
  E6, E7, EXPONENT, LOG_MIN_ERR, MAX_RATIO, MIN_RATIO, SAFETY,
} = DOPRI5;

/** Successive step cuts allowed while stages stay non-finite (4^-12 ≈ 6e-8 of the step). */
const MAX_NON_FINITE_CUTS = 12;
const NON_FINITE_CUT = 0.25;

/**
 * Integrates y' = f(t, y) from (t0, y0) and returns y at each of `sampleTimes` (non-decreasing,
 * all ≥ t0), interpolated with the dense output inside the adaptive steps.
 *
 * The loop allocates nothing: stages live in a workspace reused across calls, so a call costs
 * its steps plus one output array, which is what keeps a whole verification (several
 * integrations) in the tens of microseconds.
 */
export function integrateDopri5(
  rhs: OdeRhs,
  t0: number,
  y0: ArrayLike<number>,
  sampleTimesGiven: ArrayLike<number>,
  options: IntegrateOptions = {},
): IntegrationResult {
  // One element type in the hot loop (callers pass arrays or Float64Arrays): V8 then compiles
  // one monomorphic load instead of a polymorphic one per access.
  const sampleTimes =
    sampleTimesGiven instanceof Float64Array
      ? sampleTimesGiven
      : Float64Array.from(sampleTimesGiven);
  const rtol = options.rtol ?? 1e-6;
  const atol = options.atol ?? 1e-9;
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const maxEvals = options.maxRhsEvaluations ?? 100_000;
  const maxMagnitude = options.maxMagnitude ?? 1e12;
  const byVariable = options.layout === 'by-variable';
  const n = y0.length;
  const samples = sampleTimes.length;
  const values = new Float64Array(samples * n);
  // Where sample i, component j is written: i·n + j by sample, j·samples + i by variable.
  const sampleStride = byVariable ? 1 : n;
  const componentStride = byVariable ? samples : 1;
  const tEnd = samples > 0 ? sampleTimes[samples - 1]! : t0;
  checkSampleTimes(t0, sampleTimes);

  const work = claimWorkspace(n);
  try {
    const { yStage, k2, k3, k4, k5, k6, r1, r2, r3, r4, r5 } = work;
    let { y, yNew, k1, k7 } = work;
    y.set(y0 as ArrayLike<number>);

    let evals = 0;
    let steps = 0;
    let rejected = 0;
    let nonFiniteAt: { t: number; state: number[] } | undefined;
    const stats = (): IntegrationStats => ({
      steps,
      rejectedSteps: rejected,
      rhsEvaluations: evals,
    });

    let next = 0;
    for (; next < samples && sampleTimes[next] === t0; next++) {
      for (let i = 0; i < n; i++) values[next * sampleStride + i * componentStride] = y[i]!;
    }
    if (next === samples) return { ok: true, values, stats: stats() };
    if (!allFinite(y, n)) {
      return failed('non-finite', t0, 'the initial state is not finite', undefined, stats());
    }
    rhs(t0, y, k1);
    evals++;
    if (!allFinite(k1, n)) {
      return failed(
        'non-finite',
        t0,
        'the right-hand side is not finite at the initial state',
        { t: t0, state: Array.from(y) },
        stats(),
      );
    }

    let t = t0;
    const hMax = tEnd - t0;
    let h = initialStep(rhs, t0, y, k1, hMax, rtol, atol, yStage, k2);
    evals++;
    // log of the previous step's error (dopri5.f's FACOLD, starting at 1e-4).
    let logErrOld = LOG_MIN_ERR;
    let lastRejected = false;
    let nonFiniteCuts = 0;
    // Stages are checked one by one only after a cheap whole-step probe (Σ 0·k is NaN iff some
    // k is not finite) has failed: the step is then redone in checked mode, which finds the
    // stage and state where f left the finite numbers.
    let checked = false;

    while (t < tEnd) {
      if (steps >= maxSteps) {
        return failed('step-budget', t, `step budget of ${maxSteps} exhausted`, undefined, stats());
      }
      if (evals + 6 > maxEvals) {
        return failed(
          'rhs-budget',
          t,
          `right-hand-side evaluation budget of ${maxEvals} exhausted`,
          undefined,
          stats(),
        );
      }
      if (h < 16 * Number.EPSILON * Math.max(Math.abs(t), 1)) {
        return nonFiniteCuts > 0
          ? failed('non-finite', t, 'the right-hand side became non-finite', nonFiniteAt, stats())
          : failed(
              'step-underflow',
              t,
              'step size underflow: the solution blows up or is too stiff to integrate',
              undefined,
              stats(),
            );
      }
      // As dopri5.f: stretch the step to land exactly on tEnd rather than leave a sliver.
      const last = t + 1.01 * h >= tEnd;
      if (last) h = tEnd - t;
      steps++;
      evals += 6;

      // The six new stages; the seventh (k7 = f(t + h, yNew)) is the next step's k1 (FSAL).
      for (let i = 0; i < n; i++) yStage[i] = y[i]! + h * A21 * k1[i]!;
      rhs(t + C2 * h, yStage, k2);
      let finite = true;
      if (checked && !allFinite(k2, n)) {
        finite = false;
        nonFiniteAt ??= snapshot(t + C2 * h, yStage);
      }
      for (let i = 0; i < n; i++) yStage[i] = y[i]! + h * (A31 * k1[i]! + A32 * k2[i]!);
      rhs(t + C3 * h, yStage, k3);
      if (checked && !allFinite(k3, n)) {
        finite = false;
        nonFiniteAt ??= snapshot(t + C3 * h, yStage);
      }
      for (let i = 0; i < n; i++) {
        yStage[i] = y[i]! + h * (A41 * k1[i]! + A42 * k2[i]! + A43 * k3[i]!);
      }
      rhs(t + C4 * h, yStage, k4);
      if (checked && !allFinite(k4, n)) {
        finite = false;
        nonFiniteAt ??= snapshot(t + C4 * h, yStage);
      }
      for (let i = 0; i < n; i++) {
        yStage[i] = y[i]! + h * (A51 * k1[i]! + A52 * k2[i]! + A53 * k3[i]! + A54 * k4[i]!);
      }
      rhs(t + C5 * h, yStage, k5);
      if (checked && !allFinite(k5, n)) {
        finite = false;
        nonFiniteAt ??= snapshot(t + C5 * h, yStage);
      }
      for (let i = 0; i < n; i++) {
        yStage[i] =
          y[i]! + h * (A61 * k1[i]! + A62 * k2[i]! + A63 * k3[i]! + A64 * k4[i]! + A65 * k5[i]!);
      }
      rhs(t + h, yStage, k6);
      if (checked && !allFinite(k6, n)) {
        finite = false;
        nonFiniteAt ??= snapshot(t + h, yStage);
      }
      for (let i = 0; i < n; i++) {
        yNew[i] =
          y[i]! + h * (A71 * k1[i]! + A73 * k3[i]! + A74 * k4[i]! + A75 * k5[i]! + A76 * k6[i]!);
      }
      rhs(t + h, yNew, k7);
      if (checked && !allFinite(k7, n)) {
        finite = false;
        nonFiniteAt ??= snapshot(t + h, yNew);
      }

      if (!finite) {
        // A too-long step can leave the equation's domain (sqrt or log of a negative); cut it.
        // If the cuts never help, the underflow check above reports the non-finite value.
        rejected++;
        nonFiniteCuts++;
        if (nonFiniteCuts > MAX_NON_FINITE_CUTS) {
          return failed(
            'non-finite',
            t,
            'the right-hand side became non-finite',
            nonFiniteAt,
            stats(),
          );
        }
        h *= NON_FINITE_CUT;
        lastRejected = true;
        continue;
      }

      let errSum = 0;
      let probe = 0;
      for (let i = 0; i < n; i++) {
        const e =
          h * (E1 * k1[i]! + E3 * k3[i]! + E4 * k4[i]! + E5 * k5[i]! + E6 * k6[i]! + E7 * k7[i]!);
        const scale = atol + rtol * Math.max(Math.abs(y[i]!), Math.abs(yNew[i]!));
        errSum += (e / scale) * (e / scale);
        probe += 0 * k2[i]! + 0 * k3[i]! + 0 * k4[i]! + 0 * k5[i]! + 0 * k6[i]! + 0 * k7[i]!;
      }
      if (probe !== 0 && !checked) {
        // Some stage was not finite: redo this step with every stage checked (the evaluations
        // spent still count against the budget).
        steps--;
        checked = true;
        continue;
      }
      const err = Math.sqrt(errSum / n);
      if (!Number.isFinite(err)) {
        // Finite stages with an overflowing error estimate: treat like a non-finite stage.
        rejected++;
        nonFiniteCuts++;
        if (nonFiniteCuts > MAX_NON_FINITE_CUTS) {
          return failed('diverged', t, 'the solution overflowed', undefined, stats());
        }
        h *= NON_FINITE_CUT;
        lastRejected = true;
        continue;
      }
      // err^EXPONENT and errOld^BETA through one logarithm: two pow calls cost more than the
      // rest of a step. The step sizes differ from dopri5.f's in the last bits only.
      const logErr = Math.log(err);

      if (err <= 1) {
        // Accepted: PI controller of dopri5.f (Gustafsson's, with β = 0.04).
        nonFiniteCuts = 0;
        checked = false;
        const tNew = last ? tEnd : t + h;
        if (next < samples && (sampleTimes[next]! <= tNew || last)) {
          for (let i = 0; i < n; i++) {
            r1[i] = y[i]!;
            r2[i] = yNew[i]! - y[i]!;
            r3[i] = h * k1[i]! - r2[i]!;
            r4[i] = r2[i]! - h * k7[i]! - r3[i]!;
            r5[i] =
              h *
              (D1 * k1[i]! + D3 * k3[i]! + D4 * k4[i]! + D5 * k5[i]! + D6 * k6[i]! + D7 * k7[i]!);
          }
          for (; next < samples && (sampleTimes[next]! <= tNew || last); next++) {
            const theta = (sampleTimes[next]! - t) / h;
            const theta1 = 1 - theta;
            const offset = next * sampleStride;
            for (let i = 0; i < n; i++) {
              values[offset + i * componentStride] =
                r1[i]! + theta * (r2[i]! + theta1 * (r3[i]! + theta * (r4[i]! + theta1 * r5[i]!)));
            }
          }
        }
        for (let i = 0; i < n; i++) {
          if (Math.abs(yNew[i]!) > maxMagnitude) {
            return failed(
              'diverged',
              tNew,
              `the solution exceeded ${maxMagnitude} in magnitude`,
              undefined,
              stats(),
            );
          }
        }
        // Swap buffers instead of copying: yNew becomes y, k7 (FSAL) becomes k1.
        const yOld = y;
        y = yNew;
        yNew = yOld;
        const k1Old = k1;
        k1 = k7;
        k7 = k1Old;
        t = tNew;
        let fac = Math.exp(EXPONENT * logErr - BETA * logErrOld);
        fac = Math.max(1 / MAX_RATIO, Math.min(1 / MIN_RATIO, fac / SAFETY));
        let hNew = h / fac;
        if (lastRejected) hNew = Math.min(hNew, h);
        logErrOld = Math.max(logErr, LOG_MIN_ERR);
        lastRejected = false;
        h = Math.min(hNew, hMax);
      } else {
        rejected++;
        h /= Math.min(1 / MIN_RATIO, Math.exp(EXPONENT * logErr) / SAFETY);
        lastRejected = true;
      }
    }
    return { ok: true, values, stats: stats() };
  } finally {
    releaseWorkspace(work);
  }
}

/** Where f was first seen non-finite (the failure path only). */
function snapshot(t: number, state: Float64Array): { t: number; state: number[] } {
  return { t, state: Array.from(state) };
}

function failed(
  kind: IntegrationFailureKind,
  t: number,
  message: string,
  nonFiniteAt: { readonly t: number; readonly state: readonly number[] } | undefined,
  stats: IntegrationStats,
): IntegrationResult {
  const failure: IntegrationFailure =
    kind === 'non-finite' && nonFiniteAt !== undefined
      ? { kind, t, message, nonFiniteAt }
      : { kind, t, message };
  return { ok: false, failure, stats };
}

/** The solver's scratch vectors for one dimension. */
interface Workspace {
  readonly n: number;
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

/**
 * One idle workspace per dimension. A right-hand side that integrates again (nothing here
 * does, but nothing forbids it) finds the workspace claimed and gets a fresh one.
 */
const idleWorkspaces = new Map<number, Workspace>();

function claimWorkspace(n: number): Workspace {
  const idle = idleWorkspaces.get(n);
  if (idle !== undefined) {
    idleWorkspaces.delete(n);
    return idle;
  }
  const vector = () => new Float64Array(n);
  return {
    n,
    y: vector(),
    yNew: vector(),
    k1: vector(),
    k7: vector(),
    yStage: vector(),
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

function releaseWorkspace(work: Workspace): void {
  idleWorkspaces.set(work.n, work);
}

function allFinite(v: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}

/** Hairer's HINIT: a first step from the sizes of y, f and an estimate of f'. */
function initialStep(
  rhs: OdeRhs,
  t0: number,
  y: Float64Array,
  f0: Float64Array,
  hMax: number,
  rtol: number,
  atol: number,
  yProbe: Float64Array,
  f1: Float64Array,
): number {
  const n = y.length;
  let dnf = 0;
  let dny = 0;
  for (let i = 0; i < n; i++) {
    const sk = atol + rtol * Math.abs(y[i]!);
    dnf += (f0[i]! / sk) ** 2;
    dny += (y[i]! / sk) ** 2;
  }
  let h = dnf <= 1e-10 || dny <= 1e-10 ? 1e-6 : Math.sqrt(dny / dnf) * 0.01;
  h = Math.min(h, hMax);
  for (let i = 0; i < n; i++) yProbe[i] = y[i]! + h * f0[i]!;
  rhs(t0 + h, yProbe, f1);
  let der2 = 0;
  for (let i = 0; i < n; i++) {
    const sk = atol + rtol * Math.abs(y[i]!);
    der2 += ((f1[i]! - f0[i]!) / sk) ** 2;
  }
  der2 = Math.sqrt(der2) / h;
  const der12 = Math.max(Math.abs(der2), Math.sqrt(dnf));
  const h1 = der12 <= 1e-15 ? Math.max(1e-6, h * 1e-3) : (0.01 / der12) ** (1 / 5);
  const chosen = Math.min(100 * h, h1, hMax);
  // A non-finite probe (hostile f) falls back to a small step; the main loop handles the rest.
  return Number.isFinite(chosen) && chosen > 0 ? chosen : Math.max(hMax * 1e-6, 1e-12);
}

export function checkSampleTimes(t0: number, sampleTimes: ArrayLike<number>): void {
  let previous = t0;
  for (let i = 0; i < sampleTimes.length; i++) {
    const t = sampleTimes[i]!;
    if (!(t >= previous) || !Number.isFinite(t)) {
      throw new Error(`sample times must be finite, non-decreasing and ≥ t0 (index ${i}: ${t})`);
    }
    previous = t;
  }
}
