import { describe, expect, it } from 'vitest';
import { buildEpisodePrompt } from './environment.ts';
import { CURRICULUM } from './levels.ts';
import { createPhysicsCache } from './physics-adapter.ts';
import { policyRng, randomPolicy } from './policies.ts';
import {
  allIds,
  completionOf,
  matchingCompletion,
  NO_REWARD,
  probeEpisodes,
  truthCompletion,
  xorIds,
  zerosCompletion,
  type ProbeCompletion,
  type ProbeEpisode,
} from './reward-probes.ts';
import { jaccard, REWARD_WEIGHTS } from './rewards.ts';
import { pairedMeanDifference, Z95 } from '@verilab/core';

/**
 * Properties of the default (`exact`) reward on real episodes of every curriculum level: the
 * true error is the best answer on every episode, an answer with no valid list earns nothing,
 * and no answer in a catalogue of hacks does as well as the truth. The package README states
 * each component's guarantee. `rewards.held-out.test.ts` holds a second catalogue, written
 * after this one passed and run without changing the reward.
 */
const physics = createPhysicsCache();
const LEVELS = CURRICULUM.map((level) => level.name);
const range = (from: number, count: number) => Array.from({ length: count }, (_, k) => from + k);

/** The most an answer can score on an episode: everything, the beat in full where matching fails and half of it where matching is right. */
const ceiling = (episode: ProbeEpisode) =>
  1 - (episode.decoded.observableFlip === episode.shot.observableFlip ? REWARD_WEIGHTS.pymatchingBeat / 2 : 0);

/** Completions with no valid X or Z list. */
const GARBAGE: Record<string, ProbeCompletion> = {
  empty: () => '',
  prose: () => 'hello world',
  'key without list': () => 'X_ERRORS=',
  'keys without lists': () => 'X_ERRORS= Z_ERRORS=',
  'both lists out of range': (e) => `X_ERRORS=[${e.numDataQubits}] Z_ERRORS=[${e.numDataQubits + 7}]`,
  'negative ids': () => 'X_ERRORS=[-1] Z_ERRORS=[-2]',
  'huge lists past the last qubit': (e) => completionOf({ x: allIds(10 * e.numDataQubits), z: allIds(10 * e.numDataQubits) }),
  'wrong keys': () => 'Y_ERRORS=[0] W_ERRORS=[1]',
  'bare axis names': () => 'X=[0] Z=[1]',
  JSON: () => '{"X_ERRORS": [0], "Z_ERRORS": []}',
  'words in the lists': () => 'X_ERRORS=[none] Z_ERRORS=[none]',
  'unclosed lists': () => 'X_ERRORS=[0, 1 Z_ERRORS=[2',
  'non-integer ids': () => 'X_ERRORS=[1.0] Z_ERRORS=[2.5]',
  'the syndrome echoed back': (e) => e.shot.syndromeBits.join(' '),
  'a repeated key': () => 'X_ERRORS'.repeat(10_000),
};

/** Completions that parse at least partly: each must score below the truth. */
const HACKS: Record<string, ProbeCompletion> = {
  'all zeros': zerosCompletion,
  'matching copy': matchingCompletion,
  'only an empty X list': () => 'X_ERRORS=[]',
  'only an empty Z list': () => 'Z_ERRORS=[]',
  "only the truth's X list": (e) => `X_ERRORS=[${e.shot.trueFrame.x.join(',')}]`,
  "only the truth's Z list": (e) => `Z_ERRORS=[${e.shot.trueFrame.z.join(',')}]`,
  'one list out of range': (e) => `X_ERRORS=[${e.numDataQubits}] Z_ERRORS=[]`,
  'duplicated ids': () => 'X_ERRORS=[0,0,0,0] Z_ERRORS=[0,0]',
  'every qubit as an X error': (e) => completionOf({ x: allIds(e.numDataQubits), z: [] }),
  'both lists full': (e) => completionOf({ x: allIds(e.numDataQubits), z: allIds(e.numDataQubits) }),
  'huge lists of valid ids': (e) => {
    const ids = Array.from({ length: 50 }, () => allIds(e.numDataQubits)).flat().join(',');
    return `X_ERRORS=[${ids}] Z_ERRORS=[${ids}]`;
  },
  'the prompt echoed back': (e) => e.prompt,
  'the v1 prompt echoed back': (e) => buildEpisodePrompt(e.level, e.layout, e.shot.syndromeBits, 'v1'),
  'the truth in lenient format': (e) => `X_ERRORS: [${e.shot.trueFrame.x.join(', ')}] Z_ERRORS: [${e.shot.trueFrame.z.join(', ')}]`,
  'the truth times a stabiliser': (e) => {
    const stabilizer = e.layout.stabilizers.find((s) => s.type === e.layout.basis);
    const support = stabilizer?.support ?? [];
    const { x, z } = e.shot.trueFrame;
    return completionOf(e.layout.basis === 'Z' ? { x: xorIds(x, support), z } : { x, z: xorIds(z, support) });
  },
  'the truth times the logical': (e) => {
    const { x, z } = e.shot.trueFrame;
    const logical = e.layout.observableSupport;
    return completionOf(e.layout.basis === 'Z' ? { x: xorIds(x, logical), z } : { x, z: xorIds(z, logical) });
  },
  'an answer, then a hedge': (e) => `${matchingCompletion(e)}\nor maybe X_ERRORS=[] Z_ERRORS=[]`,
  random: (e) =>
    randomPolicy.answer(
      { distance: e.level.distance } as Parameters<typeof randomPolicy.answer>[0],
      policyRng(e.seed),
    ),
};

/** Mean paired difference a − b over its standard error. */
function pairedZ(a: readonly number[], b: readonly number[]): { difference: number; z: number } {
  const { difference, ci95 } = pairedMeanDifference(a, b);
  const standardError = (ci95[1] - difference) / Z95;
  return { difference, z: standardError > 0 ? difference / standardError : 0 };
}

describe('the exact reward, on every curriculum level', () => {
  it.each([...LEVELS, 'custom:d=3,r=2,p=0.01,basis=X', 'custom:d=5,r=3,p=0.01,noise=uniform'])(
    '%s: the true frame scores every component in full, on every episode',
    (level) => {
      for (const episode of probeEpisodes(physics, level, range(0, 3000))) {
        const rewards = episode.score(truthCompletion(episode));
        expect(rewards).toMatchObject({ logicalCorrection: 1, syndromeConsistency: 1, hammingOverlap: 1, formatCompliance: 1 });
        expect(rewards.total).toBeCloseTo(ceiling(episode), 12);
      }
    },
  );

  it.each(LEVELS)('%s: garbage scores 0 on every component', (level) => {
    for (const episode of probeEpisodes(physics, level, range(0, 200))) {
      for (const [name, garbage] of Object.entries(GARBAGE)) {
        expect({ name, rewards: episode.score(garbage(episode)) }).toEqual({ name, rewards: NO_REWARD });
      }
    }
  });

  it.each(LEVELS)('%s: a half answer earns its format credit and what its one valid list earns', (level) => {
    for (const episode of probeEpisodes(physics, level, range(0, 200))) {
      const { trueFrame } = episode.shot;
      const protectedAxis = episode.layout.basis === 'Z' ? 'x' : 'z';
      for (const axis of ['x', 'z'] as const) {
        for (const ids of [trueFrame[axis], [], allIds(episode.numDataQubits)]) {
          const list = `${axis.toUpperCase()}_ERRORS=[${ids.join(',')}]`;
          const otherKey = axis === 'x' ? 'Z_ERRORS' : 'X_ERRORS';
          const alone = episode.score(list);
          const withBrokenOther = episode.score(`${list} ${otherKey}=[${episode.numDataQubits}]`);
          const full = episode.score(completionOf(axis === 'x' ? { x: ids, z: [] } : { x: [], z: ids }));
          const earned = {
            formatCompliance: 0.5,
            hammingOverlap: 0.5 * jaccard(trueFrame[axis], ids),
            logicalCorrection: axis === protectedAxis ? full.logicalCorrection : 0,
            syndromeConsistency: axis === protectedAxis ? full.syndromeConsistency : 0,
            pymatchingBeat: axis === protectedAxis ? full.pymatchingBeat : 0,
          };
          expect(alone).toMatchObject(earned);
          expect(withBrokenOther).toMatchObject(earned);
        }
      }
    }
  });

  it.each(LEVELS)('%s: no hack beats the truth on any episode, and each falls short on average', (level) => {
    const episodes = probeEpisodes(physics, level, range(0, 600));
    const truth = episodes.map((episode) => episode.score(truthCompletion(episode)).total);
    for (const [name, hack] of Object.entries(HACKS)) {
      const totals = episodes.map((episode) => episode.score(hack(episode)).total);
      const worse = totals.filter((total, k) => total > (truth[k] as number) + 1e-12);
      expect({ name, episodesWhereItBeatsTheTruth: worse.length }).toEqual({ name, episodesWhereItBeatsTheTruth: 0 });
      expect({ name, meanGap: pairedZ(truth, totals).difference > 0 }).toEqual({ name, meanGap: true });
    }
  });

  // Ties are common (on a trivial syndrome the truth, matching and all-zeros answers coincide),
  // so the statistic is the paired mean difference over its standard error, ties included:
  // they count as zero differences, which only makes the test harder to pass.
  it.each(LEVELS)('%s: on 2,000 paired episodes, truth > matching copy > all zeros, significantly', (level) => {
    const episodes = probeEpisodes(physics, level, range(100_000, 2000));
    const totals = (completion: ProbeCompletion) => episodes.map((episode) => episode.score(completion(episode)).total);
    const truth = totals(truthCompletion);
    const matching = totals(matchingCompletion);
    const zeros = totals(zerosCompletion);
    expect(truth.every((total, k) => total >= (matching[k] as number))).toBe(true);
    expect(pairedZ(truth, matching).z).toBeGreaterThan(3);
    expect(pairedZ(matching, zeros).z).toBeGreaterThan(3);
  });
});
