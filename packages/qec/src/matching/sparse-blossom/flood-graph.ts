/**
 * The detector graph as sparse blossom's flooder reads it (Higgott & Gidney, arXiv:2303.15933,
 * section 3): each detector's neighbours with the edge weight and observable mask inline, so
 * scheduling a node's next event walks one contiguous run of memory, and each detector's cheapest
 * direct edge to the boundary. Weights are the decoder's |integer weight| (negative edges are
 * pre-flipped by MatchingDecoder), so every flooder event happens at a whole or half time unit
 * and comparing times for equality is exact in floating point.
 */
import { BOUNDARY, type MatchingGraph } from '../graph/matching-graph.ts';

export interface FloodGraph {
  readonly numDetectors: number;
  /** Detector v's neighbours are neighbour[start[v] .. start[v + 1]), with weight[·] and obs[·] of the joining edge. */
  readonly start: Int32Array;
  readonly neighbour: Int32Array;
  readonly weight: Float64Array;
  /** The observables an edge flips, as one 32-bit word (the engine handles up to 32 observables). */
  readonly obs: Int32Array;
  /** The lightest direct boundary edge of each detector (Infinity if none) and its observables. */
  readonly boundaryWeight: Float64Array;
  readonly boundaryObs: Int32Array;
}

/** The largest observable count one 32-bit mask carries. */
export const MAX_FLOOD_OBSERVABLES = 32;

export function buildFloodGraph(graph: MatchingGraph): FloodGraph {
  if (graph.numObservables > MAX_FLOOD_OBSERVABLES) {
    throw new RangeError(`sparse blossom carries at most ${MAX_FLOOD_OBSERVABLES} observables in one mask; this graph has ${graph.numObservables}`);
  }
  const n = graph.numDetectors;
  const degree = new Int32Array(n);
  const boundaryWeight = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const boundaryObs = new Int32Array(n);
  const mask = (observables: readonly number[]) => observables.reduce((m, o) => m ^ (1 << o), 0);
  for (const edge of graph.edges) {
    if (edge.b === BOUNDARY) {
      const w = Math.abs(edge.integerWeight);
      if (w < boundaryWeight[edge.a]!) {
        boundaryWeight[edge.a] = w;
        boundaryObs[edge.a] = mask(edge.observables);
      }
      continue;
    }
    degree[edge.a]!++;
    degree[edge.b]!++;
  }
  const start = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) start[v + 1] = start[v]! + degree[v]!;
  const fill = start.slice(0, n);
  const neighbour = new Int32Array(start[n]!);
  const weight = new Float64Array(start[n]!);
  const obs = new Int32Array(start[n]!);
  for (const edge of graph.edges) {
    if (edge.b === BOUNDARY) continue;
    const w = Math.abs(edge.integerWeight);
    const m = mask(edge.observables);
    for (const [from, to] of [[edge.a, edge.b], [edge.b, edge.a]] as const) {
      const at = fill[from]!++;
      neighbour[at] = to;
      weight[at] = w;
      obs[at] = m;
    }
  }
  return { numDetectors: n, start, neighbour, weight, obs, boundaryWeight, boundaryObs };
}
