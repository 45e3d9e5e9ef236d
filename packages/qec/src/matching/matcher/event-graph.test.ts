import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allPairsDistances } from '../testing/all-pairs-oracle.ts';
import { buildDetectorGraph } from '../graph/detector-graph.ts';
import { EventGraph } from './event-graph.ts';
import { BOUNDARY, type MatchingEdge, type MatchingGraph } from '../graph/matching-graph.ts';
import { PairSearch, pairRoot } from '../search/pair-search.ts';

const edge = (a: number, b: number, w: number): MatchingEdge => {
  const source = { errorIndex: 0, componentIndex: 0, probability: 0.1 };
  return { a, b, probability: 0.1, weight: w, integerWeight: 2 * w, observables: [], sources: [source], frameSource: source };
};

/**
 * A random matching graph: a path through all detectors plus random chords and boundary edges
 * (some detectors may lack a boundary), with small weights so that ties d(i, j) = b(i) + b(j) —
 * pairs that must be left out — are common; or a plain path with the boundary at both ends.
 */
const graphs = fc
  .record({
    n: fc.integer({ min: 2, max: 200 }),
    chords: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 6 })), { maxLength: 300 }),
    boundaries: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 6 })), { maxLength: 40 }),
    pathWeight: fc.integer({ min: 1, max: 6 }),
    plainPath: fc.boolean(),
  })
  .map(({ n, chords, boundaries, pathWeight, plainPath }): MatchingGraph => {
    const edges: MatchingEdge[] = [];
    for (let d = 0; d + 1 < n; d++) edges.push(edge(d, d + 1, pathWeight));
    if (plainPath) {
      edges.push(edge(0, BOUNDARY, pathWeight), edge(n - 1, BOUNDARY, pathWeight));
    } else {
      for (const [a, b, w] of chords) if (a % n !== b % n) edges.push(edge(Math.min(a % n, b % n), Math.max(a % n, b % n), w));
      for (const [a, w] of boundaries) edges.push(edge(a % n, BOUNDARY, w));
    }
    return { numDetectors: n, numObservables: 0, edges, weightScale: 1 };
  });

const cases = graphs.chain((graph) =>
  fc.record({
    graph: fc.constant(graph),
    events: fc.uniqueArray(fc.integer({ min: 0, max: graph.numDetectors - 1 }), { minLength: 1, maxLength: 80 }).map((e) => e.sort((a, b) => a - b)),
  }),
);

/** Builds the graph of `events` and checks it against the definition, with Floyd–Warshall distances. */
function expectGraphOf(matchingGraph: MatchingGraph, events: number[]): void {
  const graph = new EventGraph(buildDetectorGraph(matchingGraph));
  const { dist, boundaryDist } = allPairsDistances(matchingGraph);
  const n = matchingGraph.numDetectors;
  const k = events.length;
  // Build twice: scratch state from the first shot must not leak into the second.
  graph.build(Int32Array.from(events.slice().reverse().slice(0, 1)), 1);
  graph.build(Int32Array.from(events), k);
  const expected: [number, number, number][] = [];
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const d = dist[events[i]! * n + events[j]!]!;
      if (d < boundaryDist[events[i]!]! + boundaryDist[events[j]!]!) expected.push([i, j, d]);
    }
  }
  // Each useful pair once, listed from its root's row.
  const listed = Array.from({ length: graph.pairs }, (_, e) => {
    const [u, v] = [graph.pairU[e]!, graph.pairV[e]!];
    expect(events[u]).toBe(pairRoot(boundaryDist, events[u]!, events[v]!));
    expect(graph.firstPair[u]! <= e && e < graph.firstPair[u + 1]!).toBe(true);
    expect(graph.pairBetween(v, u)).toBe(e);
    return [Math.min(u, v), Math.max(u, v), graph.pairDist[e]!] as [number, number, number];
  });
  const order = (x: [number, number, number], y: [number, number, number]) => x[0] - y[0] || x[1] - y[1];
  expect(listed.sort(order)).toEqual(expected);
  expect(graph.firstPair[k]).toBe(graph.pairs);
  expect(graph.unbounded).toBe(events.some((e) => boundaryDist[e] === Number.POSITIVE_INFINITY));
  // Nearest partner: a pair of least distance at each event.
  for (let i = 0; i < k; i++) {
    const at = expected.filter(([u, v]) => u === i || v === i);
    const e = graph.nearestPair[i]!;
    if (at.length === 0) expect([e, graph.nearestDist[i]]).toEqual([-1, Number.POSITIVE_INFINITY]);
    else expect([graph.pairDist[e], graph.nearestDist[i]]).toEqual(Array(2).fill(Math.min(...at.map(([, , d]) => d))));
  }
  // Components: the root is the least event, reached through useful pairs.
  const root = events.map((_, i) => i);
  const find = (i: number): number => (root[i] === i ? i : find(root[i]!));
  for (const [u, v] of expected) {
    const [a, b] = [find(u), find(v)];
    root[Math.max(a, b)] = Math.min(a, b);
  }
  expect(Array.from(graph.component.subarray(0, k))).toEqual(events.map((_, i) => find(i)));
}

describe('EventGraph (useful pairs of a shot)', () => {
  it('lists exactly the pairs with d(i, j) < b(i) + b(j), with their distances, nearest partners and components', () => {
    fc.assert(
      fc.property(cases, ({ graph, events }) => expectGraphOf(graph, events)),
      { numRuns: 300, seed: 41 },
    );
  });

  it('prices from an event: a search with reach r settles every detector v with d < r + b(v) within the cap, at its distance', () => {
    const pricing = graphs.chain((graph) =>
      fc.record({
        graph: fc.constant(graph),
        root: fc.integer({ min: 0, max: graph.numDetectors - 1 }),
        reach: fc.integer({ min: 0, max: 40 }),
        cap: fc.integer({ min: 0, max: 80 }),
      }),
    );
    fc.assert(
      fc.property(pricing, ({ graph, root, reach, cap }) => {
        const detectors = buildDetectorGraph(graph);
        const { boundaryDist } = allPairsDistances(graph);
        // The search walks detector–detector edges only: distances not through the boundary.
        const { dist } = allPairsDistances({ ...graph, edges: graph.edges.filter((e) => e.b !== BOUNDARY) });
        const n = graph.numDetectors;
        const settled = new Map<number, number>();
        new PairSearch(detectors).run(root, (v, d) => settled.set(v, d), cap, reach);
        for (let v = 0; v < n; v++) {
          const d = dist[root * n + v]!;
          if (v !== root && d <= cap && d < reach + boundaryDist[v]!) expect(settled.get(v)).toBe(d);
        }
        // Anything else it settles is no nearer than the search says.
        for (const [v, d] of settled) expect(d).toBeGreaterThanOrEqual(dist[root * n + v]!);
      }),
      { numRuns: 200, seed: 43 },
    );
  });

  it('leaves out pairs exactly as costly as the boundary, however far apart', () => {
    // A path of 201 detectors with the boundary at both ends: d(0, 101) = b(0) + b(101) = 101 steps.
    const n = 201;
    const edges = [edge(0, BOUNDARY, 1), edge(n - 1, BOUNDARY, 1)];
    for (let d = 0; d + 1 < n; d++) edges.push(edge(d, d + 1, 1));
    const graph = { numDetectors: n, numObservables: 0, edges, weightScale: 1 };
    expectGraphOf(graph, [0, 5, 101]);
    expectGraphOf(graph, [0, 100]); // d = 100 < b(0) + b(100) = 1 + 101
    expectGraphOf(graph, [0, 101]); // d = 101 = b(0) + b(101): not useful
    expectGraphOf(graph, [40, 160]);
    expectGraphOf(graph, [0, 1, 2, 3, 4, 5, 101]);
    expectGraphOf(graph, [0, 100, 99, 101, 150].sort((a, b) => a - b)); // the middle detectors are 100 steps from both ends
  });

  it('searches every connected detector from an event with no path to the boundary', () => {
    // Two paths of 60 detectors, one with no boundary edge at all.
    const edges = [edge(0, BOUNDARY, 1)];
    for (let d = 0; d + 1 < 60; d++) edges.push(edge(d, d + 1, 1), edge(60 + d, 61 + d, 1));
    const graph = { numDetectors: 120, numObservables: 0, edges, weightScale: 1 };
    expectGraphOf(graph, [3, 59, 60, 119]);
  });
});
