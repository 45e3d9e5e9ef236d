/**
 * Shortest paths from one detection event to the others it may be matched with, searched on the
 * sparse detector graph only as far as such a partner can lie — the replacement for an all-pairs
 * distance table.
 *
 * Which pairs are needed: only "useful" pairs, d(u, v) < b(u) + b(v) with b the distance to the
 * boundary (for any other pair, sending both events to the boundary costs no more and leaves the
 * rest of the matching alone, so some optimum uses useful pairs only). Each useful pair is found
 * from one end, its root: the end with the larger b (ties: the smaller detector), so
 * d(u, v) < b(u) + b(v) ≤ 2·b(root).
 *
 * How far to search: Dijkstra's algorithm (1959) from the root u queues a detector x at distance
 * D only if D < b(u) + min(b(u), b(x)) and D + b(x) < 3·b(u). This loses no pair. Let x lie on a
 * shortest path from u to a partner v rooted at u, so d(u, v) = D + d(x, v) < b(u) + b(v) and
 * b(v) ≤ b(u). A path to the boundary through x gives b(v) ≤ d(x, v) + b(x), hence
 * D < b(u) + b(x); D ≤ d(u, v) < 2·b(u); and the triangle inequality through the boundary gives
 * d(x, v) ≥ b(x) − b(v), hence D + b(x) < b(u) + 2·b(v) ≤ 3·b(u). So every detector on every
 * shortest path to a partner is queued, and the partner's distance is exact. The region searched
 * lies within twice the root's boundary distance and does not run far inward of the root's own
 * depth, whatever the code's size; a detector with no path to the boundary (b = ∞) searches its
 * whole connected part, as it must.
 *
 * The search does not depend on the other events, so repeating it from the same root gives the
 * same tree: the decoder recovers a matched pair's path by searching again. Scratch arrays are
 * sized once per graph and reused through a visit stamp: no allocation per search.
 */
import type { DetectorGraph } from '../graph/detector-graph.ts';
import { MinHeap } from './min-heap.ts';

/** The root of the pair (u, v) as defined above: the search that finds the pair starts there. */
export function pairRoot(boundaryDist: Float64Array, u: number, v: number): number {
  const bu = boundaryDist[u]!;
  const bv = boundaryDist[v]!;
  return bu > bv || (bu === bv && u < v) ? u : v;
}

export class PairSearch {
  /** Distance, observables and predecessor edge of each detector reached by the latest search (valid where stamp = current). */
  readonly dist: Float64Array;
  readonly obs: Int32Array;
  readonly predecessor: Int32Array;
  private readonly stamp: Int32Array;
  /** The root of the latest search. */
  root = 0;
  private current = 0;
  private readonly heap = new MinHeap();
  private readonly graph: DetectorGraph;

  constructor(graph: DetectorGraph) {
    this.graph = graph;
    const n = graph.numDetectors;
    this.dist = new Float64Array(n);
    this.obs = new Int32Array(n * graph.obsWords);
    this.predecessor = new Int32Array(n);
    this.stamp = new Int32Array(n);
  }

  /**
   * Searches from `root`, calling visit(v, d) for each detector v ≠ root settled at distance
   * d < b(root) + min(b(root), b(v)) with d + b(v) < 3·b(root), in increasing order of d (the caller decides which are
   * partners); dist, obs and predecessor then describe the paths to them. Detectors beyond that
   * are never even queued. With `cap`, nor are detectors farther than it (the near partners of
   * partner-lists.ts; the paths to those within the cap are still shortest paths). With `reach`
   * given, the bounds above are replaced by D < reach + b(x), whichever end would root a pair
   * (the event graph's pricing search: it needs the events v with d(root, v) < reach + b(v),
   * and every detector on a shortest path to such a v passes, by the argument above with reach
   * for b(u)); such a v is settled at its distance (a detector off every such path may be
   * settled farther than it lies, as in the rooted search).
   */
  run(root: number, visit: (v: number, d: number) => void, cap = Number.POSITIVE_INFINITY, reach = -1): void {
    const { start, adjNode, adjEdge, weight, edgeObs, boundaryDist, obsWords } = this.graph;
    const { dist, obs, predecessor, stamp, heap } = this;
    if (++this.current === 0x40000000) {
      stamp.fill(0);
      this.current = 1;
    }
    const id = this.current;
    this.root = root;
    const rootedOnly = reach < 0;
    const bRoot = rootedOnly ? boundaryDist[root]! : reach;
    const limit = rootedOnly ? 2 * bRoot : Number.POSITIVE_INFINITY;
    const outward = rootedOnly ? 3 * bRoot : Number.POSITIVE_INFINITY;
    stamp[root] = id;
    dist[root] = 0;
    predecessor[root] = -1;
    for (let w = 0; w < obsWords; w++) obs[root * obsWords + w] = 0;
    heap.size = 0;
    heap.push(0, root);
    while (heap.size > 0) {
      const key = heap.topKey();
      const x = heap.pop();
      if (key > dist[x]!) continue;
      if (x !== root) visit(x, key);
      for (let k = start[x]!; k < start[x + 1]!; k++) {
        const v = adjNode[k]!;
        const e = adjEdge[k]!;
        const candidate = key + weight[e]!;
        // Only detectors that can lie on a shortest path to a partner (or be one) are needed.
        const bv = boundaryDist[v]!;
        if (!(candidate < limit && candidate <= cap && candidate < bRoot + bv && (candidate + bv < outward || outward === Infinity))) continue;
        if (stamp[v] === id && !(candidate < dist[v]!)) continue;
        stamp[v] = id;
        dist[v] = candidate;
        predecessor[v] = e;
        for (let w = 0; w < obsWords; w++) obs[v * obsWords + w] = obs[x * obsWords + w]! ^ edgeObs[e * obsWords + w]!;
        heap.push(candidate, v);
      }
    }
  }
}
