/**
 * The detector graph as sparse blossom's flooder reads it (Higgott & Gidney, arXiv:2303.15933,
 * section 3): each detector's neighbours with the edge weight and observable mask inline, so
 * scheduling a node's next event walks one contiguous run of memory. The boundary is reached
 * from every detector by its shortest path to it (DetectorGraph's boundary distances): adding
 * those paths as edges leaves every shortest-path distance, hence the minimum-weight matching,
 * unchanged. Weights are the decoder's |integer weight| (negative edges are pre-flipped by
 * MatchingDecoder), even integers (matching-graph.ts), so every flooder event happens at a whole
 * time unit: comparing times for equality is exact in floating point, and the time queue's
 * buckets (time-queue.ts) rely on it.
 */
import type { DetectorGraph } from '../graph/detector-graph.ts';

export interface FloodGraph {
  readonly numDetectors: number;
  /** Detector v's neighbours are neighbour[start[v] .. start[v + 1]), lightest edge first, with weight[·] and obs[·] of the joining edge. */
  readonly start: Int32Array;
  readonly neighbour: Int32Array;
  readonly weight: Float64Array;
  /** The observables an edge flips, as one 32-bit word (the engine handles up to 32 observables). */
  readonly obs: Int32Array;
  /** Each detector's shortest-path weight to the boundary (Infinity if none) and its observables. */
  readonly boundaryWeight: Float64Array;
  readonly boundaryObs: Int32Array;
}

/** The largest observable count one 32-bit mask carries. */
export const MAX_FLOOD_OBSERVABLES = 32;

export function buildFloodGraph(detectors: DetectorGraph): FloodGraph {
  if (detectors.obsWords !== 1) {
    throw new RangeError(`sparse blossom carries at most ${MAX_FLOOD_OBSERVABLES} observables in one mask; this graph needs ${detectors.obsWords} words`);
  }
  const { numDetectors, start, adjNode, adjEdge } = detectors;
  const neighbour = new Int32Array(adjEdge.length);
  const weight = new Float64Array(adjEdge.length);
  const obs = new Int32Array(adjEdge.length);
  // Each detector's slots in increasing weight (ties in adjacency order): a scan's edges to empty
  // nodes then come in increasing time, so its running earliest and runner-up comparisons settle
  // after the first few slots and the branches predict well.
  for (let v = 0; v < numDetectors; v++) {
    const first = start[v]!;
    const end = start[v + 1]!;
    for (let k = first; k < end; k++) {
      // Insertion sort (a detector has a handful of neighbours): shift heavier slots up.
      const e = adjEdge[k]!;
      const w = detectors.weight[e]!;
      let at = k;
      for (; at > first && weight[at - 1]! > w; at--) {
        neighbour[at] = neighbour[at - 1]!;
        weight[at] = weight[at - 1]!;
        obs[at] = obs[at - 1]!;
      }
      neighbour[at] = adjNode[k]!;
      weight[at] = w;
      obs[at] = detectors.edgeObs[e]!;
    }
  }
  return { numDetectors, start, neighbour, weight, obs, boundaryWeight: detectors.boundaryDist, boundaryObs: detectors.boundaryObs };
}
