import { describe, expect, it } from 'vitest';
import { unwrap } from '@verilab/core';
import { CorrelatedMatchingDecoder, flattenDem, MatchingDecoder, parseDem } from '@verilab/qec';
import { customLevelName, levelNamed } from './levels.ts';
import { createLevelPhysics } from './physics-adapter.ts';

// A noisy level, so that correlated and plain matching disagree on some of a few hundred shots.
const resolved = levelNamed(customLevelName({ distance: 5, rounds: 5, p: 0.008 }));
const level = resolved;

describe('the reference decoder with correlatedMatching', () => {
  it('is plain matching by default and correlated matching when asked, frames and flips alike', () => {
    const plain = createLevelPhysics(level);
    const correlated = createLevelPhysics(level, { correlatedMatching: true });
    const parsed = unwrap(parseDem(plain.demText));
    const flat = flattenDem(parsed);
    const reference = { plain: MatchingDecoder.fromDem(flat), correlated: CorrelatedMatchingDecoder.fromDem(flat) };
    let differ = 0;
    for (let seed = 0; seed < 300; seed++) {
      const shot = plain.sample(seed);
      const events = shot.syndromeBits.flatMap((bit, d) => (bit === 1 ? [d] : []));
      const ours = { plain: plain.decode(shot.syndromeBits), correlated: correlated.decode(shot.syndromeBits) };
      expect(ours.plain.observableFlip).toBe(reference.plain.decode(events).observables[0]);
      expect(ours.correlated.observableFlip).toBe(reference.correlated.decode(events).observables[0]);
      if (ours.plain.observableFlip !== ours.correlated.observableFlip) {
        differ++;
        expect(ours.plain.frame).not.toEqual(ours.correlated.frame);
      }
    }
    expect(differ).toBeGreaterThan(0);
  });
});
