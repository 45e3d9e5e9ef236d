import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { xorReduce, type FlatDem, type FlatError } from '../dem/flatten-dem.ts';
import { allPairsDistances, oracleMatchingWeight } from './testing/all-pairs-oracle.ts';
import { bruteForce } from './testing/brute-force.ts';
import { MatchingDecoder } from './decoder.ts';
import { decoderFrame } from './decoder-frame.ts';
import { NoMatchingError } from './matcher/event-matcher.ts';
import { BOUNDARY } from './graph/matching-graph.ts';

interface Component {
  readonly detectors: number[];
  readonly observables: number[];
}

function flatDem(numDetectors: number, numObservables: number, errors: { p: number; components: Component[] }[]): FlatDem {
  const flatErrors: FlatError[] = errors.map(({ p, components }, itemIndex) => {
    const reduced = components.map((c) => ({ detectors: xorReduce(c.detectors), observables: xorReduce(c.observables) }));
    return {
      probability: p,
      detectors: xorReduce(reduced.flatMap((c) => c.detectors)),
      observables: xorReduce(reduced.flatMap((c) => c.observables)),
      components: reduced,
      itemIndex,
    };
  });
  return { numDetectors, numObservables, errors: flatErrors, detectorCoords: new Map() };
}

const N_QUBITS = 6;
const parityOf = (x: number) => {
  let p = 0;
  for (; x; x &= x - 1) p ^= 1;
  return p;
};

/**
 * Random small DEMs whose components each carry a random X frame on 6 qubits, with the
 * observable L0 defined as the frame's parity on a fixed support — as in a real memory
 * experiment, where that consistency holds by construction.
 */
const cases = fc
  .record({
    n: fc.integer({ min: 1, max: 7 }),
    support: fc.integer({ min: 1, max: (1 << N_QUBITS) - 1 }),
    negative: fc.boolean(),
  })
  .chain(({ n, support, negative }) =>
    fc.record({
      n: fc.constant(n),
      support: fc.constant(support),
      errors: fc.array(
        fc.record({
          p: negative ? fc.double({ min: 0.001, max: 0.9, noNaN: true }) : fc.double({ min: 0.001, max: 0.45, noNaN: true }),
          parts: fc.array(
            fc.record({
              detectors: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 2 }),
              frame: fc.integer({ min: 0, max: (1 << N_QUBITS) - 1 }),
            }),
            { minLength: 1, maxLength: 2 },
          ),
        }),
        { minLength: 1, maxLength: 11 },
      ),
      syndrome: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }),
    }),
  )
  .map(({ n, support, errors, syndrome }) => {
    const frames = errors.map((e) => e.parts.map((part) => ({ x: bitsOf(part.frame), z: [] as number[] })));
    const dem = flatDem(
      n,
      1,
      errors.map((e) => ({
        p: e.p,
        components: e.parts.map((part) => ({
          detectors: part.detectors,
          observables: parityOf(part.frame & support) ? [0] : [],
        })),
      })),
    );
    return { dem, frames, support, syndrome };
  });

function bitsOf(x: number): number[] {
  const out: number[] = [];
  for (let q = 0; q < N_QUBITS; q++) if ((x >> q) & 1) out.push(q);
  return out;
}

describe('MatchingDecoder (exact MWPM)', () => {
  it('matches brute force on random small graphs and syndromes; frames agree with predictions', () => {
    fc.assert(
      fc.property(cases, ({ dem, frames, support, syndrome }) => {
        const decoder = MatchingDecoder.fromDem(dem);
        fc.pre(decoder.graph.edges.length <= 12);
        const expected = bruteForce(decoder.graph, new Set(syndrome));
        if (expected.weight === Number.POSITIVE_INFINITY) {
          expect(() => decoder.decode(syndrome)).toThrow(NoMatchingError);
          return;
        }
        const result = decoder.decode(syndrome);
        expect(result.integerWeight).toBe(expected.weight);
        expect(expected.masks.has(result.observables[0]!)).toBe(true);

        // The matched paths are real: they flip exactly the syndrome, with the stated weight and observables.
        const flipped = new Map<number, number>();
        let weight = 0;
        let mask = 0;
        const use = (e: number, edgeWeight: number) => {
          const edge = decoder.graph.edges[e]!;
          for (const d of edge.b === BOUNDARY ? [edge.a] : [edge.a, edge.b]) flipped.set(d, (flipped.get(d) ?? 0) ^ 1);
          weight += edgeWeight;
          for (const o of edge.observables) mask ^= 1 << o;
        };
        // Negative edges are fired up front at weight w; a path through one un-fires it at |w|.
        for (const e of result.alwaysFired) use(e, decoder.graph.edges[e]!.integerWeight);
        for (const e of result.matched.flatMap((m) => m.edges)) use(e, Math.abs(decoder.graph.edges[e]!.integerWeight));
        expect([...flipped].filter(([, v]) => v).map(([d]) => d).sort((a, b) => a - b)).toEqual([...syndrome].sort((a, b) => a - b));
        expect(weight).toBe(result.integerWeight);
        expect(mask).toBe(result.observables[0]);

        // Frame/observable parity property.
        const frame = decoderFrame(decoder.graph, result, frames);
        const frameBits = frame.x.reduce((acc, q) => acc | (1 << q), 0);
        expect(parityOf(frameBits & support)).toBe(result.observables[0]);
      }),
      { numRuns: 1500, seed: 2024 },
    );
  });

  it('decodeBatch equals decode shot by shot, including negative weights and padding bits', () => {
    fc.assert(
      fc.property(cases, fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }), ({ dem }, noise) => {
        const decoder = MatchingDecoder.fromDem(dem);
        const n = decoder.numDetectors;
        // Rows carry one extra garbage byte beyond the detectors (e.g. appended observables).
        const rowBytes = Math.ceil(n / 8) + 1;
        const shots = noise.length;
        const rows = new Uint8Array(shots * rowBytes);
        noise.forEach((value, shot) => {
          rows[shot * rowBytes] = value;
          rows[shot * rowBytes + rowBytes - 1] = 0xff;
        });
        const events = (shot: number) => [...Array(n).keys()].filter((d) => d < 8 && ((noise[shot]! >> d) & 1));
        const expected: number[] = [];
        for (let shot = 0; shot < shots; shot++) {
          try {
            expected.push(decoder.decode(events(shot)).observables[0]!);
          } catch (error) {
            expect(error).toBeInstanceOf(NoMatchingError);
            return;
          }
        }
        expect(Array.from(decoder.decodeBatch(rows, shots, rowBytes))).toEqual(expected);
      }),
      { numRuns: 500, seed: 99 },
    );
  });

  it('blossom and subset DP find the same minimum on random graphs with many events', () => {
    const graphsWithShots = fc
      .record({ n: fc.integer({ min: 8, max: 30 }), seedEdges: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 400 })), { minLength: 10, maxLength: 90 }) })
      .chain(({ n, seedEdges }) =>
        fc.record({
          dem: fc.constant(
            flatDem(
              n,
              2,
              seedEdges.map(([u, v, q]) => ({
                p: q / 1000,
                components: [{ detectors: u % 4 === 0 ? [v % n] : [u % n, v % n].filter((d, i, all) => all.indexOf(d) === i), observables: q % 3 === 0 ? [q % 2] : [] }],
              })),
            ),
          ),
          syndrome: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 3, maxLength: 16 }),
        }),
      );
    fc.assert(
      fc.property(graphsWithShots, ({ dem, syndrome }) => {
        const byDp = MatchingDecoder.fromDem(dem, { dpMaxEvents: 16 });
        const byBlossom = MatchingDecoder.fromDem(dem, { dpMaxEvents: 2 });
        let expected: number;
        try {
          expected = byDp.decode(syndrome).integerWeight;
        } catch (error) {
          expect(error).toBeInstanceOf(NoMatchingError);
          expect(() => byBlossom.decode(syndrome)).toThrow(NoMatchingError);
          return;
        }
        expect(byBlossom.decode(syndrome).integerWeight).toBe(expected);
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('equals an independent MWPM (edmonds-blossom-fixed with boundary twins) on clusters of up to 40 events', () => {
    const cases = fc
      .record({ n: fc.integer({ min: 20, max: 60 }), seed: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 300 })), { minLength: 40, maxLength: 150 }) })
      .chain(({ n, seed }) =>
        fc.record({
          dem: fc.constant(
            flatDem(
              n,
              1,
              // A ring of detectors (so everything is connected) plus random chords and boundary edges.
              [
                ...Array.from({ length: n }, (_, i) => ({ p: 0.01, components: [{ detectors: [i, (i + 1) % n], observables: i === 0 ? [0] : [] }] })),
                ...seed.map(([u, v, q]) => ({ p: q / 1000, components: [{ detectors: u % 3 === 0 ? [v % n] : [u % n, v % n], observables: q % 4 === 0 ? [0] : [] }] })),
              ],
            ),
          ),
          syndrome: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 12, maxLength: 40 }),
        }),
      );
    fc.assert(
      fc.property(cases, ({ dem, syndrome }) => {
        const decoder = MatchingDecoder.fromDem(dem);
        fc.pre(decoder.graph.edges.some((e) => e.b === BOUNDARY));
        const events = [...syndrome].sort((a, b) => a - b);
        const expected = oracleMatchingWeight(allPairsDistances(decoder.graph), decoder.numDetectors, events);
        expect(decoder.decode(events).integerWeight).toBe(expected);
      }),
      { numRuns: 150, seed: 17 },
    );
  });

  it('solves large clusters exactly (blossom path) — agrees with a path-graph DP', () => {
    // A path of 24 detectors with the boundary at one end: the events form one big cluster.
    const n = 24;
    const errors = Array.from({ length: n }, (_, i) => ({
      p: 0.01 + 0.01 * (i % 5),
      components: [{ detectors: i === n - 1 ? [i] : [i, i + 1], observables: i === 5 ? [0] : [] }],
    }));
    const decoder = MatchingDecoder.fromDem(flatDem(n, 1, errors));
    const syndrome = [0, 1, 3, 4, 6, 7, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];
    const result = decoder.decode(syndrome);
    // On a path graph the optimum is a dynamic program over positions: compare with it.
    const w = decoder.graph.edges.map((e) => Math.abs(e.integerWeight));
    const fired = new Set(syndrome);
    // f[i][c]: min weight for detectors < i with carry c (an open path entering detector i).
    let f = [0, Number.POSITIVE_INFINITY];
    for (let i = 0; i < n; i++) {
      const next = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
      for (const carry of [0, 1]) {
        for (const use of [0, 1]) {
          if ((carry ^ use) !== (fired.has(i) ? 1 : 0)) continue;
          next[use] = Math.min(next[use]!, f[carry]! + (use ? w[i]! : 0));
        }
      }
      f = next;
    }
    expect(result.integerWeight).toBe(Math.min(f[0]!, f[1]!));
  });

  it('handles more than 32 observables and DEMs without detectors', () => {
    const many = MatchingDecoder.fromDem(
      flatDem(2, 41, [
        { p: 0.1, components: [{ detectors: [0], observables: [40, 3] }] },
        { p: 0.2, components: [{ detectors: [0, 1], observables: [33] }] },
        { p: 0.05, components: [{ detectors: [1], observables: [] }] },
      ]),
    );
    const result = many.decode([0]);
    expect([...result.observables.keys()].filter((o) => result.observables[o])).toEqual([3, 40]);
    const packed = many.decodeBatch(Uint8Array.of(0b01, 0b11), 2);
    expect(packed.length).toBe(2 * 6);
    const bitsOf = (shot: number) => [...Array(41).keys()].filter((o) => (packed[shot * 6 + (o >> 3)]! >> (o & 7)) & 1);
    expect(bitsOf(0)).toEqual([3, 40]);
    expect(bitsOf(1)).toEqual([33]); // D0 D1 together: the 0.2 edge beats both boundary edges
    const none = MatchingDecoder.fromDem(flatDem(0, 1, [{ p: 0.1, components: [{ detectors: [], observables: [0] }] }]));
    expect(Array.from(none.decodeBatch(new Uint8Array(0), 3))).toEqual([0, 0, 0]);
  });

  it('rejects out-of-range detection events with a clear message', () => {
    const decoder = MatchingDecoder.fromDem(flatDem(3, 1, [{ p: 0.1, components: [{ detectors: [0, 1], observables: [] }] }]));
    expect(() => decoder.decode([3])).toThrow(/detection event 3 is not a detector of this DEM \(it has 3: D0..D2\)/);
  });
});
