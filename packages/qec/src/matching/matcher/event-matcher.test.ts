/**
 * Shots of a few events are matched from pair lookups (EventMatcher's small-shot path) instead
 * of the event graph and cluster matcher: the two must give the same matching — same pairs, same
 * observables, same weight — including which of several equally light matchings wins a tie.
 */
import { unwrap } from '@verilab/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flattenDem, xorReduce, type FlatDem } from '../../dem/flatten-dem.ts';
import { parseDem } from '../../dem/parse-dem.ts';
import { bytesPerShot } from '../../shots/row-bits.ts';
import { readFixture } from '../../testing/stim-fixtures.ts';
import { MatchingDecoder } from '../decoder.ts';
import { DENSE_MAX_DETECTORS, NoMatchingError } from './event-matcher.ts';

/** The general path only: no shot is small. */
const GENERAL = { smallShotMaxEvents: 2 } as const;

/** A DEM of graph-like errors given as [detectors, probability, observables]. */
function flatDem(numDetectors: number, errors: readonly (readonly [readonly number[], number, readonly number[]])[]): FlatDem {
  return {
    numDetectors,
    numObservables: 2,
    errors: errors.map(([detectors, probability, observables], itemIndex) => {
      const component = { detectors: xorReduce(detectors), observables: xorReduce(observables) };
      return { probability, ...component, components: [component], itemIndex };
    }),
    detectorCoords: new Map(),
  };
}

describe('EventMatcher small shots', () => {
  it('match as the cluster matcher does, ties included, on random graphs with few distinct weights', () => {
    const cases = fc
      .record({
        n: fc.integer({ min: 6, max: 24 }),
        // Two probabilities only, so equally light matchings are common.
        edges: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean(), fc.nat(3)), { minLength: 6, maxLength: 60 }),
      })
      .chain(({ n, edges }) =>
        fc.record({
          dem: fc.constant(
            flatDem(
              n,
              edges.map(([u, v, likely, obs]) => [obs === 3 ? [u % n] : [u % n, v % n], likely ? 0.1 : 0.01, obs < 2 ? [obs] : []] as const),
            ),
          ),
          syndrome: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 3, maxLength: 8 }),
        }),
      );
    fc.assert(
      fc.property(cases, ({ dem, syndrome }) => {
        let small: MatchingDecoder;
        let general: MatchingDecoder;
        try {
          small = MatchingDecoder.fromDem(dem);
          general = MatchingDecoder.fromDem(dem, GENERAL);
        } catch {
          return; // not a matching graph (e.g. an error with no detectors)
        }
        let expected;
        try {
          expected = general.decode(syndrome);
        } catch (error) {
          expect(error).toBeInstanceOf(NoMatchingError);
          expect(() => small.decode(syndrome)).toThrow(NoMatchingError);
          return;
        }
        expect(small.decode(syndrome)).toEqual(expected);
      }),
      { numRuns: 400, seed: 11 },
    );
  });

  it('match as the cluster matcher does in graphs too large for the dense pair table (pairs looked up in partner rows)', () => {
    const n = DENSE_MAX_DETECTORS + 40;
    const cases = fc.record({
      // A ring (so every detector has partners) with random chords and boundary edges, two probabilities.
      chords: fc.array(fc.tuple(fc.nat(n - 1), fc.integer({ min: 1, max: 6 }), fc.boolean(), fc.nat(3)), { minLength: 50, maxLength: 200 }),
      start: fc.nat(n - 1),
      offsets: fc.uniqueArray(fc.nat(30), { minLength: 3, maxLength: 12 }),
    });
    fc.assert(
      fc.property(cases, ({ chords, start, offsets }) => {
        const errors = [
          ...Array.from({ length: n }, (_, i) => [[i, (i + 1) % n], 0.01, i === 0 ? [0] : []] as const),
          ...chords.map(([u, step, likely, obs]) => [obs === 3 ? [u] : [u, (u + step) % n], likely ? 0.1 : 0.01, obs < 2 ? [obs] : []] as const),
        ];
        const dem = flatDem(n, errors);
        // Events close to each other along the ring, so that they interact.
        const syndrome = offsets.map((offset) => (start + offset) % n);
        const expected = MatchingDecoder.fromDem(dem, GENERAL).decode(syndrome);
        expect(MatchingDecoder.fromDem(dem).decode(syndrome)).toEqual(expected);
      }),
      { numRuns: 60, seed: 3 },
    );
  });

  it('predict the same observables as the general path on every si1000 d5 p = 0.001 fixture shot', () => {
    const name = 'si1000_d5_r5_p0.001';
    const flat = flattenDem(unwrap(parseDem(readFixture(name, 'dem.dem')), 'fixture DEM does not parse'));
    const small = MatchingDecoder.fromDem(flat);
    const general = MatchingDecoder.fromDem(flat, GENERAL);
    const lines = readFixture(name, 'dets.01').split('\n').filter((line) => line.length > 0);
    const rowBytes = bytesPerShot(flat.numDetectors);
    const rows = new Uint8Array(lines.length * rowBytes);
    let smallShots = 0;
    lines.forEach((line, shot) => {
      let events = 0;
      for (let d = 0; d < flat.numDetectors; d++) {
        if (line[d] !== '1') continue;
        rows[shot * rowBytes + (d >> 3)]! |= 1 << (d & 7);
        events++;
      }
      if (events >= 3 && events <= 6) smallShots++;
    });
    expect(smallShots).toBeGreaterThan(lines.length / 10);
    expect(small.decodeBatch(rows, lines.length)).toEqual(general.decodeBatch(rows, lines.length));
  });
});
