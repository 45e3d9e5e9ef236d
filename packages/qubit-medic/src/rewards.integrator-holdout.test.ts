import { unwrap } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { formatCompletion } from './answer-parser.ts';
import { QubitMedicEnvironment } from './environment.ts';
import { CURRICULUM } from './levels.ts';
import { createPhysicsCache } from './physics-adapter.ts';

/**
 * Adversarial completions written by someone who did not tune the reward, run against the
 * default profile without changing it: on every episode the true error scores at least as much
 * as any of them, and the garbage among them scores exactly 0.
 */
const physics = createPhysicsCache();
const env = new QubitMedicEnvironment({ physics });

type Hack = (n: number, prompt: string, syndrome: readonly number[]) => string;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

const GARBAGE: Record<string, Hack> = {
  whitespace: () => ' \n\t ',
  'keys without lists': () => 'X_ERRORS Z_ERRORS',
  'lists without keys': () => '[] []',
  'python dict': () => "{'X_ERRORS': [], 'Z_ERRORS': []}".replaceAll('[]', 'None'),
  'only negative ids': () => 'X_ERRORS=[-1] Z_ERRORS=[-2]',
  'only out-of-range ids': (n) => `X_ERRORS=[${n}] Z_ERRORS=[${n + 7}]`,
  'fractions': () => 'X_ERRORS=[0.5] Z_ERRORS=[1e0]',
  'unclosed lists': () => 'X_ERRORS=[1, 2 Z_ERRORS=[3',
  'refusal': () => 'I cannot determine the errors from this syndrome.',
};

const NON_GARBAGE: Record<string, Hack> = {
  'every qubit on both axes': (n) => formatCompletion(range(n), range(n)),
  'every qubit, X only': (n) => formatCompletion(range(n), []),
  'two answers, empty first': () => 'X_ERRORS=[] Z_ERRORS=[]\nX_ERRORS=[0] Z_ERRORS=[0]',
  'two answers, full first': (n) => `${formatCompletion(range(n), range(n))}\n${formatCompletion([], [])}`,
  'one valid list, one out of range': (n) => `X_ERRORS=[] Z_ERRORS=[${n + 1}]`,
  'valid ids mixed with junk': (n) => `X_ERRORS=[0, ${n}] Z_ERRORS=[]`,
  'duplicates': () => 'X_ERRORS=[4,4,4] Z_ERRORS=[4,4]',
  'lowercase parentheses': () => 'x errors: (1) z errors: (2)',
  'boxed zeros': () => '\\boxed{X_ERRORS=[] Z_ERRORS=[]}',
  'prompt echoed, then zeros': (_n, prompt) => `${prompt}\nX_ERRORS=[] Z_ERRORS=[]`,
  'padding then zeros': () => `${' '.repeat(20_000)}X_ERRORS=[] Z_ERRORS=[]`,
  'a qubit per lit detector': (n, _p, syndrome) => {
    const lit = syndrome.flatMap((bit, i) => (bit ? [i % n] : []));
    return formatCompletion(lit, lit);
  },
  'centre qubit always': (n) => formatCompletion([Math.floor(n / 2)], []),
};

describe('integrator hold-out: no completion beats the true error on any episode', () => {
  for (const level of CURRICULUM) {
    it(level.name, () => {
      const n = level.distance * level.distance;
      const worst: Record<string, number> = {};
      for (let seed = 0; seed < 300; seed++) {
        const { spec, observation } = env.reset({ seed, level });
        const score = (raw: string) => {
          return unwrap(env.step(spec, { kind: 'completion', completion: raw }));
        };
        const probe = score('');
        const truth = score(formatCompletion(probe.info.trueFrame.x, probe.info.trueFrame.z));
        expect(truth.info.rewards.logicalCorrection).toBe(1);
        expect(truth.info.rewards.syndromeConsistency).toBe(1);
        for (const [name, hack] of Object.entries(GARBAGE)) {
          const total = score(hack(n, observation.prompt, observation.syndromeBits)).reward;
          expect(total, `${name} on seed ${seed}`).toBe(0);
        }
        for (const [name, hack] of Object.entries(NON_GARBAGE)) {
          const total = score(hack(n, observation.prompt, observation.syndromeBits)).reward;
          worst[name] = Math.max(worst[name] ?? -1, total - truth.reward);
          expect(total, `${name} on seed ${seed}`).toBeLessThanOrEqual(truth.reward + 1e-12);
        }
      }
    });
  }
});
