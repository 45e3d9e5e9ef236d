import { describe, expect, it } from 'vitest';
import { intraChannelPieces } from './intra-channel-decomposition.ts';

/** Masks over involved detectors for combinations k = 0..2^s-1 from the basis masks. */
function masks(basis: readonly number[]): number[] {
  const out = new Array<number>(1 << basis.length).fill(0);
  for (let k = 1; k < out.length; k++) out[k] = basis.reduce((m, b, i) => ((k >> i) & 1 ? m ^ b : m), 0);
  return out;
}

describe('intraChannelPieces', () => {
  it('splits Y into its single-detector Z and X cases (even though D0 D1 looks graph-like)', () => {
    const m = masks([0b01, 0b10]); // Z → D0, X → D1
    expect(intraChannelPieces(m)).toEqual([[0], [1], [2], [1, 2]]);
  });

  it('keeps irreducible pairs and splits products of them', () => {
    const m = masks([0b0011, 0b1100]); // Z → D0 D1, X → D2 D3: Y = both pairs
    expect(intraChannelPieces(m)).toEqual([[0], [1], [2], [1, 2]]);
  });

  it('uses one pair plus singles, or leaves a case whole for the global pass', () => {
    // Z → D0 D1 (irreducible), X → D2 (single): Y = D0 D1 D2 = pair + single.
    const m = masks([0b011, 0b100]);
    expect(intraChannelPieces(m)[3]).toEqual([1, 2]);
    // Z → D0 D1 D2 alone: nothing to split with.
    const lone = masks([0b111]);
    expect(intraChannelPieces(lone)).toEqual([[0], [1]]);
  });

  it('orders two pairs by their target sequences: by their lowest detectors', () => {
    // Four basis cases on disjoint pairs; combination 0b0101 = the pairs of cases 1 and 4.
    const m = masks([0b000011, 0b001100, 0b110000, 0b001100 ^ 0b000011]);
    expect(intraChannelPieces(m)[5]).toEqual([1, 4]);
    // Case 4's pair (D0 D1) now holds the lower detector: it is printed first.
    const swapped = masks([0b110000, 0b001100, 0b000011, 0b001100 ^ 0b110000]);
    expect(intraChannelPieces(swapped)[5]).toEqual([4, 1]);
  });
});
