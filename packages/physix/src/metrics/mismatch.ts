import { CONVERGENCE_THRESHOLD } from '../constants.ts';
import { standardDeviation } from '@verilab/core';
import { analyseOscillation, type Oscillation } from './oscillation.ts';
import { divergenceTime, type ResidualSummary } from './residuals.ts';

export interface MismatchInput {
  readonly stateVariables: readonly string[];
  readonly times: ArrayLike<number>;
  readonly observed: readonly ArrayLike<number>[];
  readonly predicted: readonly ArrayLike<number>[];
  readonly rMatch: number;
  /** Each observed column's standard deviation: the unit of its residuals. */
  readonly spreads: readonly number[];
  /** Each variable's residual summary in that unit (`measureResiduals`; the verifier reports them too). */
  readonly residuals: readonly ResidualSummary[];
}

/** Residuals below this fraction of a variable's spread count as agreement. */
const SMALL = 0.1;
/** Relative period difference that counts as a phase error. */
const PERIOD_TOLERANCE = 0.03;

/**
 * Deterministic English feedback (docs/original-physix.md#mismatch), no LLM involved. The first sentence is the
 * original's: the pattern of the worst variable (largest late residual relative to its
 * spread) — drift, wrong start, phase/amplitude error or a uniform offset. Then, fixing the
 * "thin feedback" of docs/original-physix.md#w8, one line with the signed mean error of every variable in the
 * early, middle and late thirds, and the period and decay of oscillating variables.
 */
export function summarizeMismatch(input: MismatchInput): string {
  if (input.rMatch >= CONVERGENCE_THRESHOLD)
    return 'Predicted and observed trajectories agree closely.';
  const { stateVariables, times, observed, predicted, spreads, residuals } = input;
  let worst = 0;
  residuals.forEach((summary, j) => {
    if (late(summary) > late(residuals[worst]!)) worst = j;
  });
  const name = stateVariables[worst]!;
  const observedWave = analyseOscillation(times, observed[worst]!);
  const predictedWave = analyseOscillation(times, predicted[worst]!);
  const headline =
    describeOscillation(
      name,
      observedWave,
      predictedWave,
      spreads[worst]!,
      standardDeviation(predicted[worst]!),
    ) ?? describeDrift(name, input, worst, residuals[worst]!, spreads[worst]!);
  const windows = stateVariables
    .map((variable, j) => `${variable} ${residuals[j]!.windows.map(signed).join('/')}`)
    .join('; ');
  const sentences = [
    capitalize(headline),
    `Mean error (predicted - observed) early/middle/late: ${windows}.`,
  ];
  if (observedWave !== null || predictedWave !== null) {
    sentences.push(
      `${capitalize(name)} period/decay rate: observed ${wave(observedWave)}; predicted ${wave(predictedWave)}.`,
    );
  }
  return sentences.join(' ');
}

function describeOscillation(
  name: string,
  observed: Oscillation | null,
  predicted: Oscillation | null,
  observedSpread: number,
  predictedSpread: number,
): string | undefined {
  if (observed !== null && predicted === null) {
    return `observed ${name} oscillates (period ${seconds(observed.period)}) but the predicted ${name} does not.`;
  }
  if (observed === null && predicted !== null) {
    return `predicted ${name} oscillates (period ${seconds(predicted.period)}) but the observed ${name} does not.`;
  }
  if (observed === null || predicted === null) return undefined;
  if (Math.abs(predicted.period - observed.period) > PERIOD_TOLERANCE * observed.period) {
    return `predicted ${name} oscillates with period ${seconds(predicted.period)} but the observed period is ${seconds(observed.period)} (phase error).`;
  }
  const [pd, od] = [predicted.decayRate, observed.decayRate];
  if (pd !== null && od !== null && Math.abs(pd - od) > Math.max(0.02, 0.2 * Math.abs(od))) {
    return `predicted ${name} decays at ${rate(pd)} but the observed amplitude decays at ${rate(od)}.`;
  }
  const ratio = predictedSpread / observedSpread;
  if (Math.abs(ratio - 1) > SMALL) {
    return `predicted ${name} swings too ${ratio > 1 ? 'wide' : 'narrow'} (${ratio.toFixed(2)}x the observed amplitude).`;
  }
  return undefined;
}

function describeDrift(
  name: string,
  input: MismatchInput,
  j: number,
  summary: ResidualSummary,
  spread: number,
): string {
  const [early = 0, , lateRms = 0] = summary.relativeRms;
  const direction = (summary.windows[summary.windows.length - 1] ?? 0) > 0 ? 'high' : 'low';
  if (lateRms > 2 * early && lateRms > SMALL) {
    const t = divergenceTime(input.times, input.observed[j]!, input.predicted[j]!, SMALL * spread);
    return `predicted ${name} diverges from the observed after t = ${(t ?? 0).toFixed(2)} s, ending too ${direction}.`;
  }
  if (early > SMALL && early >= lateRms) {
    return `predicted ${name} is off from the start (it starts from the observed initial state, so the initial acceleration is wrong).`;
  }
  if (lateRms > SMALL) return `predicted ${name} is consistently too ${direction}.`;
  return `predicted ${name} is close; the remaining error is ${(lateRms * 100).toFixed(0)}% of its spread.`;
}

const late = (summary: ResidualSummary) =>
  summary.relativeRms[summary.relativeRms.length - 1] ?? 0;
const signed = (value: number) => `${value >= 0 ? '+' : ''}${Number(value.toPrecision(3))}`;
const seconds = (value: number) => `${value.toFixed(2)} s`;
const rate = (value: number) => `${value.toFixed(3)}/s`;
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function wave(oscillation: Oscillation | null): string {
  if (oscillation === null) return 'no oscillation';
  return oscillation.decayRate === null
    ? seconds(oscillation.period)
    : `${seconds(oscillation.period)}, ${rate(oscillation.decayRate)}`;
}
