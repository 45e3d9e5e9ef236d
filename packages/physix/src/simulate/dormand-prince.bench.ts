/**
 * How fast the integrator gives up on hypotheses it cannot integrate: a blow-up (y' = y², which
 * reaches infinity at t = 1) and a stiff system stopped by a 20,000-evaluation budget. These were
 * "under 1 s" assertions in dormand-prince.test.ts, which keeps the work bounds (evaluations,
 * where the failure is reported); the time is measured here.
 */
import type { BenchCase } from '../../../../scripts/bench.ts';
import { integrateDopri5 } from './dormand-prince.ts';
import type { OdeRhs } from './integration.ts';

const TIMES = Array.from({ length: 100 }, (_, i) => (3 * i) / 99);

function failures(rhs: OdeRhs, y0: readonly number[], options = {}): () => number {
  return () => {
    if (integrateDopri5(rhs, 0, y0, TIMES, options).ok) throw new Error('expected the integration to fail');
    return 1;
  };
}

export const benchmarks: BenchCase[] = [
  {
    name: "physix integrate blow-up y' = y² (fails near t = 1)",
    unit: 'failures',
    run: failures((_t, y, d) => void (d[0] = y[0]! * y[0]!), [1]),
  },
  {
    name: 'physix integrate stiff system (stops on a 20,000-evaluation budget)',
    unit: 'failures',
    run: failures((_t, y, d) => void (d[0] = -1e9 * (y[0]! - 1)), [0], { maxRhsEvaluations: 20_000 }),
  },
];
