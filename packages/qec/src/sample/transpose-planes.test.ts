import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '@verilab/core';
import { transpose32, transposePlanesToRows } from './transpose-planes.ts';

describe('transpose32', () => {
  it('moves bit s of word i to bit i of word s', () => {
    const rng = Xoshiro128.fromSeed(3);
    const input = Int32Array.from({ length: 32 }, () => rng.nextUint32() | 0);
    const block = input.slice();
    transpose32(block);
    for (let i = 0; i < 32; i++) {
      for (let s = 0; s < 32; s++) expect((block[s]! >>> i) & 1).toBe((input[i]! >>> s) & 1);
    }
  });
});

describe('transposePlanesToRows', () => {
  // Dense blocks take the transpose path, sparse ones the bit-by-bit path.
  it.each([
    [1, 1, 0, 'dense'],
    [7, 33, 2, 'dense'],
    [32, 64, 0, 'dense'],
    [45, 100, 5, 'sparse'],
    [70, 1024, 1, 'dense'],
    [70, 1000, 1, 'sparse'],
  ])('writes %i planes of %i shots into b8 rows (first plane %i, %s)', (count, shots, firstPlane, density) => {
    const rng = Xoshiro128.fromSeed(count * 1000 + shots);
    const words = (shots + 31) >>> 5;
    const planes = firstPlane + count + 1;
    const draw = () => rng.nextUint32() & rng.nextUint32();
    const state = Uint32Array.from({ length: planes * words }, () =>
      density === 'dense' ? draw() : draw() & draw() & rng.nextUint32(),
    );
    const rowBytes = (count + 7) >>> 3;
    const firstRow = 3;
    const out = new Uint8Array((firstRow + shots) * rowBytes);
    transposePlanesToRows(state, words, firstPlane, count, shots, out, rowBytes, firstRow, new Int32Array(32));
    const expected = new Uint8Array(out.length);
    for (let shot = 0; shot < shots; shot++) {
      for (let k = 0; k < count; k++) {
        const bit = (state[(firstPlane + k) * words + (shot >>> 5)]! >>> (shot & 31)) & 1;
        expected[(firstRow + shot) * rowBytes + (k >>> 3)]! |= bit << (k & 7);
      }
    }
    expect(out).toEqual(expected);
  });
});
