import { Xoshiro128 } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { CURRICULUM, levelNamed } from './levels.ts';
import { logicalFlipOperator } from './logical-flip.ts';
import { createPhysicsCache } from './physics-adapter.ts';
import { completionOf, probeEpisodes, truthCompletion, xorIds, type ProbeEpisode } from './reward-probes.ts';
import { netSyndrome, type DataFrame } from './rewards.ts';

/**
 * A held-out catalogue, written after the reward and parser changes of its round were final and
 * run without changing them: agent policies over a thousand episodes per level (each sees what
 * an agent sees, the syndrome, and may run the matching decoder), and answers that state the
 * truth in the shapes a model writes it. No policy scores above the truth on any episode or as
 * much on average; the truth, however it is written down, scores as the truth; a list written so
 * that it is not a list of ids earns what leaving it out earns.
 */
const physics = createPhysicsCache();
const LEVELS = [...CURRICULUM.map((level) => level.name), 'custom:d=3,r=2,p=0.01,basis=X'];
const seeds = Array.from({ length: 1000 }, (_, k) => 300_000 + k);

/** An agent's answer from what it can see: the episode minus its truth. */
type Policy = (episode: ProbeEpisode, rng: Xoshiro128) => DataFrame;

const protectedAxis = (episode: ProbeEpisode) => (episode.layout.basis === 'Z' ? 'x' : 'z');
const withProtected = (episode: ProbeEpisode, frame: DataFrame, ids: readonly number[]): DataFrame =>
  protectedAxis(episode) === 'x' ? { x: ids, z: frame.z } : { x: frame.x, z: ids };
const randomId = (episode: ProbeEpisode, rng: Xoshiro128) => rng.nextUint32() % episode.numDataQubits;

/** The flipped stabilisers of the net syndrome, each explained by a qubit of its support shared with the most still unexplained. */
function greedyLocal(episode: ProbeEpisode): number[] {
  const { layout } = episode;
  const flipped = [...netSyndrome(episode.shot.syndromeBits, layout)].filter(([, value]) => value !== 0).map(([index]) => layout.stabilizers[index]!.support);
  const ids: number[] = [];
  const unexplained = () => flipped.filter((support) => support.filter((id) => ids.includes(id)).length % 2 === 0);
  for (let step = 0; step < flipped.length && unexplained().length > 0; step++) {
    const open = unexplained();
    const shared = (id: number) => open.filter((support) => support.includes(id)).length;
    ids.push([...open[0]!].sort((a, b) => shared(b) - shared(a))[0]!);
  }
  return ids;
}

const POLICIES: Record<string, Policy> = {
  'matching decoder': (e) => e.decoded.frame,
  'matching, plus a random id on the protected axis': (e, rng) => withProtected(e, e.decoded.frame, xorIds(e.decoded.frame[protectedAxis(e)], [randomId(e, rng)])),
  'matching, plus a random id on the other axis': (e, rng) => {
    const other = protectedAxis(e) === 'x' ? 'z' : 'x';
    return { ...e.decoded.frame, [other]: xorIds(e.decoded.frame[other], [randomId(e, rng)]) };
  },
  'matching, one of its ids dropped': (e) => ({ x: e.decoded.frame.x.slice(1), z: e.decoded.frame.z.slice(1) }),
  'matching in the other logical class': (e) => withProtected(e, e.decoded.frame, xorIds(e.decoded.frame[protectedAxis(e)], logicalFlipOperator(e.layout))),
  'matching, the unprotected list left empty': (e) => withProtected(e, { x: [], z: [] }, e.decoded.frame[protectedAxis(e)]),
  'greedy local explanation of the net syndrome': (e) => withProtected(e, { x: [], z: [] }, greedyLocal(e)),
  'greedy local, matching on the other axis': (e) => withProtected(e, e.decoded.frame, greedyLocal(e)),
  'the centre qubit on both axes': (e) => ({ x: [Math.floor(e.numDataQubits / 2)], z: [Math.floor(e.numDataQubits / 2)] }),
  'a coin flip between matching and its other class': (e, rng) =>
    rng.nextUint32() % 2 === 0 ? e.decoded.frame : withProtected(e, e.decoded.frame, xorIds(e.decoded.frame[protectedAxis(e)], logicalFlipOperator(e.layout))),
};

/** The most frequent true frame of each syndrome on 5,000 other episodes of the level (matching's frame for a syndrome never seen). */
function majorityFramePolicy(level: string): Policy {
  const levelPhysics = physics(levelNamed(level));
  const counts = new Map<string, Map<string, number>>();
  for (let seed = 900_000; seed < 905_000; seed++) {
    const shot = levelPhysics.sample(seed);
    const bySyndrome = counts.get(shot.syndromeBits.join('')) ?? new Map<string, number>();
    const frame = JSON.stringify(shot.trueFrame);
    bySyndrome.set(frame, (bySyndrome.get(frame) ?? 0) + 1);
    counts.set(shot.syndromeBits.join(''), bySyndrome);
  }
  return (e) => {
    const seen = counts.get(e.shot.syndromeBits.join(''));
    if (seen === undefined) return e.decoded.frame;
    return JSON.parse([...seen].sort(([, a], [, b]) => b - a)[0]![0]) as DataFrame;
  };
}

/** The truth written the ways a model writes it; a careful reader reads each as the truth. */
const TRUTH_WRITTEN: Record<string, (e: ProbeEpisode) => string> = {
  'split across lines': (e) => `X_ERRORS=[\n${e.shot.trueFrame.x.join(',\n')}\n]\nZ_ERRORS=[\n${e.shot.trueFrame.z.join(',\n')}\n]`,
  'leading zeros': (e) => `X_ERRORS=[${e.shot.trueFrame.x.map((id) => `00${id}`).join(',')}] Z_ERRORS=[${e.shot.trueFrame.z.map((id) => `0${id}`).join(',')}]`,
  'in a code fence after reasoning with a decoy answer': (e) => `Suppose there were no errors: X_ERRORS=[] Z_ERRORS=[0]. That does not fit.\n\`\`\`\n${truthCompletion(e)}\n\`\`\``,
  'Z list first': (e) => `Z_ERRORS=[${e.shot.trueFrame.z.join(', ')}]\nX_ERRORS=[${e.shot.trueFrame.x.join(', ')}]`,
  'bold ids, repeated ids': (e) => `X_ERRORS=[${[...e.shot.trueFrame.x, ...e.shot.trueFrame.x].map((id) => `**${id}**`).join(', ')}] Z_ERRORS=[${e.shot.trueFrame.z.join(' ')}]`,
  'followed by an explanation in lenient words': (e) =>
    `${truthCompletion(e)}\nExplanation: the X errors: (see the list above) and the Z errors: (those the X checks show) explain every flipped check; no syntax errors: (none).`,
  'a Z_ERRORS key in prose before the answer': (e) => `The Z_ERRORS key lists phase flips; Z_ERRORS=[qubits] is the form.\n${truthCompletion(e)}`,
};

/** An X list written so that it is not a list of data-qubit ids: it must earn what no X list earns. */
const BROKEN_X: Record<string, (ids: readonly number[], n: number) => string> = {
  'Arabic-Indic digits': (ids) => ids.map((id) => String(id).replace(/\d/g, (d) => String.fromCharCode(0x660 + Number(d)))).join(','),
  'full-width digits': (ids) => ids.map((id) => String(id).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))).join(','),
  'plus signs': (ids) => ids.map((id) => `+${id}`).join(','),
  'decimals': (ids) => ids.map((id) => `${id}.0`).join(','),
  'hex': (ids) => ids.map((id) => `0x${id.toString(16)}`).join(','),
  'a negative id added': (ids) => [...ids, -1].join(','),
  'a huge id added': (ids) => [...ids, 10 ** 30].join(','),
  'a range': (_ids, n) => `0-${n - 1}`,
  'ids as words': (ids) => ids.map((id) => ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'][id % 10]).join(','),
  'nested brackets': (ids) => `[${ids.join(',')}]`,
};

describe('held-out agent policies and written answers', () => {
  it.each(LEVELS)('%s: no policy scores above the truth on any episode, nor as much on average, over 1,000 episodes', (level) => {
    const episodes = probeEpisodes(physics, level, seeds);
    const truth = episodes.map((episode) => episode.score(truthCompletion(episode)).total);
    const truthSum = truth.reduce((sum, total) => sum + total, 0);
    for (const [name, policy] of Object.entries({ ...POLICIES, 'the most frequent true frame of the syndrome': majorityFramePolicy(level) })) {
      const totals = episodes.map((episode) => episode.score(completionOf(policy(episode, Xoshiro128.fromSeed(episode.seed)))).total);
      const above = totals.filter((total, k) => total > (truth[k] as number) + 1e-12).length;
      const belowOnAverage = totals.reduce((sum, total) => sum + total, 0) < truthSum;
      expect({ name, above, belowOnAverage }).toEqual({ name, above: 0, belowOnAverage: true });
    }
  });

  it.each(LEVELS)('%s: the truth scores as the truth however it is written, and an X list that is no list earns nothing', (level) => {
    for (const episode of probeEpisodes(physics, level, seeds.slice(0, 200))) {
      const truth = episode.score(truthCompletion(episode));
      for (const [name, written] of Object.entries(TRUTH_WRITTEN)) {
        const rewards = episode.score(written(episode));
        expect({ name, rewards: { ...rewards, formatCompliance: 1, total: 0 } }).toEqual({ name, rewards: { ...truth, formatCompliance: 1, total: 0 } });
      }
      const zAlone = episode.score(`Z_ERRORS=[${episode.shot.trueFrame.z.join(',')}]`);
      // An empty list written any way is still empty: the broken forms write at least one id.
      const xIds = episode.shot.trueFrame.x.length > 0 ? episode.shot.trueFrame.x : [0];
      for (const [name, broken] of Object.entries(BROKEN_X)) {
        const rewards = episode.score(`X_ERRORS=[${broken(xIds, episode.numDataQubits)}] Z_ERRORS=[${episode.shot.trueFrame.z.join(',')}]`);
        expect({ name, rewards }).toEqual({ name, rewards: zAlone });
      }
    }
  });
});
