import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import oracle from 'edmonds-blossom-fixed';
import { BlossomMatcher, maxWeightMatching } from './blossom.ts';

interface Graph {
  readonly n: number;
  readonly edges: readonly (readonly [number, number, number])[];
}

/** Random simple graphs with even integer weights (the decoder's kind). */
const graphs = (maxVertices: number, maxWeight: number) =>
  fc.integer({ min: 1, max: maxVertices }).chain((n) =>
    fc
      .uniqueArray(
        fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: maxWeight })),
        { selector: ([u, v]) => `${Math.min(u, v)},${Math.max(u, v)}`, maxLength: (n * (n - 1)) / 2 },
      )
      .map((raw): Graph => ({ n, edges: raw.filter(([u, v]) => u !== v).map(([u, v, w]) => [u, v, 2 * w] as const) })),
  );

function solve(graph: Graph, maxCardinality: boolean): Int32Array {
  return maxWeightMatching(
    graph.n,
    graph.edges.map((e) => e[0]),
    graph.edges.map((e) => e[1]),
    graph.edges.map((e) => e[2]),
    maxCardinality,
  );
}

/** Checks mate is a matching of the graph and returns [cardinality, weight]. */
function score(graph: Graph, mate: ArrayLike<number>): [number, number] {
  const weightOf = new Map(graph.edges.map(([u, v, w]) => [`${Math.min(u, v)},${Math.max(u, v)}`, w]));
  let cardinality = 0;
  let weight = 0;
  for (let v = 0; v < graph.n; v++) {
    const m = mate[v]!;
    if (m < 0 || m < v) continue;
    expect(mate[m]).toBe(v);
    const w = weightOf.get(`${v},${m}`);
    expect(w).toBeDefined();
    cardinality++;
    weight += w!;
  }
  return [cardinality, weight];
}

/** Best [cardinality, weight] over all matchings, by enumeration (lexicographic when maxCardinality). */
function bruteForce(graph: Graph, maxCardinality: boolean): [number, number] {
  let best: [number, number] = [0, 0];
  const used = new Array<boolean>(graph.n).fill(false);
  const visit = (k: number, cardinality: number, weight: number): void => {
    if (k === graph.edges.length) {
      const better = maxCardinality
        ? cardinality > best[0] || (cardinality === best[0] && weight > best[1])
        : weight > best[1];
      if (better) best = [cardinality, weight];
      return;
    }
    visit(k + 1, cardinality, weight);
    const [u, v, w] = graph.edges[k]!;
    if (!used[u] && !used[v]) {
      used[u] = used[v] = true;
      visit(k + 1, cardinality + 1, weight + w);
      used[u] = used[v] = false;
    }
  };
  visit(0, 0, 0);
  return best;
}

/**
 * Checks that the solver's duals certify its matching optimal (LP duality for Edmonds' matching
 * polytope): integral, non-negative vertex and blossom duals, no edge with negative slack, matched
 * edges tight, single vertices at dual zero. The decoder's cluster pricing relies on these duals.
 */
function expectCertificate(matcher: BlossomMatcher, graph: Graph): void {
  for (let x = 0; x < graph.n; x++) {
    expect(Number.isInteger(matcher.dual[x])).toBe(true);
    expect(matcher.dual[x]).toBeGreaterThanOrEqual(0);
    if (matcher.mateOf(x) < 0) expect(matcher.dual[x]).toBe(0);
  }
  for (let b = graph.n; b < 2 * graph.n; b++) if (matcher.blossomBase[b]! >= 0) expect(matcher.dual[b]).toBeGreaterThanOrEqual(0);
  for (const [u, v, w] of graph.edges) {
    const slack = matcher.edgeSlack(u, v, w);
    expect(slack).toBeGreaterThanOrEqual(0);
    if (matcher.mateOf(u) === v) expect(slack).toBe(0);
  }
}

function solveWith(matcher: BlossomMatcher, graph: Graph, start?: { dual: number[]; mateEdge: number[] }): Int32Array {
  const [us, vs, ws] = [0, 1, 2].map((c) => graph.edges.map((e) => e[c]!));
  if (start === undefined) matcher.solve(graph.n, graph.edges.length, us!, vs!, ws!);
  else matcher.solveFrom(graph.n, graph.edges.length, us!, vs!, ws!, start.dual, start.mateEdge);
  return Int32Array.from({ length: graph.n }, (_, x) => matcher.mateOf(x));
}

describe('maxWeightMatching', () => {
  it('solves small cases by hand', () => {
    expect(Array.from(solve({ n: 0, edges: [] }, true))).toEqual([]);
    expect(Array.from(solve({ n: 2, edges: [[0, 1, 4]] }, false))).toEqual([1, 0]);
    // A path a-b-c-d: the heavy middle edge alone beats the two ends unless cardinality counts.
    const path: Graph = { n: 4, edges: [[0, 1, 2], [1, 2, 10], [2, 3, 2]] };
    expect(Array.from(solve(path, false))).toEqual([-1, 2, 1, -1]);
    expect(Array.from(solve(path, true))).toEqual([1, 0, 3, 2]);
  });

  it('needs blossoms: odd cycles with pendant edges', () => {
    // Triangle 0-1-2 with pendants 2-3 and 0-4, the classic case where a blossom must shrink.
    const graph: Graph = { n: 5, edges: [[0, 1, 8], [1, 2, 8], [0, 2, 8], [2, 3, 6], [0, 4, 6]] };
    expect(score(graph, solve(graph, true))).toEqual([2, 14]);
    expect(score(graph, solve(graph, true))).toEqual(bruteForce(graph, true));
  });

  it('equals brute force on random small graphs (both modes)', () => {
    fc.assert(
      fc.property(graphs(9, 12), fc.boolean(), (graph, maxCardinality) => {
        const [cardinality, weight] = score(graph, solve(graph, maxCardinality));
        const [bestCardinality, bestWeight] = bruteForce(graph, maxCardinality);
        expect(weight).toBe(bestWeight);
        // Without maxCardinality, zero-weight edges may or may not be taken: only weight counts.
        if (maxCardinality) expect(cardinality).toBe(bestCardinality);
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it('equals the edmonds-blossom-fixed oracle on random larger graphs', () => {
    fc.assert(
      fc.property(graphs(40, 50), fc.boolean(), (graph, maxCardinality) => {
        const edges = graph.edges.map(([u, v, w]) => [u, v, w] as [number, number, number]);
        const expected = edges.length === 0 ? new Array<number>(graph.n).fill(-1) : oracle(edges, maxCardinality);
        const padded = Array.from({ length: graph.n }, (_, v) => expected[v] ?? -1);
        const [cardinality, weight] = score(graph, solve(graph, maxCardinality));
        const [oracleCardinality, oracleWeight] = score(graph, padded);
        expect(weight).toBe(oracleWeight);
        if (maxCardinality) expect(cardinality).toBe(oracleCardinality);
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it('equals the oracle on dense complete graphs (many nested blossoms)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 26 }), fc.infiniteStream(fc.integer({ min: 0, max: 30 })), (n, weights) => {
        const it = weights[Symbol.iterator]();
        const edges: [number, number, number][] = [];
        for (let u = 0; u < n; u++) for (let v = u + 1; v < n; v++) edges.push([u, v, 2 * it.next().value!]);
        const graph: Graph = { n, edges };
        const [cardinality, weight] = score(graph, solve(graph, true));
        const [oracleCardinality, oracleWeight] = score(graph, oracle(edges, true));
        expect([cardinality, weight]).toEqual([oracleCardinality, oracleWeight]);
      }),
      { numRuns: 150, seed: 13 },
    );
  });

  it('cold-start duals certify optimality', () => {
    const matcher = new BlossomMatcher();
    fc.assert(
      fc.property(graphs(30, 40), (graph) => {
        solveWith(matcher, graph);
        expectCertificate(matcher, graph);
      }),
      { numRuns: 300, seed: 23 },
    );
  });
});

describe('BlossomMatcher.solveFrom (warm start)', () => {
  it('finds the optimum from arbitrary starts (any duals, any claimed matching)', () => {
    const matcher = new BlossomMatcher();
    const starts = graphs(9, 12).chain((graph) =>
      fc.record({
        graph: fc.constant(graph),
        dual: fc.array(fc.integer({ min: -5, max: 30 }), { minLength: graph.n, maxLength: graph.n }),
        mateEdge: fc.array(fc.integer({ min: -1, max: Math.max(0, graph.edges.length - 1) }), { minLength: graph.n, maxLength: graph.n }),
      }),
    );
    fc.assert(
      fc.property(starts, ({ graph, dual, mateEdge }) => {
        const [, weight] = score(graph, solveWith(matcher, graph, { dual, mateEdge }));
        expect(weight).toBe(bruteForce(graph, false)[1]);
        expectCertificate(matcher, graph);
      }),
      { numRuns: 600, seed: 29 },
    );
  });

  it('finds the optimum from the solutions of two parts (how the decoder merges groups), equal to the oracle', () => {
    const parts = new BlossomMatcher();
    const whole = new BlossomMatcher();
    const cases = graphs(40, 50).chain((graph) =>
      fc.record({ graph: fc.constant(graph), side: fc.array(fc.boolean(), { minLength: graph.n, maxLength: graph.n }) }),
    );
    fc.assert(
      fc.property(cases, ({ graph, side }) => {
        // Solve the edges inside each side; warm-start the whole graph from both solutions.
        const dual = new Array<number>(graph.n).fill(0);
        const mateEdge = new Array<number>(graph.n).fill(-1);
        for (const which of [false, true]) {
          const vertices = [...Array(graph.n).keys()].filter((x) => side[x] === which);
          const local = new Map(vertices.map((x, i) => [x, i]));
          const inside = graph.edges.map((e, k) => [e, k] as const).filter(([[u, v]]) => side[u] === which && side[v] === which);
          const sub: Graph = { n: vertices.length, edges: inside.map(([[u, v, w]]) => [local.get(u)!, local.get(v)!, w] as const) };
          solveWith(parts, sub);
          vertices.forEach((x, i) => {
            dual[x] = parts.effectiveDual(i);
            const k = parts.mateEdge(i);
            mateEdge[x] = k < 0 ? -1 : inside[k]![1];
          });
        }
        const [, weight] = score(graph, solveWith(whole, graph, { dual, mateEdge }));
        const edges = graph.edges.map(([u, v, w]) => [u, v, w] as [number, number, number]);
        const expected = edges.length === 0 ? [] : oracle(edges, false);
        const padded = Array.from({ length: graph.n }, (_, v) => expected[v] ?? -1);
        expect(weight).toBe(score(graph, padded)[1]);
        expectCertificate(whole, graph);
      }),
      { numRuns: 300, seed: 31 },
    );
  });
});
