import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bitWidths, packedRows } from '../testing/packed-rows.ts';
import { bytesPerShot, concatRowBits, getRowBit, lastByteMask, sliceRowBits } from './row-bits.ts';


const bitsOf = (rows: Uint8Array, bits: number, shots: number): boolean[][] =>
  Array.from({ length: shots }, (_, s) => Array.from({ length: bits }, (_, k) => getRowBit(rows, bits, s, k)));

describe('row layout', () => {
  it('packs ceil(bits / 8) bytes per shot, LSB first', () => {
    expect([0, 1, 7, 8, 9, 64, 65].map(bytesPerShot)).toEqual([0, 1, 1, 1, 2, 8, 9]);
    expect(lastByteMask(3)).toBe(0b111);
    expect(lastByteMask(16)).toBe(0xff);
    const rows = Uint8Array.of(0b0000_0101, 0b1, 0, 0b10);
    expect(bitsOf(rows, 9, 2)).toEqual([
      [true, false, true, false, false, false, false, false, true],
      [false, false, false, false, false, false, false, false, false],
    ]);
  });
});

describe('concatRowBits / sliceRowBits', () => {
  const widths = bitWidths();
  const tables = fc
    .record({ aBits: widths, bBits: widths, shots: fc.integer({ min: 0, max: 6 }) })
    .chain(({ aBits, bBits, shots }) =>
      fc.record({
        aBits: fc.constant(aBits),
        bBits: fc.constant(bBits),
        shots: fc.constant(shots),
        a: packedRows(aBits, shots),
        b: packedRows(bBits, shots),
      }),
    );

  it('concatenates bit by bit and slices back to the parts', () => {
    fc.assert(
      fc.property(tables, ({ aBits, bBits, shots, a, b }) => {
        const joined = concatRowBits(a, aBits, b, bBits, shots);
        expect(joined.length).toBe(shots * bytesPerShot(aBits + bBits));
        const expected = bitsOf(a, aBits, shots).map((row, s) => [...row, ...bitsOf(b, bBits, shots)[s]!]);
        expect(bitsOf(joined, aBits + bBits, shots)).toEqual(expected);
        // Padding stays zero, so the result is valid b8.
        const rowBytes = bytesPerShot(aBits + bBits);
        for (let s = 0; s < shots; s++) {
          expect(joined[(s + 1) * rowBytes - 1]! & ~lastByteMask(aBits + bBits) & 0xff).toBe(0);
        }
        expect(sliceRowBits(joined, aBits + bBits, 0, aBits, shots)).toEqual(a);
        expect(sliceRowBits(joined, aBits + bBits, aBits, bBits, shots)).toEqual(b);
      }),
      { numRuns: 300 },
    );
  });

  it('ignores dirty padding in the first table', () => {
    const joined = concatRowBits(Uint8Array.of(0xff), 3, Uint8Array.of(0), 2, 1);
    expect(joined).toEqual(Uint8Array.of(0b111));
  });

  it('rejects a slice outside the row', () => {
    expect(() => sliceRowBits(new Uint8Array(2), 9, 5, 5, 1)).toThrow(/outside a 9-bit row/);
  });
});
