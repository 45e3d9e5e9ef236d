import { firstIssue } from '@verilab/core';
import { HELD_OUT_TOLERANCES } from '../constants.ts';
import type { EquationSystem, Expr } from '../equation/ast.ts';
import { compileVectorField, findNonFinite, type CompiledField } from '../equation/compile.ts';
import { locator } from '../equation/issues.ts';
import { printExpression } from '../equation/print.ts';
import { integrateDop853 } from './dop853.ts';
import {
  checkSampleTimes,
  DEFAULT_MAX_STEPS,
  type IntegrationFailure,
  type IntegrationFailureKind,
  type IntegrationStats,
  type OdeRhs,
} from './integration.ts';
import { exactSampler } from './linear-propagator.ts';

/**
 * Tolerances for scoring a hypothesis on the shown data: those of the held-out experiments
 * (HELD_OUT_TOLERANCES). atol = rtol, because the reward measures errors in units of σ, a
 * fixed fraction (1 %) of each variable's spread: an error where a variable passes through
 * zero counts as much as anywhere else, and a near-pure relative tolerance (atol ≪ rtol·|y|)
 * would spend steps resolving each zero crossing to a precision no score can see (with atol
 * 1e-2·rtol the truth erred by 0.075 σ instead of 0.05 σ and took 7–22 % more evaluations;
 * 10 seeds of every system, the shown data at rtol 1e-6, held-out experiments of 50 samples).
 * Measured against near-exact true trajectories (20 seeds of every system, shown data and
 * held-out experiments of 100 samples), the ground truth integrated with DOP853 at rtol = atol
 * = 1e-5 errs by at most 0.080 σ (damped_pendulum) and its worst mean squared error is
 * 3.3e-4 σ², the same with the shown data at 1e-6: the held-out experiments, longer and wider,
 * set both (the shown data's worst is 0.039 σ, free_fall_drag). That is far below the noise
 * band (1 σ²) and the spread of the noise's own mean square (0.14 σ²); the shown simulation
 * at 1e-6 cost 9–10 % more evaluations per pendulum verification for nothing a score can see.
 * An 8th-order method gains little from a looser rtol (steps ∝ tol^-1/8): 1e-4 on the
 * held-out experiments saved 18 % of the evaluations at 0.42 σ (measured with the shown data
 * at 1e-6 and 50 held-out samples). `npm run bench -- physix`
 * compares the speed with odeint at its defaults and at these tolerances.
 */
export const SIMULATION_TOLERANCES = HELD_OUT_TOLERANCES;

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
  /**
   * `message` without the time or the state it failed at (the value a sqrt or log received): all
   * that may be said of a run the agent must not learn about. On a held-out experiment those
   * gave its hidden start away (`sqrt(101 - y)` failing at t = 0 with -16.4 put y0 at 117.4).
   */
  readonly cause: string;
}

export type SimulationResult =
  | {
      readonly ok: true;
      readonly columns: readonly Float64Array[];
      readonly stats: IntegrationStats;
    }
  | { readonly ok: false; readonly failure: SimulationFailure; readonly stats: IntegrationStats };

/** A hypothesis with its parameter values: what `prepareSimulation` binds once. */
export interface Hypothesis {
  readonly system: EquationSystem;
  readonly stateVariables: readonly string[];
  readonly parameters: ReadonlyMap<string, number>;
  /** The equation text, to turn failure positions into line and column. */
  readonly text: string;
}

export interface HypothesisProblem extends Hypothesis {
  /** The true initial state (docs/original-physix.md#simulator: re-simulate from the observed trajectory's start). */
  readonly initial: ArrayLike<number>;
  readonly times: ArrayLike<number>;
  /** Default SIMULATION_TOLERANCES. */
  readonly tolerances?: Tolerances;
}

export interface Tolerances {
  readonly rtol: number;
  readonly atol: number;
}

/** One hypothesis bound to its parameters, simulated from as many starts as needed. */
export interface Simulation {
  /**
   * Integrates from `initial` and samples at `times` (default SIMULATION_TOLERANCES). The
   * columns are fresh arrays, or views of `into` when it is given and long enough (samples ×
   * variables): scratch space for a caller that only reduces them, before the next run (the
   * next run into the same buffer at the same sizes returns the same views).
   */
  run(
    initial: ArrayLike<number>,
    times: ArrayLike<number>,
    tolerances?: Tolerances,
    into?: Float64Array,
  ): SimulationResult;
}

/** Integrates the agent's equations from the true initial state and samples them at `times`. */
export function simulateHypothesis(problem: HypothesisProblem): SimulationResult {
  return prepareSimulation(problem).run(problem.initial, problem.times, problem.tolerances);
}

/**
 * Binds a hypothesis to its parameters once: the compiled field (or, once its shape is
 * generated code, the integrator specialised to it) serves every run, so the held-out
 * experiments of one verification cost their integrations and nothing more.
 */
export function prepareSimulation(hypothesis: Hypothesis): Simulation {
  const { system, stateVariables } = hypothesis;
  const values = new Float64Array(system.parametersUsed.length);
  for (const [i, name] of system.parametersUsed.entries()) {
    const value = hypothesis.parameters.get(name);
    if (value === undefined) throw new Error(`no value for parameter ${name}`);
    values[i] = value;
  }
  const compiled = compiledField(system, stateVariables);
  // A linear law is solved exactly (linear-propagator.ts), in either tier: no step budget or
  // tolerance applies to it, and it falls back to integrating only to report a divergence.
  const linear = exactSampler(system.derivatives, stateIndexOf(stateVariables), hypothesis.parameters);
  const kernel = linear === undefined ? compiled.bindKernel(values) : undefined;
  let field: OdeRhs | undefined;
  const n = stateVariables.length;
  const budget = Math.min(
    MAX_RHS_EVALUATIONS,
    Math.max(MIN_RHS_EVALUATIONS, Math.floor(NODE_EVALUATION_BUDGET / system.nodeCount)),
  );
  return {
    run(initial, timesGiven, { rtol, atol } = SIMULATION_TOLERANCES, into) {
      const times = timesGiven instanceof Float64Array ? timesGiven : Float64Array.from(timesGiven);
      const size = times.length * n;
      if (linear !== undefined) {
        checkSampleTimes(0, times);
        const output = sampleOutput(into, size, n);
        const stats = linear.sample(0, initial, times, MAX_MAGNITUDE, output.values);
        if (stats !== undefined) return { ok: true, columns: output.columns, stats };
      }
      if (kernel !== undefined) {
        checkSampleTimes(0, times);
        const output = sampleOutput(into, size, n);
        const stats = kernel(0, initial, times, rtol, atol, DEFAULT_MAX_STEPS, budget, MAX_MAGNITUDE, output.values);
        // Undefined: a failure or a non-finite stage, which integrateDop853 reports or recovers from.
        if (stats !== undefined) return { ok: true, columns: output.columns, stats };
      }
      field ??= compiled.bind(values);
      const result = integrateDop853(field, 0, initial, times, {
        rtol,
        atol,
        maxRhsEvaluations: budget,
        maxMagnitude: MAX_MAGNITUDE,
        layout: 'by-variable',
      });
      if (result.ok) return { ok: true, columns: byVariable(result.value.values, n), stats: result.value.stats };
      const failure = firstIssue(result);
      return { ok: false, failure: explainFailure(hypothesis, failure), stats: failure.stats };
    },
  };
}

/** Where a run writes its samples (by variable, sample i of variable j at j·samples + i) and the columns over them. */
interface SampleOutput {
  readonly values: Float64Array;
  readonly columns: readonly Float64Array[];
}

/** `size` doubles for n variables' samples: in `into` when it is long enough, else fresh. */
function sampleOutput(into: Float64Array | undefined, size: number, n: number): SampleOutput {
  if (into !== undefined && into.length >= size) return scratchOutput(into, size, n);
  const values = freshSamples(size);
  return { values, columns: byVariable(values, n) };
}

/**
 * The last scratch output and what it was made for. Every verification writes its held-out
 * experiments into one scratch buffer at the same sizes, so the column views (a typed-array
 * view costs tens of nanoseconds, n + 1 per run) are made once and handed out again. One
 * slot, so bounded: verifications that alternate between systems of different sizes remake
 * the views, as every run did before.
 */
let scratch: { into: Float64Array; size: number; n: number; output: SampleOutput } | undefined;

function scratchOutput(into: Float64Array, size: number, n: number): SampleOutput {
  if (scratch?.into !== into || scratch.size !== size || scratch.n !== n) {
    scratch = { into, size, n, output: { values: into, columns: byVariable(into.subarray(0, size), n) } };
  }
  return scratch.output;
}

/**
 * Fresh sample arrays are views carved from a shared slab, as Node carves small Buffers from
 * its pool: each is handed out once and never reused, but a typed array beyond 64 bytes is
 * allocated outside V8's heap at about half a microsecond (a tenth of an easy verification),
 * where one 64 kB slab serves dozens of simulations. A view kept alive keeps its slab alive.
 */
const SLAB_DOUBLES = 8192;
let slab = new Float64Array(0);
let slabUsed = 0;

function freshSamples(size: number): Float64Array {
  if (size > SLAB_DOUBLES / 8) return new Float64Array(size);
  if (slabUsed + size > slab.length) {
    slab = new Float64Array(SLAB_DOUBLES);
    slabUsed = 0;
  }
  slabUsed += size;
  return slab.subarray(slabUsed - size, slabUsed);
}

/** Each state layout's name → index map, built once per layout array (one per environment). */
const STATE_INDICES = new WeakMap<readonly string[], ReadonlyMap<string, number>>();

function stateIndexOf(stateVariables: readonly string[]): ReadonlyMap<string, number> {
  let index = STATE_INDICES.get(stateVariables);
  if (index === undefined) {
    index = new Map(stateVariables.map((name, i) => [name, i]));
    STATE_INDICES.set(stateVariables, index);
  }
  return index;
}

/** The integrator's failure in the agent's terms: which sub-expression, where in its text. */
function explainFailure(hypothesis: Hypothesis, failure: IntegrationFailure): SimulationFailure {
  const { kind, t } = failure;
  const at = kind === 'non-finite' ? failure.nonFiniteAt : undefined;
  const culprit = at === undefined ? undefined : explainNonFinite(hypothesis, stateIndexOf(hypothesis.stateVariables), Float64Array.from(at.state));
  if (at === undefined || culprit === undefined) {
    return { kind, t, message: `the simulation stopped at t = ${t.toFixed(3)} s: ${failure.message}`, cause: failure.message };
  }
  return {
    kind,
    t,
    message: `${culprit.derivative} is not finite at t = ${at.t.toFixed(3)} s: ${culprit.withValues} ${culprit.where}`,
    cause: `${culprit.derivative} is not finite: ${culprit.withoutValues} ${culprit.where}`,
  };
}

/** The columns of a `by-variable` sample array with `n` components. */
function byVariable(values: Float64Array, n: number): Float64Array[] {
  const samples = values.length / n;
  const columns: Float64Array[] = [];
  for (let j = 0; j < n; j++) columns.push(values.subarray(j * samples, (j + 1) * samples));
  return columns;
}

/**
 * The compiled field of each parsed system (parses are cached per text, so a repeated action
 * reaches here with the same object and skips even generating the source).
 */
const FIELDS = new WeakMap<
  EquationSystem,
  {
    readonly stateVariables: readonly string[];
    readonly layout: string;
    readonly field: CompiledField;
  }
>();

function compiledField(system: EquationSystem, stateVariables: readonly string[]): CompiledField {
  const known = FIELDS.get(system);
  // The same layout array (every call of one environment) answers without building a key.
  if (known?.stateVariables === stateVariables) return known.field;
  const layout = stateVariables.join(' ');
  if (known?.layout === layout) return known.field;
  const field = compileVectorField(
    system.derivatives,
    stateIndexOf(stateVariables),
    new Map(system.parametersUsed.map((name, i) => [name, i])),
  );
  FIELDS.set(system, { stateVariables, layout, field });
  return field;
}

/** Names the derivative and the sub-expression that produced NaN or Infinity in `state`. */
function explainNonFinite(
  problem: Hypothesis,
  stateIndex: ReadonlyMap<string, number>,
  state: Float64Array,
): { derivative: string; withValues: string; withoutValues: string; where: string } | undefined {
  for (const [i, expr] of problem.system.derivatives.entries()) {
    const culprit = findNonFinite(expr, stateIndex, problem.parameters, state);
    if (culprit === undefined) continue;
    const where = locator(problem.text)('syntax', culprit.node.span, '');
    return {
      derivative: `d${problem.stateVariables[i]!}/dt`,
      withValues: describe(culprit.node, culprit.inputs, true),
      withoutValues: describe(culprit.node, culprit.inputs, false),
      where: `(line ${where.line}, column ${where.column})`,
    };
  }
  return undefined;
}

/** What the sub-expression did with its `inputs`, quoting the offending one if `withValues`. */
function describe(node: Expr, inputs: readonly number[], withValues: boolean): string {
  const text = printExpression(node);
  const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  const [a = NaN, b = NaN] = inputs;
  const value = withValues ? ` (${formatValue(a)})` : '';
  if (node.kind === 'call' && (node.name === 'sqrt' || node.name === 'log') && a <= 0) {
    return `${shown} received ${a < 0 ? 'a negative value' : 'zero'}${value}`;
  }
  if (node.kind === 'binary' && node.operator === '/' && b === 0) return `${shown} divides by zero`;
  if (node.kind === 'binary' && node.operator === '^' && a < 0 && !Number.isInteger(b)) {
    return `${shown} raises a negative number${value} to a non-integer power`;
  }
  return `${shown} overflowed`;
}

function formatValue(value: number): string {
  return Number.isFinite(value) ? value.toPrecision(3) : String(value);
}
