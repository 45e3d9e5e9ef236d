/** Test-only generators of packed shot rows (shots/row-bits.ts layout) for property tests. */
import fc from 'fast-check';
import { bytesPerShot, lastByteMask } from '../shots/row-bits.ts';

/** `shots` random rows of `bits` bits with zero padding, as every producer writes them. */
export function packedRows(bits: number, shots: number): fc.Arbitrary<Uint8Array> {
  const rowBytes = bytesPerShot(bits);
  return fc.uint8Array({ minLength: shots * rowBytes, maxLength: shots * rowBytes }).map((rows) => {
    if (rowBytes === 0) return rows;
    for (let last = rowBytes - 1; last < rows.length; last += rowBytes) rows[last]! &= lastByteMask(bits);
    return rows;
  });
}

/** Random bit widths, always including the edge cases 0, 1, 7, 8, 9 and 64. */
export const bitWidths = (max = 80): fc.Arbitrary<number> =>
  fc.oneof(fc.constantFrom(0, 1, 7, 8, 9, 64), fc.integer({ min: 0, max }));
