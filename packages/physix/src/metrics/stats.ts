import { mean, standardDeviation } from '@verilab/core';
import { analyseOscillation } from './oscillation.ts';

/**
 * Summary statistics of an observed trajectory for the prompt (docs/original-physix.md#system-interface `stats()`), as a
 * flat, ordered record: `duration`, then per variable `<v>_min`, `<v>_max`, `<v>_mean`,
 * `<v>_std`, and for oscillating variables `<v>_period` and `<v>_decay_rate` (docs/original-physix.md#w8: the
 * period and decay the original left the model to eyeball). Values keep 4 significant digits.
 */
export function trajectoryStats(
  stateVariables: readonly string[],
  times: ArrayLike<number>,
  columns: readonly ArrayLike<number>[],
): Record<string, number> {
  const stats: Record<string, number> = { duration: round(times[times.length - 1]! - times[0]!) };
  stateVariables.forEach((name, j) => {
    const values = columns[j]!;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < values.length; i++) {
      min = Math.min(min, values[i]!);
      max = Math.max(max, values[i]!);
    }
    stats[`${name}_min`] = round(min);
    stats[`${name}_max`] = round(max);
    stats[`${name}_mean`] = round(mean(values));
    stats[`${name}_std`] = round(standardDeviation(values));
    const oscillation = analyseOscillation(times, values);
    if (oscillation !== null) {
      stats[`${name}_period`] = round(oscillation.period);
      if (oscillation.decayRate !== null)
        stats[`${name}_decay_rate`] = round(oscillation.decayRate);
    }
  });
  return stats;
}

function round(value: number): number {
  return Number(value.toPrecision(4));
}
