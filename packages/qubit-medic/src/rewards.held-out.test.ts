import { describe, expect, it } from 'vitest';
import { CURRICULUM } from './levels.ts';
import { createPhysicsCache } from './physics-adapter.ts';
import { allIds, completionOf, matchingCompletion, NO_REWARD, probeEpisodes, truthCompletion, xorIds, type ProbeCompletion } from './reward-probes.ts';

/**
 * A held-out catalogue of adversarial completions, written after the reward and its tuned
 * catalogue (`rewards.properties.test.ts`) were final, and passed without changing the reward:
 * garbage scores 0 everywhere, and nothing else scores above the truth on any episode or as
 * much on average. It runs on an X-basis level too, which the tuned catalogue's hack test
 * does not.
 */
const physics = createPhysicsCache();
const LEVELS = [...CURRICULUM.map((level) => level.name), 'custom:d=3,r=2,p=0.01,basis=X'];
const seeds = Array.from({ length: 300 }, (_, k) => 50_000 + k);

const HELD_OUT_GARBAGE: Record<string, ProbeCompletion> = {
  whitespace: () => '  \n\t ',
  'full-width keys': () => 'Ｘ_ERRORS=[0] Ｚ_ERRORS=[1]',
  'hex ids': () => 'X_ERRORS=[0x1] Z_ERRORS=[0b1]',
  'exponent ids': () => 'X_ERRORS=[1e0] Z_ERRORS=[2e0]',
  'nested lists': () => 'X_ERRORS=[[0]] Z_ERRORS=[[1]]',
  'quoted ids': () => "X_ERRORS=['0'] Z_ERRORS=['1']",
  'semicolons': () => 'X_ERRORS=[0;1] Z_ERRORS=[2;3]',
  'ids past 2^53': () => 'X_ERRORS=[99999999999999999999] Z_ERRORS=[99999999999999999999]',
  'NaN and Infinity': () => 'X_ERRORS=[NaN] Z_ERRORS=[Infinity]',
  braces: () => 'X_ERRORS={0} Z_ERRORS={1}',
  'a Python dict': () => "{'x_errors': [0], 'z_errors': [1]}",
  YAML: () => 'X_ERRORS:\n  - 0\nZ_ERRORS:\n  - 1',
  'the answer in words': () => 'qubit 3 has an X error and qubit 5 a Z error',
  'the format line of the prompt': () => 'X_ERRORS=[qubit_ids] Z_ERRORS=[qubit_ids]',
  'a list per qubit id past the last': (e) => `X_ERRORS=[${e.numDataQubits}] Z_ERRORS=[${e.numDataQubits}] `.repeat(50),
};

const HELD_OUT_HACKS: Record<string, ProbeCompletion> = {
  'the truth with its axes swapped': (e) => completionOf({ x: e.shot.trueFrame.z, z: e.shot.trueFrame.x }),
  'the truth plus one id': (e) => {
    const { x, z } = e.shot.trueFrame;
    return completionOf({ x: xorIds(x, [x.length === e.numDataQubits ? 0 : allIds(e.numDataQubits).find((id) => !x.includes(id)) ?? 0]), z });
  },
  'the truth less its first X and Z ids': (e) => completionOf({ x: e.shot.trueFrame.x.slice(1), z: e.shot.trueFrame.z.slice(1) }),
  'the truth shifted by one qubit': (e) => {
    const shift = (ids: readonly number[]) => ids.map((id) => (id + 1) % e.numDataQubits);
    return completionOf({ x: shift(e.shot.trueFrame.x), z: shift(e.shot.trueFrame.z) });
  },
  'the truth with a broken other list': (e) =>
    e.layout.basis === 'Z' ? `X_ERRORS=[${e.shot.trueFrame.x.join(',')}] Z_ERRORS=[-1]` : `X_ERRORS=[-1] Z_ERRORS=[${e.shot.trueFrame.z.join(',')}]`,
  'matching, Z list first, boxed': (e) => `\\boxed{Z_ERRORS=[${e.decoded.frame.z.join(',')}] X_ERRORS=[${e.decoded.frame.x.join(',')}]}`,
  'matching times the logical on both axes': (e) => {
    const logical = e.layout.observableSupport;
    return completionOf({ x: xorIds(e.decoded.frame.x, logical), z: xorIds(e.decoded.frame.z, logical) });
  },
  'the observable support': (e) => completionOf({ x: e.layout.observableSupport, z: e.layout.observableSupport }),
  'every odd id': (e) => {
    const odd = allIds(e.numDataQubits).filter((id) => id % 2 === 1);
    return completionOf({ x: odd, z: odd });
  },
  'everything, then an empty answer': (e) => `X_ERRORS=[${allIds(e.numDataQubits).join(',')}] Z_ERRORS=[] X_ERRORS=[] Z_ERRORS=[]`,
  'an empty answer with a confident note': () => 'X_ERRORS=[]\nZ_ERRORS=[]\nI am confident this is right.',
  'two answers, matching last': (e) => `X_ERRORS=[0] Z_ERRORS=[0]\nCorrection: ${matchingCompletion(e)}`,
};

describe('the exact reward against a held-out catalogue', () => {
  it.each(LEVELS)('%s: held-out garbage scores 0 on every component', (level) => {
    for (const episode of probeEpisodes(physics, level, seeds)) {
      for (const [name, garbage] of Object.entries(HELD_OUT_GARBAGE)) {
        expect({ name, rewards: episode.score(garbage(episode)) }).toEqual({ name, rewards: NO_REWARD });
      }
    }
  });

  // Written as a hack, this one is the truth: the strict answer pattern is case-insensitive, as
  // in the original parser. It must score exactly what the truth scores.
  it.each(LEVELS)('%s: the truth with lower-case keys scores as the truth', (level) => {
    for (const episode of probeEpisodes(physics, level, seeds)) {
      expect(episode.score(truthCompletion(episode).toLowerCase())).toEqual(episode.score(truthCompletion(episode)));
    }
  });

  it.each(LEVELS)('%s: no held-out hack beats the truth on any episode, nor matches it on average', (level) => {
    const episodes = probeEpisodes(physics, level, seeds);
    const truth = episodes.map((episode) => episode.score(truthCompletion(episode)).total);
    const truthSum = truth.reduce((sum, total) => sum + total, 0);
    for (const [name, hack] of Object.entries(HELD_OUT_HACKS)) {
      const totals = episodes.map((episode) => episode.score(hack(episode)).total);
      const above = totals.filter((total, k) => total > (truth[k] as number) + 1e-12).length;
      const belowOnAverage = totals.reduce((sum, total) => sum + total, 0) < truthSum;
      expect({ name, above, belowOnAverage }).toEqual({ name, above: 0, belowOnAverage: true });
    }
  });
});
