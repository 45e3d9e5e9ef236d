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
 * integrator needs hundreds of steps for the same samples, and errs by its tolerance (1e-6)
 * where this errs by round-off. Whether a law is linear is read from its parsed expressions
 * once its parameters are bound (`affineField`): spring_mass, damped_spring, free_fall and
 * charged_particle_b_field are, in their true form and in many wrong ones.
 */

import type { Expr } from '../equation/ast.ts';
import { FUNCTIONS } from '../equation/grammar.ts';
import type { IntegrationStats } from './dormand-prince.ts';

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
 * each coefficient computed from the bound parameters; undefined otherwise, or if a
 * coefficient is not finite (the integrator then reports it).
 */
export function affineField(
  derivatives: readonly Expr[],
  stateIndex: ReadonlyMap<string, number>,
  parameters: ReadonlyMap<string, number>,
): AffineField | undefined {
  const n = derivatives.length;
  const matrix = new Float64Array(n * n);
  const offset = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const form = affineForm(derivatives[i]!, stateIndex, parameters, n);
    if (form === undefined || !Number.isFinite(form.constant)) return undefined;
    for (let j = 0; j < n; j++) {
      if (!Number.isFinite(form.coefficients[j]!)) return undefined;
      matrix[i * n + j] = form.coefficients[j]!;
    }
    offset[i] = form.constant;
  }
  return { n, matrix, offset };
}

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
          return {
            coefficients: left.coefficients.map((x, i) => x + sign * right.coefficients[i]!),
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

function constantForm(value: number, n: number): AffineForm {
  return { coefficients: new Array<number>(n).fill(0), constant: value, readsState: false };
}

function scaled(form: AffineForm, factor: number): AffineForm {
  return {
    coefficients: form.coefficients.map((x) => x * factor),
    constant: form.constant * factor,
    readsState: form.readsState,
  };
}

/**
 * Samples the exact solution from `initial` at t0 at `times` (non-decreasing, ≥ t0) into
 * `values` (sample i of component j at j·samples + i), or gives up (undefined) when the
 * solution could leave ±maxMagnitude, so that the integrator reports that divergence as it
 * always has. The stats count one propagation per sample interval and no evaluations.
 */
export type AffineSampler = (
  t0: number,
  initial: ArrayLike<number>,
  times: Float64Array,
  maxMagnitude: number,
  values: Float64Array,
) => IntegrationStats | undefined;

/**
 * The sampler of one field. It keeps the propagators of the intervals it has met: the shown
 * trajectory and the held-out experiments of one verification have one or two grid spacings.
 */
export function affineSampler(field: AffineField): AffineSampler {
  const { n, offset } = field;
  const offsetNorm = maxNorm(offset, n);
  const known: Propagation[] = [];
  const propagationOver = (interval: number): Propagation => {
    for (const step of known) if (step.interval === interval) return step;
    const step = propagation(field, interval);
    if (known.length >= 4) known.shift();
    known.push(step);
    return step;
  };
  let y = new Float64Array(n);
  let next = new Float64Array(n);
  return (t0, initial, times, maxMagnitude, values) => {
    const samples = times.length;
    for (let j = 0; j < n; j++) y[j] = initial[j]!;
    if (!(maxNorm(y, n) < Infinity)) return undefined;
    /** Time the propagated state stands for: reused steps keep it within round-off of `times`. */
    let at = t0;
    let step: Propagation | undefined;
    let steps = 0;
    for (let i = 0; i < samples; i++) {
      const t = times[i]!;
      if (t !== at) {
        // An evenly spaced grid's intervals differ in the last bits: one exponential serves
        // them all as long as the propagated time stays within round-off of the sample's.
        if (step === undefined || Math.abs(at + step.interval - t) > 16 * Number.EPSILON * Math.max(Math.abs(t), 1)) {
          step = propagationOver(t - at);
        }
        // The solution between samples is at most growth·(|y| + d·|b|): beyond the cap, the
        // integrator, which checks every step, may stop where samples alone would not.
        if (!(step.growth * (maxNorm(y, n) + step.interval * offsetNorm) <= maxMagnitude)) return undefined;
        const { transition, shift } = step;
        for (let r = 0; r < n; r++) {
          let sum = shift[r]!;
          for (let c = 0; c < n; c++) sum += transition[r * n + c]! * y[c]!;
          next[r] = sum;
        }
        const previous = y;
        y = next;
        next = previous;
        at += step.interval;
        steps++;
      }
      for (let j = 0; j < n; j++) values[j * samples + i] = y[j]!;
    }
    return { steps, rejectedSteps: 0, rhsEvaluations: 0 };
  };
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
  const augmented = new Float64Array(m * m);
  let norm = 0;
  for (let r = 0; r < n; r++) {
    let row = 0;
    for (let c = 0; c < n; c++) {
      augmented[r * m + c] = matrix[r * n + c]! * interval;
      row += Math.abs(matrix[r * n + c]!);
    }
    augmented[r * m + n] = offset[r]! * interval;
    norm = Math.max(norm, row);
  }
  const exponential = expm(augmented, m);
  const transition = new Float64Array(n * n);
  const shift = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) transition[r * n + c] = exponential[r * m + c]!;
    shift[r] = exponential[r * m + n]!;
  }
  return { interval, transition, shift, growth: Math.exp(norm * interval) };
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
  const size = m * m;
  let norm = 0;
  for (let r = 0; r < m; r++) {
    let row = 0;
    for (let c = 0; c < m; c++) row += Math.abs(x[r * m + c]!);
    norm = Math.max(norm, row);
  }
  // The smallest power of two bringing the norm to ≤ 1/2 (multiplying by it is exact).
  let squarings = 0;
  let scale = 1;
  while (norm * scale > 0.5 && squarings < 1100) {
    scale /= 2;
    squarings++;
  }
  // Six m × m blocks in one allocation: X/2^s, −X/2^s, N, D and two products.
  const work = new Float64Array(6 * size);
  const scaled = work.subarray(0, size);
  const negated = work.subarray(size, 2 * size);
  let numerator = work.subarray(2 * size, 3 * size);
  let denominator = work.subarray(3 * size, 4 * size);
  let product = work.subarray(4 * size, 5 * size);
  let spare = work.subarray(5 * size, 6 * size);
  for (let i = 0; i < size; i++) {
    scaled[i] = x[i]! * scale;
    negated[i] = -scaled[i]!;
  }
  // N = p(X) and D = p(−X) for p(X) = Σ c_k·X^k, by Horner's scheme.
  for (let i = 0; i < size; i += m + 1) numerator[i] = denominator[i] = PADE_6[6];
  for (let k = 5; k >= 0; k--) {
    multiplyInto(numerator, scaled, product, m);
    [numerator, product] = [product, numerator];
    multiplyInto(denominator, negated, product, m);
    [denominator, product] = [product, denominator];
    for (let i = 0; i < size; i += m + 1) {
      numerator[i] += PADE_6[k]!;
      denominator[i] += PADE_6[k]!;
    }
  }
  solveInPlace(denominator, numerator, m);
  let result = numerator;
  for (let s = 0; s < squarings; s++) {
    multiplyInto(result, result, spare, m);
    [result, spare] = [spare, result];
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
