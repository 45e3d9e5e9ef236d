/**
 * decodeBatch reads each packed row's detectors four bytes at a time, then byte by byte, then
 * the masked tail byte: whatever the number of detectors and whatever follows them in the row,
 * it must predict what decode() predicts from the list of the row's detectors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlatDem } from '../dem/flatten-dem.ts';
import { MatchingDecoder } from './decoder.ts';

/** A chain of n detectors with both ends on the boundary, the observable on every third edge and the last one. */
function chainDem(n: number): FlatDem {
  const errors = Array.from({ length: n + 1 }, (_, i) => {
    const detectors = [i - 1, i].filter((d) => d >= 0 && d < n);
    const observables = i % 3 === 0 || i === n ? [0] : [];
    return { probability: 0.01 + (i % 5) / 100, detectors, observables, components: [{ detectors, observables }], itemIndex: i };
  });
  return { numDetectors: n, numObservables: 1, errors, detectorCoords: new Map() };
}

describe('MatchingDecoder.decodeBatch', () => {
  it('predicts from every detector of a row and nothing after them, as decode() does', () => {
    const cases = fc.record({
      n: fc.integer({ min: 1, max: 90 }),
      extraBytes: fc.integer({ min: 0, max: 3 }),
      seed: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 8 * 15, maxLength: 8 * 15 }),
      density: fc.integer({ min: 1, max: 40 }),
    });
    fc.assert(
      fc.property(cases, ({ n, extraBytes, seed, density }) => {
        const decoder = MatchingDecoder.fromDem(chainDem(n));
        const rowBytes = Math.ceil(n / 8) + extraBytes;
        const shots = 8;
        const rows = new Uint8Array(shots * rowBytes);
        // Sparse detector bits, and random bits in the padding and the bytes after the detectors.
        for (let i = 0; i < rows.length; i++) {
          const byte = seed[i % seed.length]!;
          const inRow = (i % rowBytes) * 8;
          let bits = 0;
          for (let b = 0; b < 8; b++) if (inRow + b >= n ? byte & (1 << b) : (byte * 37 + b * 11) % 100 < density) bits |= 1 << b;
          rows[i] = bits;
        }
        const predictions = decoder.decodeBatch(rows, shots, rowBytes);
        for (let shot = 0; shot < shots; shot++) {
          const events = [];
          for (let d = 0; d < n; d++) if ((rows[shot * rowBytes + (d >> 3)]! >> (d & 7)) & 1) events.push(d);
          expect(predictions[shot]).toBe(decoder.decode(events).observables[0]);
        }
      }),
      { numRuns: 200, seed: 17 },
    );
  });
});
