import type { IntegrationStats } from './integration.ts';
import { DOP853, DOP853_CONTROL as CONTROL, type Stage, type Terms } from './dop853-tableau.ts';

/**
 * `integrateDop853` specialised to one right-hand side: the source of a function that runs the
 * same method with the field's expressions written into each stage and every vector unrolled
 * into local variables, so a step is straight-line arithmetic with no calls and no array
 * traffic. It does the same operations in the same order as `integrateDop853` (sampled values,
 * step sizes and counts are equal bit for bit) on the path where every stage is finite and no
 * budget or cap is reached; on any other path it gives up (returns undefined) and the caller
 * runs `integrateDop853`, which reports the failure or recovers from non-finite stages.
 *
 * The kernel takes (t0, initial, sampleTimes, rtol, atol, maxSteps, maxRhsEvaluations, maxMagnitude,
 * values) and writes sample i of component j at values[j·samples + i] (layout `by-variable`).
 */
export type IntegratorKernel = (
  t0: number,
  initial: ArrayLike<number>,
  sampleTimes: Float64Array,
  rtol: number,
  atol: number,
  maxSteps: number,
  maxRhsEvaluations: number,
  maxMagnitude: number,
  values: Float64Array,
) => IntegrationStats | undefined;

/** A right-hand side as generated code: one expression per component over `y0`, `y1`, … */
export interface FieldCode {
  /** `let s0, s1; ` or empty: the expressions' scratch variables. */
  readonly temporaries: string;
  readonly expressions: readonly string[];
}

/** The sum Σ coefficient·k_j over a term list, left to right, for component i. */
function sumSource(terms: Terms, i: number): string {
  return terms.map(([j, a]) => `(${String(a)}) * K${j}_${i}`).join(' + ');
}

/**
 * The kernel as a function expression. Its own names (`Y0`, `K3_1`, `h`, …) are disjoint from
 * the expressions' alphabet (`y<i>`, `p[i]`, `c<i>`, `s<i>`, `f<i>`); the numbers it holds
 * are the tableau's, written in shortest round-trip form, so they are the same doubles.
 */
export function dop853KernelSource(field: FieldCode): string {
  const n = field.expressions.length;
  const each = (line: (i: number) => string, separator = ' ') =>
    Array.from({ length: n }, (_, i) => line(i)).join(separator);
  const c = (value: number) => `(${String(value)})`;
  /** One evaluation of the field at the state in `from`, into the stage vector k_into. */
  const rhs = (into: number, from: string) =>
    `{ ${each((i) => `const y${i} = ${from}${i};`)} ${each((i) => `K${into}_${i} = ${field.expressions[i]};`)} }`;
  const allFinite = (vector: string) => each((i) => `Number.isFinite(${vector}${i})`, ' && ');
  /** Stage k_into of a step: its state Y + h·Σ a_j k_j into Z, then f there. */
  const stage = (into: number, { terms }: Stage) =>
    `${each((i) => `Z${i} = Y${i} + h * (${sumSource(terms, i)});`)}\n    ${rhs(into, 'Z')}`;
  const stages = DOP853.stages.map((s, index) => stage(index + 1, s)).join('\n    ');
  const denseStages = DOP853.denseStages.map((s, index) => stage(13 + index, s)).join('\n        ');
  // A non-finite stage in the weights or in error5 already makes err non-finite (below), so
  // the probe sums only the other new stages: k1…k4 and k12 (the next step's k0).
  const caughtByErr = new Set([...DOP853.weights, ...DOP853.error5].map(([j]) => j));
  const probedStages = Array.from({ length: 12 }, (_, s) => s + 1).filter((s) => !caughtByErr.has(s));
  const vectors = ['Y', 'N', 'Z', 'B', ...Array.from({ length: 16 }, (_, j) => `K${j}_`), 'F0_', 'F1_', 'F2_', 'F3_', 'F4_', 'F5_', 'F6_'];
  const eighthRoot = (x: string) => `Math.sqrt(Math.sqrt(Math.sqrt(${x})))`;
  return `(t0, initial, times, rtol, atol, maxSteps, maxEvals, maxMagnitude, values) => {
  ${field.temporaries}
  let ${vectors.map((v) => each((i) => `${v}${i} = 0`, ', ')).join(', ')};
  ${each((i) => `Y${i} = initial[${i}];`)}
  const samples = times.length;
  const tEnd = samples > 0 ? times[samples - 1] : t0;
  let evals = 0, steps = 0, rejected = 0, next = 0;
  for (; next < samples && times[next] === t0; next++) { ${each((i) => `values[next + ${i} * samples] = Y${i};`)} }
  if (next === samples) return { steps, rejectedSteps: rejected, rhsEvaluations: evals };
  if (!(${allFinite('Y')})) return undefined;
  ${rhs(0, 'Y')}
  evals++;
  if (!(${allFinite('K0_')})) return undefined;
  let t = t0;
  const hMax = tEnd - t0;
  let h;
  {
    let dnf = 0, dny = 0, sk;
    ${each((i) => `sk = atol + rtol * Math.abs(Y${i}); dnf += (K0_${i} / sk) ** 2; dny += (Y${i} / sk) ** 2;`)}
    let h0 = dnf <= 1e-10 || dny <= 1e-10 ? 1e-6 : Math.sqrt(dny / dnf) * 0.01;
    h0 = Math.min(h0, hMax);
    ${each((i) => `Z${i} = Y${i} + h0 * K0_${i};`)}
    ${rhs(1, 'Z')}
    let der2 = 0;
    ${each((i) => `sk = atol + rtol * Math.abs(Y${i}); der2 += ((K1_${i} - K0_${i}) / sk) ** 2;`)}
    der2 = Math.sqrt(der2) / h0;
    const der12 = Math.max(Math.abs(der2), Math.sqrt(dnf));
    const h1 = der12 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : ${eighthRoot('0.01 / der12')};
    const chosen = Math.min(100 * h0, h1, hMax);
    h = Number.isFinite(chosen) && chosen > 0 ? chosen : Math.max(hMax * 1e-6, 1e-12);
  }
  evals++;
  let lastRejected = false;
  while (t < tEnd) {
    if (steps >= maxSteps || evals + 12 > maxEvals) return undefined;
    if (h < 16 * Number.EPSILON * Math.max(Math.abs(t), 1)) return undefined;
    const last = t + 1.01 * h >= tEnd;
    if (last) h = tEnd - t;
    steps++;
    evals += 12;
    ${stages}
    ${each((i) => `B${i} = ${sumSource(DOP853.weights, i)}; N${i} = Y${i} + h * B${i};`)}
    ${rhs(12, 'N')}
    let err5 = 0, err3 = 0, probe = 0, e, sk;
    ${each(
      (i) =>
        `sk = atol + rtol * Math.max(Math.abs(Y${i}), Math.abs(N${i}));
    e = (${sumSource(DOP853.error5, i)}) / sk;
    err5 += e * e;
    e = (B${i} - ${DOP853.embedded3.map(([j, a]) => `(${String(a)}) * K${j}_${i}`).join(' - ')}) / sk;
    err3 += e * e;
    probe += ${probedStages.map((s) => `K${s}_${i}`).join(' + ')};`,
      '\n    ',
    )}
    // Non-finite iff some probed stage is (or, rarely, the finite sum overflows: a needless
    // fallback). A non-finite stage with an error5 coefficient makes err5 +Infinity or NaN, so
    // err is NaN (h·∞·√0 or NaN). One with a weight makes B_i and N_i non-finite: sk_i is NaN
    // (so err5 is) or +Infinity, and then err3's term (B_i − …)/∞ is NaN, so deno and err are.
    if (!Number.isFinite(probe)) return undefined;
    let deno = err5 + ${c(CONTROL.ERROR3_WEIGHT)} * err3;
    if (deno <= 0) deno = 1;
    const err = h * err5 * Math.sqrt(1 / (${n} * deno));
    if (!Number.isFinite(err)) return undefined;
    if (err <= 1) {
      const tNew = last ? tEnd : t + h;
      if (next < samples && (times[next] <= tNew || last)) {
        evals += 3;
        ${denseStages}
        if (!(${allFinite('K13_')} && ${allFinite('K14_')} && ${allFinite('K15_')})) return undefined;
        ${each(
          (i) =>
            `F0_${i} = N${i} - Y${i}; F1_${i} = h * K0_${i} - F0_${i}; F2_${i} = F0_${i} - h * K12_${i} - F1_${i};
        ${DOP853.dense.map((row, r) => `F${r + 3}_${i} = h * (${sumSource(row, i)});`).join(' ')}`,
          '\n        ',
        )}
        for (; next < samples && (times[next] <= tNew || last); next++) {
          const theta = (times[next] - t) / h;
          const theta1 = 1 - theta;
          ${each((i) => `values[next + ${i} * samples] = Y${i} + theta * (F0_${i} + theta1 * (F1_${i} + theta * (F2_${i} + theta1 * (F3_${i} + theta * (F4_${i} + theta1 * (F5_${i} + theta * F6_${i}))))));`, '\n          ')}
        }
      }
      if (${each((i) => `Math.abs(N${i}) > maxMagnitude`, ' || ')}) return undefined;
      ${each((i) => `Y${i} = N${i}; K0_${i} = K12_${i};`)}
      t = tNew;
      let hNew = h / Math.max(${c(1 / CONTROL.MAX_RATIO)}, Math.min(${c(1 / CONTROL.MIN_RATIO)}, ${eighthRoot('err')} / ${c(CONTROL.SAFETY)}));
      if (lastRejected) hNew = Math.min(hNew, h);
      lastRejected = false;
      h = Math.min(hNew, hMax);
    } else {
      rejected++;
      h /= Math.min(${c(1 / CONTROL.MIN_RATIO)}, ${eighthRoot('err')} / ${c(CONTROL.SAFETY)});
      lastRejected = true;
    }
  }
  return { steps, rejectedSteps: rejected, rhsEvaluations: evals };
}`;
}
