/**
 * How long verification takes on hypotheses built to make it slow (blow-ups, stiffness, division
 * by zero, a huge parameter to fit), with fitting on. verify.test.ts asserted each under 3 s; it
 * now checks each ends in a structured result, and the time is measured here.
 */
import type { BenchCase } from '../../../scripts/bench.ts';
import { instantiate } from './systems/instance.ts';
import { getSystem } from './systems/registry.ts';
import { HOSTILE_EQUATIONS, HOSTILE_PARAMS } from './testing/equation-inputs.ts';
import { targetOf, verify } from './verify.ts';

const target = targetOf(instantiate(getSystem('free_fall')!, 0));

export const benchmarks: BenchCase[] = [
  {
    name: `physix verify --fit hostile equations (${HOSTILE_EQUATIONS.length}, free_fall)`,
    unit: 'verifications',
    run() {
      for (const equation of HOSTILE_EQUATIONS) verify(target, { equation, params: HOSTILE_PARAMS }, { fit: true });
      return HOSTILE_EQUATIONS.length;
    },
  },
];
