import { describe, expect, it } from 'vitest';
import { CURRICULUM } from './levels.ts';
import { createPhysicsCache } from './physics-adapter.ts';
import { completionOf, probeEpisodes, xorIds, type ProbeEpisode } from './reward-probes.ts';
import { netSyndrome, stabilizerConsistency } from './rewards.ts';

/**
 * Red-team cases found after the exact reward was final: answers whose protected list cancels
 * out to the empty frame (an opposite-type stabiliser's support, or a product of two) say exactly what "no errors" says, so they must not dodge the anti-collapse cap the
 * empty answer gets on a non-trivial net syndrome.
 */
const physics = createPhysicsCache();
const LEVELS = [...CURRICULUM.map((level) => level.name), 'custom:d=3,r=2,p=0.02,basis=X'];
const seeds = Array.from({ length: 200 }, (_, k) => 70_000 + k);

/** Protected lists that flip no memory-basis stabiliser: each opposite-type stabiliser's support, and the first two together. */
function cancellingLists(episode: ProbeEpisode): number[][] {
  const { layout } = episode;
  const opposite = layout.basis === 'Z' ? 'X' : 'Z';
  const stabilizers = layout.stabilizers.filter((s) => s.type === opposite).map((s) => [...s.support]);
  return [...stabilizers, xorIds(stabilizers[0] ?? [], stabilizers[1] ?? [])];
}

const answerWith = (episode: ProbeEpisode, protectedIds: readonly number[]) =>
  completionOf(episode.layout.basis === 'Z' ? { x: protectedIds, z: [] } : { x: [], z: protectedIds });

describe('the exact reward against lists that cancel out', () => {
  it.each(LEVELS)('%s: a cancelling list scores the empty answer\'s consistency, capped at 0.5 on a non-trivial net syndrome', (level) => {
    let nonTrivialEpisodes = 0;
    for (const episode of probeEpisodes(physics, level, seeds)) {
      const nonTrivial = [...netSyndrome(episode.shot.syndromeBits, episode.layout).values()].some((value) => value !== 0);
      if (nonTrivial) nonTrivialEpisodes++;
      const empty = episode.score(answerWith(episode, [])).syndromeConsistency;
      for (const ids of cancellingLists(episode)) {
        const consistency = episode.score(answerWith(episode, ids)).syndromeConsistency;
        expect({ seed: episode.seed, ids, consistency }).toEqual({ seed: episode.seed, ids, consistency: empty });
        if (nonTrivial) expect(consistency).toBeLessThanOrEqual(0.5);
      }
    }
    // The property is only tested where the cap applies.
    expect(nonTrivialEpisodes).toBeGreaterThan(0);
  });

  it.each(LEVELS)('%s: a one-qubit guess that flips none of the flipped stabilisers is capped at 0.5', (level) => {
    let guesses = 0;
    for (const episode of probeEpisodes(physics, level, seeds)) {
      const { layout } = episode;
      const observed = netSyndrome(episode.shot.syndromeBits, layout);
      const flipped = [...observed].filter(([, value]) => value !== 0).map(([index]) => index);
      if (flipped.length === 0) continue;
      for (let id = 0; id < episode.numDataQubits; id++) {
        if (flipped.some((index) => layout.stabilizers[index]!.support.includes(id))) continue;
        guesses++;
        const frame = layout.basis === 'Z' ? { x: [id], z: [] } : { x: [], z: [id] };
        const consistency = stabilizerConsistency(frame, episode.shot.syndromeBits, layout);
        expect({ seed: episode.seed, id, capped: consistency <= 0.5 }).toEqual({ seed: episode.seed, id, capped: true });
      }
    }
    expect(guesses).toBeGreaterThan(0);
  });
});
