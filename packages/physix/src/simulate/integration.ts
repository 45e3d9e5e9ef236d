import { err, ok, type Result } from '@verilab/core';

/**
 * What the adaptive integrators share (dormand-prince.ts, dop853.ts): the right-hand side's
 * shape, options, the failure kinds a caller sees, and the bookkeeping around the stepping
 * loop — sample output, budgets, counts and the failure as data.
 *
 * The solvers must never hang on a hostile right-hand side (docs/original-physix.md#w5): they stop on a step or
 * evaluation budget, a step-size underflow, a state whose magnitude exceeds a cap, or values
 * that stay non-finite after repeated step cuts, and return the failure as data.
 */

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
  /** The work done before it stopped. */
  readonly stats: IntegrationStats;
}

export interface IntegrationStats {
  readonly steps: number;
  readonly rejectedSteps: number;
  readonly rhsEvaluations: number;
}

/** A completed integration. */
export interface Integration {
  /** Sample i, component j at i·n + j, or j·samples + i with layout `by-variable`. */
  readonly values: Float64Array;
  readonly stats: IntegrationStats;
}

/** The samples, or the one failure that stopped the integration (`firstIssue` reads it). */
export type IntegrationResult = Result<Integration, IntegrationFailure>;

export function completed(values: Float64Array, count: Counts): IntegrationResult {
  return ok({ values, stats: statsOf(count) });
}

/** Default step budget (accepted plus rejected steps). */
export const DEFAULT_MAX_STEPS = 20_000;

/** Successive step cuts allowed while stages stay non-finite (4^-12 ≈ 6e-8 of the step). */
export const MAX_NON_FINITE_CUTS = 12;
export const NON_FINITE_CUT = 0.25;

export const STEP_UNDERFLOW = 'step size underflow: the solution blows up or is too stiff to integrate';

export interface SampleOutput {
  readonly sampleTimes: Float64Array;
  readonly values: Float64Array;
  readonly sampleStride: number;
  readonly componentStride: number;
}

export interface Limits {
  readonly rtol: number;
  readonly atol: number;
  readonly maxSteps: number;
  readonly maxEvals: number;
  readonly maxMagnitude: number;
}

/** The checked sample times, an output array in the requested layout, and the limits with defaults. */
export function prepareRun(
  t0: number,
  n: number,
  sampleTimesGiven: ArrayLike<number>,
  options: IntegrateOptions,
): { readonly output: SampleOutput; readonly limits: Limits } {
  // One element type in the hot loop (callers pass arrays or Float64Arrays): V8 then compiles
  // one monomorphic load instead of a polymorphic one per access.
  const sampleTimes =
    sampleTimesGiven instanceof Float64Array
      ? sampleTimesGiven
      : Float64Array.from(sampleTimesGiven);
  checkSampleTimes(t0, sampleTimes);
  const samples = sampleTimes.length;
  const byVariable = options.layout === 'by-variable';
  const output: SampleOutput = {
    sampleTimes,
    values: new Float64Array(samples * n),
    // Where sample i, component j is written: i·n + j by sample, j·samples + i by variable.
    sampleStride: byVariable ? 1 : n,
    componentStride: byVariable ? samples : 1,
  };
  const limits: Limits = {
    rtol: options.rtol ?? 1e-6,
    atol: options.atol ?? 1e-9,
    maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS,
    maxEvals: options.maxRhsEvaluations ?? 100_000,
    maxMagnitude: options.maxMagnitude ?? 1e12,
  };
  return { output, limits };
}

export interface Counts {
  steps: number;
  rejected: number;
  evals: number;
}

function statsOf(count: Counts): IntegrationStats {
  return { steps: count.steps, rejectedSteps: count.rejected, rhsEvaluations: count.evals };
}

function writeSample(output: SampleOutput, index: number, state: Float64Array, n: number): void {
  const offset = index * output.sampleStride;
  for (let i = 0; i < n; i++) output.values[offset + i * output.componentStride] = state[i]!;
}

export function withinMagnitude(state: Float64Array, n: number, maxMagnitude: number): boolean {
  for (let i = 0; i < n; i++) if (Math.abs(state[i]!) > maxMagnitude) return false;
  return true;
}

export function allFinite(v: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}

/** What a solver's workspace records about non-finite stages. */
export interface NonFiniteRecord {
  readonly n: number;
  /** Where a stage was first seen non-finite in this integration (checked mode only). */
  nonFiniteAt: { t: number; state: number[] } | undefined;
}

/**
 * Runs `body` with a workspace for dimension n, reused across calls: one idle workspace per
 * dimension, so an integration allocates only its output. A right-hand side that integrates
 * again (nothing here does, but nothing forbids it) finds the workspace claimed and gets a
 * fresh one.
 */
export function workspacePool<W extends NonFiniteRecord>(
  create: (n: number) => W,
): <R>(n: number, body: (work: W) => R) => R {
  const idle = new Map<number, W>();
  return (n, body) => {
    let work = idle.get(n);
    if (work === undefined) work = create(n);
    else {
      idle.delete(n);
      work.nonFiniteAt = undefined;
    }
    try {
      return body(work);
    } finally {
      idle.set(n, work);
    }
  };
}

/** Whether a stage is finite; if not, records where the first non-finite one was seen. */
export function stageFinite(work: NonFiniteRecord, k: Float64Array, t: number, state: Float64Array): boolean {
  if (allFinite(k, work.n)) return true;
  work.nonFiniteAt ??= { t, state: Array.from(state) };
  return false;
}

/** What `begin` reads and writes: the state, f there, and HINIT's two scratch vectors. */
export interface StartVectors {
  readonly y: Float64Array;
  readonly f0: Float64Array;
  readonly probe: Float64Array;
  readonly f1: Float64Array;
}

/**
 * Before the first step: the samples at t0, f(t0, y0) into f0 and the initial step size for a
 * method whose `root` is x^(1/order) — or the whole result, when every sample is at t0 or the
 * start is not finite.
 */
export function begin(
  rhs: OdeRhs,
  t0: number,
  tEnd: number,
  { y, f0, probe, f1 }: StartVectors,
  output: SampleOutput,
  limits: Limits,
  count: Counts,
  root: (x: number) => number,
): IntegrationResult | { readonly next: number; readonly h: number } {
  const n = y.length;
  const { sampleTimes } = output;
  let next = 0;
  for (; next < sampleTimes.length && sampleTimes[next] === t0; next++) writeSample(output, next, y, n);
  if (next === sampleTimes.length) return completed(output.values, count);
  if (!allFinite(y, n)) {
    return failed('non-finite', t0, 'the initial state is not finite', undefined, count);
  }
  rhs(t0, y, f0);
  count.evals++;
  if (!allFinite(f0, n)) {
    const at = { t: t0, state: Array.from(y) };
    return failed('non-finite', t0, 'the right-hand side is not finite at the initial state', at, count);
  }
  const h = initialStep(rhs, t0, y, f0, tEnd - t0, limits, probe, f1, root);
  count.evals++;
  return { next, h };
}

/**
 * Hairer's HINIT (Hairer, Nørsett & Wanner, §II.4): a first step from the sizes of y, f and an
 * estimate of f', for a method whose `root` is x^(1/order). Uses `yProbe` and `f1` as scratch
 * and spends one evaluation.
 */
function initialStep(
  rhs: OdeRhs,
  t0: number,
  y: Float64Array,
  f0: Float64Array,
  hMax: number,
  { rtol, atol }: Limits,
  yProbe: Float64Array,
  f1: Float64Array,
  root: (x: number) => number,
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
  const h1 = der12 <= 1e-15 ? Math.max(1e-6, h * 1e-3) : root(0.01 / der12);
  const chosen = Math.min(100 * h, h1, hMax);
  // A non-finite probe (hostile f) falls back to a small step; the main loop handles the rest.
  return Number.isFinite(chosen) && chosen > 0 ? chosen : Math.max(hMax * 1e-6, 1e-12);
}

export function failed(
  kind: IntegrationFailureKind,
  t: number,
  message: string,
  nonFiniteAt: { readonly t: number; readonly state: readonly number[] } | undefined,
  count: Counts,
): IntegrationResult {
  const stats = statsOf(count);
  const failure: IntegrationFailure =
    kind === 'non-finite' && nonFiniteAt !== undefined
      ? { kind, t, message, nonFiniteAt, stats }
      : { kind, t, message, stats };
  return err([failure]);
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
