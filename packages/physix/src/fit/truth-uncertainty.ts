import { NOISE_BAND } from '../constants.ts';
import { parseEquationSystem } from '../equation/parse-equations.ts';
import { groundTruthAction } from '../episode/ground-truth-action.ts';
import { scoringReference } from '../held-out/held-out.ts';
import { prepareSimulation } from '../simulate/hypothesis.ts';
import type { SystemInstance } from '../systems/instance.ts';
import { memoisedPerInstance } from '../systems/instance-memo.ts';
import { FIT_TOLERANCES } from './fit-parameters.ts';

/**
 * How far the truth's held-out errors may stray when its parameters are estimated from the
 * shown data, carried into the noise band.
 *
 * The p constants of the true law, least-squares estimated from the shown samples (what the
 * fit does, and the best an agent reading the data can do), are off by δθ ~ N(0, C) with
 * C = (JᵀJ)⁺, J the shown residuals' σ-scaled Jacobian. On a held-out experiment of n samples,
 * a variable's prediction is then off by d = G·δθ (G its σ-scaled Jacobian there), and its
 * excess error against the noisy samples is
 *
 *   X = [mean(ε²) − 1] − 2·mean(ε·d) + mean(d²),
 *
 * with ε the held-out noise, independent of δθ: mean v = tr(G C Gᵀ)/n and variance
 * 2/n + 4v/n + 2·tr((G C Gᵀ)²)/n². With exact constants X is the noise term alone, of standard
 * deviation √(2/n), and NOISE_BAND is NOISE_BAND/√(2/n) (7.1) of those above its mean 0. The
 * band for an estimated truth is its mean plus as many of its own standard deviations: the
 * allowance below is what that adds to NOISE_BAND. It grows with the extrapolation (a damping
 * estimated from a small swing, judged on a large one), not with a count of parameters: p/n is
 * the special case of held-out samples like the shown ones.
 *
 * It is computed from the true law at the true constants, never from the proposal, so no
 * proposal can widen it (a term the shown data cannot pin down would otherwise buy itself a
 * wide band); a proposal with more or worse-determined constants than the truth gets the
 * truth's allowance only. The pseudo-inverse makes it a property of the law, not of how its
 * constants are named: the pendulum's g and L enter only as g/L, a direction the data cannot
 * see either on the shown data or held out.
 */
export type HeldOutAllowance = readonly Float64Array[];

/**
 * Per held-out experiment (in order), per state variable: the σ² added to the noise band for
 * that variable's held-out error. A pure function of (system, seed), memoised as the scoring
 * reference is.
 */
export const heldOutAllowance: (instance: SystemInstance) => HeldOutAllowance = memoisedPerInstance(computeAllowance);

/**
 * Central differences in each constant, of this relative size: the truncation error (h²) and
 * the integration error divided by h (1e-10 / 1e-4) both stay near 1e-6 of a sensitivity.
 */
const RELATIVE_STEP = 1e-4;
/**
 * Directions of JᵀJ below this fraction of its largest eigenvalue are ones the shown data does
 * not determine at all (g and L apart); the differences' own error puts them near 1e-12.
 */
const NULL_DIRECTION = 1e-8;

function computeAllowance(instance: SystemInstance): HeldOutAllowance {
  const { system } = instance;
  const reference = scoringReference(instance);
  const truth = groundTruthAction(instance);
  const names = Object.keys(truth.params);
  const parsed = parseEquationSystem(truth.equation, system, names);
  if (!parsed.ok) throw new Error(`${system.id}: the ground truth does not parse`);
  const initial = system.stateVariables.map((name) => instance.initialConditions[name]!);
  const runs = [
    { initial, times: instance.times, sigma: reference.sigma },
    ...reference.heldOut,
  ];
  // sensitivities[run][variable][parameter] is the σ-scaled column of ∂prediction/∂θ.
  const sensitivities = runs.map(() => system.stateVariables.map(() => [] as Float64Array[]));
  for (const name of names) {
    const value = truth.params[name]!;
    const step = RELATIVE_STEP * Math.max(Math.abs(value), Number.MIN_VALUE);
    const simulate = (shifted: number) =>
      prepareSimulation({
        system: parsed.value,
        stateVariables: system.stateVariables,
        parameters: new Map(Object.entries({ ...truth.params, [name]: shifted })),
        text: truth.equation,
      });
    const up = simulate(value + step);
    const down = simulate(value - step);
    runs.forEach((run, r) => {
      const high = up.run(run.initial, run.times, FIT_TOLERANCES);
      const low = down.run(run.initial, run.times, FIT_TOLERANCES);
      if (!high.ok || !low.ok) throw new Error(`${system.id}: the truth does not simulate near its constants`);
      system.stateVariables.forEach((_, j) => {
        const scale = 2 * step * run.sigma[j]!;
        sensitivities[r]![j]!.push(
          Float64Array.from(high.columns[j]!, (value, i) => (value - low.columns[j]![i]!) / scale),
        );
      });
    });
  }
  const [shown, ...heldOut] = sensitivities;
  return heldOut.map((experiment) =>
    Float64Array.from(estimationSpread(shown!, experiment), (spread) => spread.allowance),
  );
}

/**
 * σ-scaled sensitivities of one run's predictions: `[variable][parameter]`, each a column over
 * the run's samples.
 */
export type Sensitivities = readonly (readonly Float64Array[])[];

/**
 * Per variable of a held-out run: the mean excess error v a least-squares estimate from the
 * `shown` run adds there, and the allowance it earns (the derivation is at the top of this
 * module).
 */
export function estimationSpread(
  shown: Sensitivities,
  heldOut: Sensitivities,
): { mean: number; allowance: number }[] {
  const p = shown[0]?.length ?? 0;
  const whiten = p === 0 ? [] : whitening(shown.flat(), p);
  return heldOut.map((columns) => spreadOf(columns, whiten));
}

/**
 * W (p × r, column-major by direction) with W Wᵀ = (JᵀJ)⁺, from the shown data's σ-scaled
 * sensitivities: the shown columns of every variable for parameter q are `columns[v·p + q]`.
 */
function whitening(columns: readonly Float64Array[], p: number): Float64Array[] {
  const gram = new Float64Array(p * p);
  for (let v = 0; v < columns.length / p; v++) {
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) gram[a * p + b]! += dot(columns[v * p + a]!, columns[v * p + b]!);
    }
  }
  const { values, vectors } = symmetricEigen(gram, p);
  const largest = Math.max(...values);
  const directions: Float64Array[] = [];
  values.forEach((value, e) => {
    if (value > NULL_DIRECTION * largest)
      directions.push(Float64Array.from({ length: p }, (_, a) => vectors[a * p + e]! / Math.sqrt(value)));
  });
  return directions;
}

/** One variable of one held-out experiment: `columns[q]` is its σ-scaled ∂/∂θ_q. */
function spreadOf(
  columns: readonly Float64Array[],
  whiten: readonly Float64Array[],
): { mean: number; allowance: number } {
  if (whiten.length === 0) return { mean: 0, allowance: 0 };
  const n = columns[0]!.length;
  // B = G·W, n × r: the prediction error per unit of each independent direction of δθ.
  const b = whiten.map((direction) =>
    Float64Array.from({ length: n }, (_, i) => {
      let sum = 0;
      for (let q = 0; q < columns.length; q++) sum += columns[q]![i]! * direction[q]!;
      return sum;
    }),
  );
  let trace = 0;
  let squaredTrace = 0;
  for (let a = 0; a < b.length; a++) {
    trace += dot(b[a]!, b[a]!);
    for (let c = 0; c < b.length; c++) squaredTrace += dot(b[a]!, b[c]!) ** 2;
  }
  const mean = trace / n;
  const noiseVariance = 2 / n;
  const variance = noiseVariance + (4 * mean) / n + (2 * squaredTrace) / (n * n);
  return { mean, allowance: mean + NOISE_BAND * (Math.sqrt(variance / noiseVariance) - 1) };
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/**
 * Eigenvalues and eigenvectors (columns of `vectors`, row-major p × p) of a small symmetric
 * matrix by cyclic Jacobi rotations (Golub & Van Loan, "Matrix Computations", §8.5).
 */
function symmetricEigen(matrix: Float64Array, p: number): { values: number[]; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const vectors = new Float64Array(p * p);
  for (let i = 0; i < p; i++) vectors[i * p + i] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) off += a[i * p + j]! ** 2;
    if (off === 0) break;
    for (let i = 0; i < p; i++) {
      for (let j = i + 1; j < p; j++) {
        const aij = a[i * p + j]!;
        if (aij === 0) continue;
        const theta = (a[j * p + j]! - a[i * p + i]!) / (2 * aij);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < p; k++) {
          const aki = a[k * p + i]!;
          const akj = a[k * p + j]!;
          a[k * p + i] = c * aki - s * akj;
          a[k * p + j] = s * aki + c * akj;
        }
        for (let k = 0; k < p; k++) {
          const aik = a[i * p + k]!;
          const ajk = a[j * p + k]!;
          a[i * p + k] = c * aik - s * ajk;
          a[j * p + k] = s * aik + c * ajk;
        }
        for (let k = 0; k < p; k++) {
          const vki = vectors[k * p + i]!;
          const vkj = vectors[k * p + j]!;
          vectors[k * p + i] = c * vki - s * vkj;
          vectors[k * p + j] = s * vki + c * vkj;
        }
      }
    }
  }
  return { values: Array.from({ length: p }, (_, i) => a[i * p + i]!), vectors };
}
