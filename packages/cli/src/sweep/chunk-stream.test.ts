import { describe, expect, it } from 'vitest';
import { chunkRng } from './chunk-stream.ts';

const draws = (rng: { nextUint32(): number }, n = 4) => Array.from({ length: n }, () => rng.nextUint32());

describe('chunkRng', () => {
  it('is a fixed function of (seed, strong id, chunk): frozen so sweep results stay reproducible', () => {
    expect(draws(chunkRng(0, 'abc', 0))).toEqual(draws(chunkRng(0, 'abc', 0)));
    expect(draws(chunkRng(0, 'abc', 0))).toMatchInlineSnapshot(`
      [
        2404797755,
        2073122321,
        380689531,
        2943932890,
      ]
    `);
  });

  it('gives different streams to different chunks, tasks and seeds', () => {
    const streams = [chunkRng(0, 'abc', 0), chunkRng(0, 'abc', 1), chunkRng(0, 'abd', 0), chunkRng(1, 'abc', 0)].map((rng) => draws(rng).join());
    expect(new Set(streams).size).toBe(4);
  });
});
