/**
 * The adaptive stepping loop both integrators run (dormand-prince.ts, dop853.ts): attempt a
 * step, judge its error, then accept (sample, grow) or cut — with the budgets, step-size
 * underflow, magnitude cap and bounded cuts of non-finite steps of integration.ts. A method
 * brings its stages, error norm, step-size controller and dense output as a `SteppingMethod`.
 */

import {
  begin,
  completed,
  failed,
  MAX_NON_FINITE_CUTS,
  NON_FINITE_CUT,
  STEP_UNDERFLOW,
  withinMagnitude,
  type Counts,
  type IntegrateOptions,
  type IntegrationResult,
  type Limits,
  type NonFiniteRecord,
  type OdeRhs,
  prepareRun,
  type SampleOutput,
  type StartVectors,
  workspacePool,
} from './integration.ts';

/** What the loop reads of a method's workspace: the non-finite record, the state and the step's new state. */
export interface SteppingWorkspace extends NonFiniteRecord {
  readonly y: Float64Array;
  readonly yNew: Float64Array;
}

/**
 * The part of a fresh workspace for dimension n every method has: the state, the step's new
 * state and the scratch state of a stage. A method spreads it and adds its stages.
 */
export function steppingWorkspace(n: number): {
  readonly n: number;
  nonFiniteAt: undefined;
  y: Float64Array;
  yNew: Float64Array;
  readonly yStage: Float64Array;
} {
  const vector = () => new Float64Array(n);
  return { n, nonFiniteAt: undefined, y: vector(), yNew: vector(), yStage: vector() };
}

/**
 * Integrates y' = f(t, y) from (t0, y0) and returns y at each of `sampleTimes` (non-decreasing,
 * all ≥ t0), interpolated with the dense output inside the adaptive steps.
 */
export type Integrator = (
  rhs: OdeRhs,
  t0: number,
  y0: ArrayLike<number>,
  sampleTimes: ArrayLike<number>,
  options?: IntegrateOptions,
) => IntegrationResult;

/** The step-size controller of one integration (it may keep state across accepted steps). */
export interface StepControl {
  /** What `rejected` and `accepted` read of a step's error norm (e.g. its log or a root), computed once per step. */
  measure(err: number): number;
  /** The retry's step size after a rejected step. */
  rejected(h: number, measure: number): number;
  /** The next step size after an accepted one, before the cap at the whole interval. */
  accepted(h: number, measure: number, lastRejected: boolean): number;
}

export interface SteppingMethod<W extends SteppingWorkspace> {
  /** The scratch vectors for dimension n (pooled: one idle workspace per dimension). */
  createWorkspace(n: number): W;
  /** Right-hand-side evaluations of an attempted step. */
  readonly stepEvaluations: number;
  /** Extra evaluations of an accepted step that holds samples (the dense output's own stages). */
  readonly denseEvaluations: number;
  /** HINIT's x^(1/order). */
  readonly root: (x: number) => number;
  /** The vectors `begin` uses: the state, f there (the first step's first stage) and two scratch ones. */
  startVectors(work: W): StartVectors;
  /** All stages and the new state of a step of size h; in checked mode false if a stage is not finite (recorded). */
  computeStep(rhs: OdeRhs, t: number, h: number, work: W, checked: boolean): boolean;
  /** The cheap unchecked probe: whether every stage of the step is finite. */
  stagesFinite(work: W): boolean;
  errorNorm(work: W, h: number, rtol: number, atol: number): number;
  /**
   * The dense output of an accepted step that holds samples (with `denseEvaluations` more
   * stages, if any); false if those stages were not finite (recorded).
   */
  prepareDense(rhs: OdeRhs, work: W, t: number, h: number): boolean;
  /** The prepared dense output at θ (θ1 = 1 − θ), component i at offset + i·stride of `into`. */
  interpolate(work: W, theta: number, theta1: number, into: Float64Array, offset: number, stride: number): void;
  /** After an accepted step: the new state (and the first-same-as-last stage) become the current ones. */
  advance(work: W): void;
}

/**
 * The integrator of `method`, with a fresh controller from `control` per integration. The loop
 * allocates nothing: stages live in the method's workspace, reused across calls, so a call
 * costs its steps plus one output array.
 */
export function integrator<W extends SteppingWorkspace>(
  method: SteppingMethod<W>,
  control: () => StepControl,
): Integrator {
  const withWorkspace = workspacePool(method.createWorkspace);
  return (rhs, t0, y0, sampleTimesGiven, options = {}) => {
    const n = y0.length;
    const { output, limits } = prepareRun(t0, n, sampleTimesGiven, options);
    return withWorkspace(n, (work) => {
      work.y.set(y0);
      return runSteps(method, control(), rhs, t0, work, output, limits);
    });
  };
}

/** Integrates from (t0, work's y) through the last sample time with `method`, stepping as controlled by `control`. */
function runSteps<W extends SteppingWorkspace>(
  method: SteppingMethod<W>,
  control: StepControl,
  rhs: OdeRhs,
  t0: number,
  work: W,
  output: SampleOutput,
  limits: Limits,
): IntegrationResult {
  const { sampleTimes } = output;
  const { rtol, atol, maxSteps, maxEvals, maxMagnitude } = limits;
  const { n } = work;
  // The hooks as locals: a step then calls known functions rather than loading them from the
  // record each time, which cost a few percent on small right-hand sides (dormand-prince.bench).
  const { stepEvaluations, denseEvaluations, computeStep, stagesFinite, errorNorm, prepareDense, interpolate, advance } =
    method;
  const samples = sampleTimes.length;
  const tEnd = samples > 0 ? sampleTimes[samples - 1]! : t0;
  const count: Counts = { steps: 0, rejected: 0, evals: 0 };
  const started = begin(rhs, t0, tEnd, method.startVectors(work), output, limits, count, method.root);
  if ('ok' in started) return started;
  let { next, h } = started;
  let t = t0;
  const hMax = tEnd - t0;
  let lastRejected = false;
  let nonFiniteCuts = 0;
  // Stages are checked one by one only after a cheap whole-step probe has failed: the step is
  // then redone in checked mode, which finds the stage and state where f left the finite numbers.
  let checked = false;
  const nonFinite = () =>
    failed('non-finite', t, 'the right-hand side became non-finite', work.nonFiniteAt, count);
  /** A non-finite step: cut it, unless the cuts are used up (then the failure). */
  const cut = (failure: () => IntegrationResult): IntegrationResult | undefined => {
    count.rejected++;
    nonFiniteCuts++;
    if (nonFiniteCuts > MAX_NON_FINITE_CUTS) return failure();
    h *= NON_FINITE_CUT;
    lastRejected = true;
    return undefined;
  };

  while (t < tEnd) {
    if (count.steps >= maxSteps) {
      return failed('step-budget', t, `step budget of ${maxSteps} exhausted`, undefined, count);
    }
    if (count.evals + stepEvaluations > maxEvals) {
      const message = `right-hand-side evaluation budget of ${maxEvals} exhausted`;
      return failed('rhs-budget', t, message, undefined, count);
    }
    if (h < 16 * Number.EPSILON * Math.max(Math.abs(t), 1)) {
      return nonFiniteCuts > 0 ? nonFinite() : failed('step-underflow', t, STEP_UNDERFLOW, undefined, count);
    }
    // As dopri5.f and dop853.f: stretch the step to land exactly on tEnd rather than leave a sliver.
    const last = t + 1.01 * h >= tEnd;
    if (last) h = tEnd - t;
    count.steps++;
    count.evals += stepEvaluations;

    if (!computeStep(rhs, t, h, work, checked)) {
      // A too-long step can leave the equation's domain (sqrt or log of a negative); cut it.
      // If the cuts never help, the underflow check above reports the non-finite value.
      const stop = cut(nonFinite);
      if (stop !== undefined) return stop;
      continue;
    }
    if (!checked && !stagesFinite(work)) {
      // Some stage was not finite: redo this step with every stage checked (the evaluations
      // spent still count against the budget).
      count.steps--;
      checked = true;
      continue;
    }
    const err = errorNorm(work, h, rtol, atol);
    if (!Number.isFinite(err)) {
      // Finite stages with an overflowing error estimate: treat like a non-finite stage.
      const stop = cut(() => failed('diverged', t, 'the solution overflowed', undefined, count));
      if (stop !== undefined) return stop;
      continue;
    }
    const measure = control.measure(err);
    if (err > 1) {
      count.rejected++;
      h = control.rejected(h, measure);
      lastRejected = true;
      continue;
    }
    const tNew = last ? tEnd : t + h;
    if (next < samples && (sampleTimes[next]! <= tNew || last)) {
      count.evals += denseEvaluations;
      if (!prepareDense(rhs, work, t, h)) {
        const stop = cut(nonFinite);
        if (stop !== undefined) return stop;
        continue;
      }
      next = writeDenseSamples(interpolate, output, next, work, t, h, tNew, last);
    }
    // Only once the step (and its dense output) stood: a step cut above still counts its cuts.
    nonFiniteCuts = 0;
    checked = false;
    if (!withinMagnitude(work.yNew, n, maxMagnitude)) {
      const message = `the solution exceeded ${maxMagnitude} in magnitude`;
      return failed('diverged', tNew, message, undefined, count);
    }
    advance(work);
    t = tNew;
    h = Math.min(control.accepted(h, measure, lastRejected), hMax);
    lastRejected = false;
  }
  return completed(output.values, count);
}

/**
 * Writes every sample in the accepted step (t, tNew] (all that remain on the last step) from
 * the prepared dense output, and returns the index of the next sample.
 */
function writeDenseSamples<W extends SteppingWorkspace>(
  interpolate: SteppingMethod<W>['interpolate'],
  output: SampleOutput,
  from: number,
  work: W,
  t: number,
  h: number,
  tNew: number,
  last: boolean,
): number {
  const { sampleTimes, values, sampleStride, componentStride } = output;
  let next = from;
  for (; next < sampleTimes.length && (sampleTimes[next]! <= tNew || last); next++) {
    const theta = (sampleTimes[next]! - t) / h;
    interpolate(work, theta, 1 - theta, values, next * sampleStride, componentStride);
  }
  return next;
}
