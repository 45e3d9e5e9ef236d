import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import oracle from 'edmonds-blossom-fixed';
import { maxWeightMatching } from './blossom.ts';

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
});
