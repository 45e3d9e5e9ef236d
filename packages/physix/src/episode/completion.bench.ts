/**
 * How long the completion parser takes on 1 MB of braces, quotes and nesting (a model's worst
 * output). completion.test.ts asserted each under 2 s; it now checks the answer (no action) and
 * the time is measured here.
 */
import type { BenchCase } from '../../../../scripts/bench.ts';
import { HOSTILE_COMPLETIONS } from '../testing/equation-inputs.ts';
import { parseCompletion } from './completion.ts';

export const benchmarks: BenchCase[] = [
  {
    name: `physix parse hostile completions (${HOSTILE_COMPLETIONS.length}, 1 MB each)`,
    unit: 'completions',
    run() {
      for (const text of HOSTILE_COMPLETIONS) parseCompletion(text);
      return HOSTILE_COMPLETIONS.length;
    },
  },
];
