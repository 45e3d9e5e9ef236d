import type { IntegrationStats } from './dormand-prince.ts';
import { DOPRI5 as T } from './dormand-prince-tableau.ts';

/**
 * `integrateDopri5` specialised to one right-hand side: the source of a function that runs the
 * same method with the field's expressions written into each stage and every vector unrolled
 * into local variables, so a step is straight-line arithmetic with no calls and no array
 * traffic. It does the same operations in the same order as `integrateDopri5` (sampled values,
 * step sizes and counts are equal bit for bit) on the path where every stage is finite and no
 * budget or cap is reached; on any other path it gives up (returns undefined) and the caller
 * runs `integrateDopri5`, which reports the failure or recovers from non-finite stages.
 *
 * The kernel takes (t0, initial, sampleTimes, rtol, atol, maxSteps, maxRhsEvaluations, maxMagnitude,
 * values) and writes sample i of component j at values[j·samples + i] (layout `by-variable`).
 */
export type Dopri5Kernel = (
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

/**
 * The kernel as a function expression. Its own names (`Y0`, `K3_1`, `h`, …) are disjoint from
 * the expressions' alphabet (`y<i>`, `p[i]`, `c<i>`, `s<i>`, `f<i>`); the numbers it holds
 * are the tableau's, written in shortest round-trip form, so they are the same doubles.
 */
export function dopri5KernelSource(field: FieldCode): string {
  const n = field.expressions.length;
  const each = (line: (i: number) => string, separator = ' ') =>
    Array.from({ length: n }, (_, i) => line(i)).join(separator);
  const c = (value: number) => `(${String(value)})`;
  /** One evaluation of the field at the state in `from`, into the stage `into`. */
  const rhs = (into: string, from: string) =>
    `{ ${each((i) => `const y${i} = ${from}${i};`)} ${each((i) => `${into}_${i} = ${field.expressions[i]};`)} }`;
  const allFinite = (vector: string) => each((i) => `Number.isFinite(${vector}${i})`, ' && ');
  const stage = (target: string, terms: readonly (readonly [number, string])[]) =>
    each((i) => `${target}${i} = Y${i} + h * (${terms.map(([a, k]) => `${c(a)} * ${k}_${i}`).join(' + ')});`);
  const vectors = ['Y', 'N', 'Z', 'K1_', 'K2_', 'K3_', 'K4_', 'K5_', 'K6_', 'K7_', 'R1_', 'R2_', 'R3_', 'R4_', 'R5_'];
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
  ${rhs('K1', 'Y')}
  evals++;
  if (!(${allFinite('K1_')})) return undefined;
  let t = t0;
  const hMax = tEnd - t0;
  let h;
  {
    let dnf = 0, dny = 0, sk;
    ${each((i) => `sk = atol + rtol * Math.abs(Y${i}); dnf += (K1_${i} / sk) ** 2; dny += (Y${i} / sk) ** 2;`)}
    let h0 = dnf <= 1e-10 || dny <= 1e-10 ? 1e-6 : Math.sqrt(dny / dnf) * 0.01;
    h0 = Math.min(h0, hMax);
    ${each((i) => `Z${i} = Y${i} + h0 * K1_${i};`)}
    ${rhs('K2', 'Z')}
    let der2 = 0;
    ${each((i) => `sk = atol + rtol * Math.abs(Y${i}); der2 += ((K2_${i} - K1_${i}) / sk) ** 2;`)}
    der2 = Math.sqrt(der2) / h0;
    const der12 = Math.max(Math.abs(der2), Math.sqrt(dnf));
    const h1 = der12 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / der12) ** (1 / 5);
    const chosen = Math.min(100 * h0, h1, hMax);
    h = Number.isFinite(chosen) && chosen > 0 ? chosen : Math.max(hMax * 1e-6, 1e-12);
  }
  evals++;
  let logErrOld = ${c(T.LOG_MIN_ERR)};
  let lastRejected = false;
  while (t < tEnd) {
    if (steps >= maxSteps || evals + 6 > maxEvals) return undefined;
    if (h < 16 * Number.EPSILON * Math.max(Math.abs(t), 1)) return undefined;
    const last = t + 1.01 * h >= tEnd;
    if (last) h = tEnd - t;
    steps++;
    evals += 6;
    ${each((i) => `Z${i} = Y${i} + h * ${c(T.A21)} * K1_${i};`)}
    ${rhs('K2', 'Z')}
    ${stage('Z', [[T.A31, 'K1'], [T.A32, 'K2']])}
    ${rhs('K3', 'Z')}
    ${stage('Z', [[T.A41, 'K1'], [T.A42, 'K2'], [T.A43, 'K3']])}
    ${rhs('K4', 'Z')}
    ${stage('Z', [[T.A51, 'K1'], [T.A52, 'K2'], [T.A53, 'K3'], [T.A54, 'K4']])}
    ${rhs('K5', 'Z')}
    ${stage('Z', [[T.A61, 'K1'], [T.A62, 'K2'], [T.A63, 'K3'], [T.A64, 'K4'], [T.A65, 'K5']])}
    ${rhs('K6', 'Z')}
    ${stage('N', [[T.A71, 'K1'], [T.A73, 'K3'], [T.A74, 'K4'], [T.A75, 'K5'], [T.A76, 'K6']])}
    ${rhs('K7', 'N')}
    let errSum = 0, probe = 0, e, scaled;
    ${each(
      (i) =>
        `e = h * (${c(T.E1)} * K1_${i} + ${c(T.E3)} * K3_${i} + ${c(T.E4)} * K4_${i} + ${c(T.E5)} * K5_${i} + ${c(T.E6)} * K6_${i} + ${c(T.E7)} * K7_${i});
    scaled = e / (atol + rtol * Math.max(Math.abs(Y${i}), Math.abs(N${i})));
    errSum += scaled * scaled;
    probe += K2_${i} + K3_${i} + K4_${i} + K5_${i} + K6_${i} + K7_${i};`,
      '\n    ',
    )}
    // Non-finite iff some stage is (or, rarely, the finite sum overflows: a needless fallback).
    if (!Number.isFinite(probe)) return undefined;
    const err = Math.sqrt(errSum / ${n});
    if (!Number.isFinite(err)) return undefined;
    if (err <= 1) {
      const tNew = last ? tEnd : t + h;
      if (next < samples && (times[next] <= tNew || last)) {
        ${each(
          (i) =>
            `R1_${i} = Y${i}; R2_${i} = N${i} - Y${i}; R3_${i} = h * K1_${i} - R2_${i}; R4_${i} = R2_${i} - h * K7_${i} - R3_${i};
        R5_${i} = h * (${c(T.D1)} * K1_${i} + ${c(T.D3)} * K3_${i} + ${c(T.D4)} * K4_${i} + ${c(T.D5)} * K5_${i} + ${c(T.D6)} * K6_${i} + ${c(T.D7)} * K7_${i});`,
          '\n        ',
        )}
        for (; next < samples && (times[next] <= tNew || last); next++) {
          const theta = (times[next] - t) / h;
          const theta1 = 1 - theta;
          ${each((i) => `values[next + ${i} * samples] = R1_${i} + theta * (R2_${i} + theta1 * (R3_${i} + theta * (R4_${i} + theta1 * R5_${i})));`, '\n          ')}
        }
      }
      if (${each((i) => `Math.abs(N${i}) > maxMagnitude`, ' || ')}) return undefined;
      ${each((i) => `Y${i} = N${i}; K1_${i} = K7_${i};`)}
      t = tNew;
      // The controller's log and exp are calls out of the generated code, which spill every
      // live double: they come after the step's stages are used up, when few are live.
      const logErr = Math.log(err);
      let fac = Math.exp(${c(T.EXPONENT)} * logErr - ${c(T.BETA)} * logErrOld);
      fac = Math.max(1 / ${c(T.MAX_RATIO)}, Math.min(1 / ${c(T.MIN_RATIO)}, fac / ${c(T.SAFETY)}));
      let hNew = h / fac;
      if (lastRejected) hNew = Math.min(hNew, h);
      logErrOld = Math.max(logErr, ${c(T.LOG_MIN_ERR)});
      lastRejected = false;
      h = Math.min(hNew, hMax);
    } else {
      rejected++;
      h /= Math.min(1 / ${c(T.MIN_RATIO)}, Math.exp(${c(T.EXPONENT)} * Math.log(err)) / ${c(T.SAFETY)});
      lastRejected = true;
    }
  }
  return { steps, rejectedSteps: rejected, rhsEvaluations: evals };
}`;
}
