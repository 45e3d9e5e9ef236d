/**
 * How long the equation parser takes on the inputs its fuzz test feeds it. The fuzz test used to
 * assert each input under 50 ms and 100k random ones under 20 s; on a loaded machine that failed
 * for reasons that were not the parser's, so the test checks only what the parser answers and the
 * time is measured here: the adversarial list (deep nesting, 1 MB strings, prototype names) and
 * random text from the same generators and seed.
 */
import fc from 'fast-check';
import type { BenchCase } from '../../../../scripts/bench.ts';
import { ADVERSARIAL_EQUATIONS, FUZZ_LAYOUT, FUZZ_PARAMETERS, fuzzedEquationText } from '../testing/equation-inputs.ts';
import { parseEquationSystem } from './parse-equations.ts';

const RANDOM = fc.sample(fuzzedEquationText, { numRuns: 2000, seed: 61 });

// parseEquationSystem caches recent results by text, layout and parameter names: an extra
// parameter name per batch makes every parse a cold one, as a new input is.
let batch = 0;
function parseAll(texts: readonly string[]): number {
  const parameters = [...FUZZ_PARAMETERS, `unused${batch++}`];
  for (const text of texts) parseEquationSystem(text, FUZZ_LAYOUT, parameters);
  return texts.length;
}

export const benchmarks: BenchCase[] = [
  {
    name: `physix parse adversarial inputs (${ADVERSARIAL_EQUATIONS.length}, up to 1 MB)`,
    unit: 'inputs',
    run: () => parseAll(ADVERSARIAL_EQUATIONS),
  },
  {
    name: 'physix parse random inputs (the fuzz generators, seed 61)',
    unit: 'inputs',
    run: () => parseAll(RANDOM),
  },
];
