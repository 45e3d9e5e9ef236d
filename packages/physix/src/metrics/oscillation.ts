import { linearFit, mean, standardDeviation } from '@verilab/core';

export interface Oscillation {
  /** Seconds, from the spacing of crossings of the mean level. */
  readonly period: number;
  /** Exponential decay rate of the half-cycle peaks, 1/s (≈ 0 undamped, < 0 growing), or null. */
  readonly decayRate: number | null;
}

/** A noisy sample must leave a band of ±10 % of the spread to count as a crossing. */
const HYSTERESIS = 0.1;

/**
 * Period and decay of an oscillating series, or null if it crosses its mean fewer than three
 * times (less than one period). Crossings use hysteresis so observation noise near the mean
 * does not create spurious ones; decay fits ln(peak) linearly over complete half-cycles.
 */
export function analyseOscillation(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
): Oscillation | null {
  const level = mean(values);
  const band = HYSTERESIS * standardDeviation(values);
  if (!(band > 0)) return null;
  const crossings: number[] = [];
  const crossingIndex: number[] = [];
  let side = 0;
  for (let i = 0; i < values.length; i++) {
    const offset = values[i]! - level;
    const now = offset > band ? 1 : offset < -band ? -1 : 0;
    if (now === 0) continue;
    if (side !== 0 && now !== side) {
      // The level is crossed between the previous sample and this one: interpolate linearly.
      const a = values[i - 1]! - level;
      const fraction = a === offset ? 0 : a / (a - offset);
      crossings.push(
        times[i - 1]! + Math.min(1, Math.max(0, fraction)) * (times[i]! - times[i - 1]!),
      );
      crossingIndex.push(i);
    }
    side = now;
  }
  if (crossings.length < 3) return null;
  const period = (2 * (crossings[crossings.length - 1]! - crossings[0]!)) / (crossings.length - 1);
  const peakTimes: number[] = [];
  const logPeaks: number[] = [];
  for (let c = 0; c + 1 < crossingIndex.length; c++) {
    let best = 0;
    let at = crossingIndex[c]!;
    for (let i = crossingIndex[c]!; i < crossingIndex[c + 1]!; i++) {
      const size = Math.abs(values[i]! - level);
      if (size > best) {
        best = size;
        at = i;
      }
    }
    peakTimes.push(times[at]!);
    logPeaks.push(Math.log(best));
  }
  const decayRate = peakTimes.length >= 3 ? -linearFit(peakTimes, logPeaks).slope : null;
  return { period, decayRate };
}
