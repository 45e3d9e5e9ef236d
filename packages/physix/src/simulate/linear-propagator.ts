/**
 * The exact solution of a linear constant-coefficient system y' = A·y + b, sampled through
 * the matrix exponential: over an interval d, y(t + d) = e^{A·d}·y(t) + (∫₀^d e^{A·s} ds)·b,
 * both read off one exponential of the augmented matrix [[A, b], [0, 0]]·d (Van Loan 1978,
 * "Computing integrals involving the matrix exponential", IEEE Trans. Autom. Control
 * 23(3):395–404). The exponential is the diagonal Padé approximant of degree 6 after scaling
 * the matrix to norm ≤ 1/2, then squared back (Moler & Van Loan 2003, "Nineteen dubious ways
 * to compute the exponential of a matrix, twenty-five years later", SIAM Review 45(1):3–49,
 * method 3; at that norm the approximant's relative error is below 4e-16, their Eq. 3.2).
 *
 * Sample grids are evenly spaced, so one exponential serves a whole run: an adaptive
 * integrator needs hundreds of steps for the same samples, and errs by its tolerance (1e-5,
 * SIMULATION_TOLERANCES) where this errs by round-off. Whether a law is linear is read from
 * its parsed expressions once its parameters are bound (`affineField`): spring_mass,
 * damped_spring, free_fall and charged_particle_b_field are, in their true form and in many
 * wrong ones. Slow ones (free fall, the charged particle's gyration) stay with the
 * integrator, which is cheaper for them (`exactSamplingPays`).
 */

import type { Expr } from '../equation/ast.ts';
import { FUNCTIONS } from '../equation/grammar.ts';
import type { IntegrationStats } from './integration.ts';

/** y' = A·y + b with A row-major (n × n). */
export interface AffineField {
  readonly n: number;
  readonly matrix: Float64Array;
  readonly offset: Float64Array;
}

/** An expression's value as Σ coefficients[i]·y[i] + constant, and whether it reads the state. */
interface AffineForm {
  readonly coefficients: number[];
  readonly constant: number;
  readonly readsState: boolean;
}

/**
 * The field as A·y + b when every derivative is affine in the state with state-free
 * coefficients (sums, differences, negations, products and quotients by state-free factors),
 * each coefficient computed from the bound parameters; undefined otherwise, if a coefficient
 * is not finite (the integrator then reports it).
 */
export function affineField(
  derivatives: readonly Expr[],
  stateIndex: ReadonlyMap<string, number>,
  parameters: ReadonlyMap<string, number>,
): AffineField | undefined {
  if (INTEGRATED.has(derivatives)) return undefined;
  const n = derivatives.length;
  const matrix = new Float64Array(n * n);
  const offset = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const form = affineForm(derivatives[i]!, stateIndex, parameters, n);
    if (form === undefined) {
      INTEGRATED.add(derivatives);
      return undefined;
    }
    if (!Number.isFinite(form.constant)) return undefined;
    for (let j = 0; j < n; j++) {
      if (!Number.isFinite(form.coefficients[j]!)) return undefined;
      matrix[i * n + j] = form.coefficients[j]!;
    }
    offset[i] = form.constant;
  }
  return { n, matrix, offset };
}

/**
 * The exact sampler of a law with its parameters bound, if it is linear and sampling it
 * exactly pays (`exactSamplingPays`); undefined to integrate it.
 */
export function exactSampler(
  derivatives: readonly Expr[],
  stateIndex: ReadonlyMap<string, number>,
  parameters: ReadonlyMap<string, number>,
): AffineSampler | undefined {
  const field = affineField(derivatives, stateIndex, parameters);
  if (field === undefined) return undefined;
  if (exactSamplingPays(field)) return new AffineSampler(field);
  if (PARAMETER_DEPENDENT.has(derivatives)) return undefined;
  // With every parameter NaN, a coefficient stays finite only if no parameter enters it.
  const unknown = new Map([...parameters.keys()].map((name) => [name, NaN]));
  const parameterFree = derivatives.every((expr) =>
    affineForm(expr, stateIndex, unknown, field.n)!.coefficients.every(Number.isFinite),
  );
  (parameterFree ? INTEGRATED : PARAMETER_DEPENDENT).add(derivatives);
  return undefined;
}

/**
 * Linear laws whose A holds a parameter: whether they pay is decided anew for each binding,
 * but that a parameter enters A depends on the law alone, so its walk is done once per law,
 * not on every verification (charged_particle_b_field's gyration, rate qB/m, integrated).
 */
const PARAMETER_DEPENDENT = new WeakSet<readonly Expr[]>();

/**
 * Below this rate (rad/s or 1/s), integrating is cheaper than the exponentials: Dormand–Prince
 * then crosses a system's 3–15 s runs in tens of steps (charged_particle_b_field, rate
 * ≈ 0.7: 24 µs integrated vs 28 µs sampled exactly per verification; spring_mass, rate
 * ≈ 6: 47 µs vs 16 µs; measured at 1463ef7, with Dormand–Prince 5(4), the shown data at rtol
 * 1e-6 and held-out experiments of 50 samples). Free fall's A (A² = 0: a polynomial solution,
 * which the integrator follows exactly in a few steps) has rate 0.
 */
const MIN_EXACT_RATE = 2;

/**
 * Whether sampling exactly is cheaper than integrating: the field's fastest rate, estimated
 * as ‖A²‖∞^(1/2) (an upper bound on the spectral radius, 0 for free fall's A), is at least
 * MIN_EXACT_RATE.
 */
export function exactSamplingPays(field: AffineField): boolean {
  const { n, matrix } = field;
  let squareNorm = 0;
  for (let r = 0; r < n; r++) {
    let row = 0;
    for (let c = 0; c < n; c++) {
      let entry = 0;
      for (let k = 0; k < n; k++) entry += matrix[r * n + k]! * matrix[k * n + c]!;
      row += Math.abs(entry);
    }
    squareNorm = Math.max(squareNorm, row);
  }
  return Math.sqrt(squareNorm) >= MIN_EXACT_RATE;
}

function maxRowSum(matrix: Float64Array, n: number): number {
  let norm = 0;
  for (let r = 0; r < n; r++) {
    let row = 0;
    for (let c = 0; c < n; c++) row += Math.abs(matrix[r * n + c]!);
    norm = Math.max(norm, row);
  }
  return norm;
}

/**
 * Systems integrated whatever their parameters: nonlinear ones, and linear ones whose A holds
 * no parameter and is too slow to pay (free fall). Parses are cached per (text, state layout,
 * declared names), so a law verified again arrives with the same derivatives and skips the
 * walk. This and PARAMETER_DEPENDENT are decided by the parse alone (its symbols' roles and
 * the layout it was parsed for), never by a binding, so the derivatives array is their key;
 * being weak, they drop a law when its parse is evicted.
 */
const INTEGRATED = new WeakSet<readonly Expr[]>();

function affineForm(
  node: Expr,
  stateIndex: ReadonlyMap<string, number>,
  parameters: ReadonlyMap<string, number>,
  n: number,
): AffineForm | undefined {
  switch (node.kind) {
    case 'number':
      return constantForm(node.value, n);
    case 'symbol': {
      if (node.role === 'parameter') return constantForm(parameters.get(node.name) ?? NaN, n);
      const coefficients = new Array<number>(n).fill(0);
      coefficients[stateIndex.get(node.name)!] = 1;
      return { coefficients, constant: 0, readsState: true };
    }
    case 'negate': {
      const operand = affineForm(node.operand, stateIndex, parameters, n);
      return operand && scaled(operand, -1);
    }
    case 'call': {
      const argument = affineForm(node.argument, stateIndex, parameters, n);
      if (argument === undefined || argument.readsState) return undefined;
      return constantForm(FUNCTIONS.get(node.name)!(argument.constant), n);
    }
    case 'binary': {
      const left = affineForm(node.left, stateIndex, parameters, n);
      const right = affineForm(node.right, stateIndex, parameters, n);
      if (left === undefined || right === undefined) return undefined;
      switch (node.operator) {
        case '+':
        case '-': {
          const sign = node.operator === '+' ? 1 : -1;
          if (!left.readsState && !right.readsState) return constantForm(left.constant + sign * right.constant, n);
          const coefficients = new Array<number>(n);
          for (let i = 0; i < n; i++) coefficients[i] = left.coefficients[i]! + sign * right.coefficients[i]!;
          return {
            coefficients,
            constant: left.constant + sign * right.constant,
            readsState: left.readsState || right.readsState,
          };
        }
        case '*':
          if (!left.readsState) return scaled(right, left.constant);
          return right.readsState ? undefined : scaled(left, right.constant);
        case '/':
          return right.readsState ? undefined : scaled(left, 1 / right.constant);
        case '^':
          return left.readsState || right.readsState ? undefined : constantForm(left.constant ** right.constant, n);
      }
    }
  }
}

/** The zero coefficients of state-free forms, one shared array per dimension (never written). */
const ZEROS: number[][] = [];

function constantForm(value: number, n: number): AffineForm {
  const coefficients = (ZEROS[n] ??= new Array<number>(n).fill(0));
  return { coefficients, constant: value, readsState: false };
}

function scaled(form: AffineForm, factor: number): AffineForm {
  if (!form.readsState) return constantForm(form.constant * factor, form.coefficients.length);
  const coefficients = new Array<number>(form.coefficients.length);
  for (let i = 0; i < coefficients.length; i++) coefficients[i] = form.coefficients[i]! * factor;
  return { coefficients, constant: form.constant * factor, readsState: form.readsState };
}

/**
 * Samples the exact solution of one field, keeping the propagators of the intervals it has met:
 * the shown trajectory and the held-out experiments of one verification have one or two grid
 * spacings.
 */
export class AffineSampler {
  private readonly offsetNorm: number;
  private readonly known: Propagation[] = [];
  private readonly state: Float64Array;
  private readonly next: Float64Array;
  private readonly field: AffineField;

  constructor(field: AffineField) {
    this.field = field;
    this.offsetNorm = maxNorm(field.offset, field.n);
    this.state = new Float64Array(field.n);
    this.next = new Float64Array(field.n);
  }

  /**
   * Samples from `initial` at t0 at `times` (non-decreasing, ≥ t0) into `values` (sample i of
   * component j at j·samples + i), or gives up (undefined) when the solution could leave
   * ±maxMagnitude, so that the integrator reports that divergence as it always has. The stats
   * count one propagation per sample interval and no evaluations.
   */
  sample(
    t0: number,
    initial: ArrayLike<number>,
    times: Float64Array,
    maxMagnitude: number,
    values: Float64Array,
  ): IntegrationStats | undefined {
    const { n } = this.field;
    const { state, next, offsetNorm } = this;
    const samples = times.length;
    /** max |state|, NaN once a component is. */
    let norm = 0;
    for (let j = 0; j < n; j++) {
      state[j] = initial[j]!;
      norm = Math.max(norm, Math.abs(state[j]!));
    }
    if (!(norm < Infinity)) return undefined;
    /** Time the propagated state stands for: reused steps keep it within round-off of `times`. */
    let at = t0;
    let step: Propagation | undefined;
    let steps = 0;
    for (let i = 0; i < samples; i++) {
      const t = times[i]!;
      if (t !== at) {
        // An evenly spaced grid's intervals differ in the last bits: one exponential serves
        // them all as long as the propagated time stays within round-off of the sample's.
        const tolerance = 16 * Number.EPSILON * Math.max(Math.abs(t), 1);
        if (step === undefined || Math.abs(at + step.interval - t) > tolerance) step = this.over(t - at);
        // The solution between samples is at most growth·(|y| + d·|b|): beyond the cap, the
        // integrator, which checks every step, may stop where samples alone would not.
        if (!(step.growth * (norm + step.interval * offsetNorm) <= maxMagnitude)) return undefined;
        const { transition, shift } = step;
        norm = 0;
        for (let r = 0; r < n; r++) {
          let sum = shift[r]!;
          for (let c = 0; c < n; c++) sum += transition[r * n + c]! * state[c]!;
          next[r] = sum;
          norm = Math.max(norm, Math.abs(sum));
        }
        for (let r = 0; r < n; r++) state[r] = next[r]!;
        at += step.interval;
        steps++;
      }
      for (let j = 0; j < n; j++) values[j * samples + i] = state[j]!;
    }
    return { steps, rejectedSteps: 0, rhsEvaluations: 0 };
  }

  private over(interval: number): Propagation {
    for (const step of this.known) if (step.interval === interval) return step;
    const step = propagation(this.field, interval);
    if (this.known.length >= 4) this.known.shift();
    this.known.push(step);
    return step;
  }
}

interface Propagation {
  readonly interval: number;
  /** e^{A·interval}, row-major. */
  readonly transition: Float64Array;
  /** (∫₀^interval e^{A·s} ds)·b. */
  readonly shift: Float64Array;
  /** e^{‖A‖∞·interval}: bounds ‖e^{A·s}‖∞ for s within the interval. */
  readonly growth: number;
}

function propagation(field: AffineField, interval: number): Propagation {
  const { n, matrix, offset } = field;
  const m = n + 1;
  const augmented = scratchOf(m).augmented;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) augmented[r * m + c] = matrix[r * n + c]! * interval;
    augmented[r * m + n] = offset[r]! * interval;
    augmented[n * m + r] = 0;
  }
  augmented[n * m + n] = 0;
  const exponential = exponentialInScratch(augmented, m);
  // One array for both (typed arrays beyond 64 bytes are allocated outside V8's heap, slowly).
  const kept = new Float64Array(n * n + n);
  const transition = kept.subarray(0, n * n);
  const shift = kept.subarray(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) transition[r * n + c] = exponential[r * m + c]!;
    shift[r] = exponential[r * m + n]!;
  }
  return { interval, transition, shift, growth: Math.exp(maxRowSum(matrix, n) * Math.abs(interval)) };
}

/** max |v_i|, or NaN if some v_i is NaN. */
function maxNorm(v: Float64Array, n: number): number {
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(v[i]!));
  return norm;
}

/** Coefficients of the degree-6 diagonal Padé approximant of e^x: c_k = (12−k)!·6! / (12!·k!·(6−k)!). */
const PADE_6 = [1, 1 / 2, 5 / 44, 1 / 66, 1 / 792, 1 / 15840, 1 / 665280] as const;

/** e^X for an m × m row-major matrix, by scaling, Padé and squaring. */
export function expm(x: Float64Array, m: number): Float64Array {
  return exponentialInScratch(x, m).slice();
}

/**
 * The blocks `exponentialInScratch` works in, one set per size, kept: a propagation happens
 * once or twice per verification, and typed arrays beyond 64 bytes are allocated outside V8's
 * heap at a cost several times that of the arithmetic (measured: ~2 µs of a 3 × 3 exponential).
 */
interface ExponentialScratch {
  readonly augmented: Float64Array;
  readonly blocks: readonly Float64Array[];
}

const SCRATCH = new Map<number, ExponentialScratch>();

function scratchOf(m: number): ExponentialScratch {
  let scratch = SCRATCH.get(m);
  if (scratch === undefined) {
    const size = m * m;
    const buffer = new Float64Array(9 * size);
    const block = (k: number) => buffer.subarray(k * size, (k + 1) * size);
    scratch = { augmented: block(8), blocks: Array.from({ length: 8 }, (_, k) => block(k)) };
    SCRATCH.set(m, scratch);
  }
  return scratch;
}

/** e^X into one of the scratch blocks of size m: valid until the next call. */
function exponentialInScratch(x: Float64Array, m: number): Float64Array {
  const size = m * m;
  const norm = maxRowSum(x, m);
  // The smallest power of two bringing the norm to ≤ 1/2 (multiplying by it is exact).
  let squarings = 0;
  let scale = 1;
  while (norm * scale > 0.5 && squarings < 1100) {
    scale /= 2;
    squarings++;
  }
  const [scaled, square, fourth, sixth, even, oddFactor, odd, spare] = scratchOf(m).blocks as [
    Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array,
  ];
  for (let i = 0; i < size; i++) scaled[i] = x[i]! * scale;
  // p(X) = Σ c_k·X^k split into its even part U and odd part V = X·(c1 + c3·X² + c5·X⁴):
  // N = p(X) = U + V and D = p(−X) = U − V, from four products (Higham 2005).
  multiplyInto(scaled, scaled, square, m);
  multiplyInto(square, square, fourth, m);
  multiplyInto(fourth, square, sixth, m);
  for (let i = 0; i < size; i++) {
    even[i] = PADE_6[2] * square[i]! + PADE_6[4] * fourth[i]! + PADE_6[6] * sixth[i]!;
    oddFactor[i] = PADE_6[3] * square[i]! + PADE_6[5] * fourth[i]!;
  }
  for (let i = 0; i < size; i += m + 1) {
    even[i] += PADE_6[0];
    oddFactor[i] += PADE_6[1];
  }
  multiplyInto(scaled, oddFactor, odd, m);
  const numerator = square;
  const denominator = fourth;
  for (let i = 0; i < size; i++) {
    numerator[i] = even[i]! + odd[i]!;
    denominator[i] = even[i]! - odd[i]!;
  }
  solveInPlace(denominator, numerator, m);
  let result = numerator;
  let spareBlock = spare;
  for (let s = 0; s < squarings; s++) {
    multiplyInto(result, result, spareBlock, m);
    const squared = spareBlock;
    spareBlock = result;
    result = squared;
  }
  return result;
}

/** out = a·b (out distinct from a and b). */
function multiplyInto(a: Float64Array, b: Float64Array, out: Float64Array, m: number): void {
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < m; c++) {
      let sum = 0;
      for (let k = 0; k < m; k++) sum += a[r * m + k]! * b[k * m + c]!;
      out[r * m + c] = sum;
    }
  }
}

/** x ← D⁻¹·x by Gauss–Jordan elimination with partial pivoting; D is overwritten. */
function solveInPlace(d: Float64Array, x: Float64Array, m: number): void {
  for (let col = 0; col < m; col++) {
    let pivot = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(d[r * m + col]!) > Math.abs(d[pivot * m + col]!)) pivot = r;
    if (pivot !== col) {
      for (let c = 0; c < m; c++) {
        swap(d, col * m + c, pivot * m + c);
        swap(x, col * m + c, pivot * m + c);
      }
    }
    const diagonal = d[col * m + col]!;
    for (let r = 0; r < m; r++) {
      const factor = r === col ? 0 : d[r * m + col]! / diagonal;
      if (factor === 0) continue;
      for (let c = 0; c < m; c++) {
        d[r * m + c] -= factor * d[col * m + c]!;
        x[r * m + c] -= factor * x[col * m + c]!;
      }
    }
  }
  for (let r = 0; r < m; r++) {
    const diagonal = d[r * m + r]!;
    for (let c = 0; c < m; c++) x[r * m + c] /= diagonal;
  }
}

function swap(v: Float64Array, i: number, j: number): void {
  const held = v[i]!;
  v[i] = v[j]!;
  v[j] = held;
}
