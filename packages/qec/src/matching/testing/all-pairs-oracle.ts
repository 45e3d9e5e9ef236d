/**
 * For tests only: shortest-path distances between all detectors and to the boundary by the
 * Floyd–Warshall algorithm (1962) on |integer weight| — a plain O(n³) reference, independent of
 * the decoder's bounded searches, for graphs of a few hundred detectors at most.
 */
import oracle from 'edmonds-blossom-fixed';
import { BOUNDARY, type MatchingGraph } from '../graph/matching-graph.ts';

export interface AllPairs {
  /** dist[i·n + j]: shortest-path weight between detectors i and j (Infinity if disconnected). */
  readonly dist: Float64Array;
  /** Shortest-path weight from each detector to the boundary (Infinity if none). */
  readonly boundaryDist: Float64Array;
}

export function allPairsDistances(graph: MatchingGraph): AllPairs {
  // Node n stands for the boundary.
  const n = graph.numDetectors;
  const size = n + 1;
  const d = new Float64Array(size * size).fill(Number.POSITIVE_INFINITY);
  for (let v = 0; v < size; v++) d[v * size + v] = 0;
  for (const edge of graph.edges) {
    const a = edge.a;
    const b = edge.b === BOUNDARY ? n : edge.b;
    const w = Math.min(d[a * size + b]!, Math.abs(edge.integerWeight));
    d[a * size + b] = d[b * size + a] = w;
  }
  for (let k = 0; k < size; k++) {
    for (let i = 0; i < size; i++) {
      const ik = d[i * size + k]!;
      if (ik === Number.POSITIVE_INFINITY) continue;
      for (let j = 0; j < size; j++) {
        const through = ik + d[k * size + j]!;
        if (through < d[i * size + j]!) d[i * size + j] = through;
      }
    }
  }
  const dist = new Float64Array(n * n);
  const boundaryDist = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) dist[i * n + j] = d[i * size + j]!;
    boundaryDist[i] = d[i * size + n]!;
  }
  return { dist, boundaryDist };
}

/**
 * The minimum-weight perfect matching weight of detection events `events` on the shortest-path
 * metric, each free to take the boundary: Edmonds' algorithm (edmonds-blossom-fixed) on events
 * 0..k−1 and boundary twins k..2k−1 (twins pair freely), maximising (W − w) at maximum cardinality.
 */
export function oracleMatchingWeight({ dist, boundaryDist }: AllPairs, numDetectors: number, events: readonly number[]): number {
  const k = events.length;
  const n = numDetectors;
  const edges: [number, number, number][] = [];
  const W = 4 * 2 ** 30;
  for (let i = 0; i < k; i++) {
    edges.push([i, k + i, W - boundaryDist[events[i]!]!]);
    for (let j = i + 1; j < k; j++) {
      edges.push([i, j, W - dist[events[i]! * n + events[j]!]!]);
      edges.push([k + i, k + j, W]);
    }
  }
  const mate = oracle(edges, true);
  let total = 0;
  for (let i = 0; i < k; i++) {
    if (mate[i] === k + i) total += boundaryDist[events[i]!]!;
    else if (mate[i]! < k && i < mate[i]!) total += dist[events[i]! * n + events[mate[i]!]!]!;
  }
  return total;
}
