/**
 * The matching graph in the form its shortest-path searches read (pair-search.ts): compressed
 * adjacency of the detector–detector edges with |integer weight| (negative edges are pre-flipped
 * by the decoder), each edge's observables as bit words, and each detector's shortest path to the
 * boundary (one multi-source Dijkstra, Dijkstra 1959). O(m log m) time and O(n + m) memory for n
 * detectors and m edges, once per DEM — no table over detector pairs.
 */
import { BOUNDARY, edgeArrays, type MatchingGraph } from './matching-graph.ts';
import { MinHeap } from '../search/min-heap.ts';

export interface DetectorGraph {
  readonly numDetectors: number;
  /** 32-bit words per observable mask: ceil(numObservables / 32), at least 1. */
  readonly obsWords: number;
  /** Detector v's neighbours are adjNode[start[v] .. start[v + 1]), joined by graph edges adjEdge[·]. */
  readonly start: Int32Array;
  readonly adjNode: Int32Array;
  readonly adjEdge: Int32Array;
  /** |integer weight| of each graph edge. */
  readonly weight: Float64Array;
  /** edgeObs[e·obsWords + w]: word w of the observables edge e flips. */
  readonly edgeObs: Int32Array;
  /** Shortest-path weight from each detector to the boundary (Infinity if none), its observables, and the edge by which it is reached from the boundary (−1 if none). */
  readonly boundaryDist: Float64Array;
  readonly boundaryObs: Int32Array;
  readonly boundaryPredecessor: Int32Array;
}

export function buildDetectorGraph(graph: MatchingGraph): DetectorGraph {
  const n = graph.numDetectors;
  const obsWords = Math.max(1, Math.ceil(graph.numObservables / 32));
  // The edges' typed arrays, not their objects (which a graph built from a DEM makes only when read).
  const { ends, integerWeights, observableStarts, observableIds } = edgeArrays(graph);
  const m = integerWeights.length;
  // Plain loops over the edges (no per-edge callbacks): this runs once per process, mostly before the JIT warms up.
  const edgeObs = new Int32Array(m * obsWords);
  const weight = new Float64Array(m);
  const degree = new Int32Array(n);
  for (let e = 0; e < m; e++) {
    for (let k = observableStarts[e]!; k < observableStarts[e + 1]!; k++) {
      const o = observableIds[k]!;
      edgeObs[e * obsWords + (o >>> 5)]! ^= 1 << (o & 31);
    }
    weight[e] = Math.abs(integerWeights[e]!);
    const b = ends[2 * e + 1]!;
    if (b === BOUNDARY) continue;
    degree[ends[2 * e]!]!++;
    degree[b]!++;
  }
  const start = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) start[v + 1] = start[v]! + degree[v]!;
  const fill = start.slice(0, n);
  const adjNode = new Int32Array(start[n]!);
  const adjEdge = new Int32Array(start[n]!);
  const boundaryDist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const boundaryObs = new Int32Array(n * obsWords);
  const boundaryPredecessor = new Int32Array(n).fill(-1);
  const heap = new MinHeap(n + 1);
  for (let e = 0; e < m; e++) {
    const a = ends[2 * e]!;
    const b = ends[2 * e + 1]!;
    if (b !== BOUNDARY) {
      adjNode[fill[a]!] = b;
      adjEdge[fill[a]!++] = e;
      adjNode[fill[b]!] = a;
      adjEdge[fill[b]!++] = e;
    } else if (weight[e]! < boundaryDist[a]!) {
      boundaryDist[a] = weight[e]!;
      boundaryPredecessor[a] = e;
      for (let w = 0; w < obsWords; w++) boundaryObs[a * obsWords + w] = edgeObs[e * obsWords + w]!;
      heap.push(weight[e]!, a);
    }
  }
  while (heap.size > 0) {
    const key = heap.topKey();
    const u = heap.pop();
    if (key > boundaryDist[u]!) continue;
    for (let k = start[u]!; k < start[u + 1]!; k++) {
      const v = adjNode[k]!;
      const e = adjEdge[k]!;
      const candidate = key + weight[e]!;
      if (candidate < boundaryDist[v]!) {
        boundaryDist[v] = candidate;
        boundaryPredecessor[v] = e;
        for (let w = 0; w < obsWords; w++) boundaryObs[v * obsWords + w] = boundaryObs[u * obsWords + w]! ^ edgeObs[e * obsWords + w]!;
        heap.push(candidate, v);
      }
    }
  }
  return { numDetectors: n, obsWords, start, adjNode, adjEdge, weight, edgeObs, boundaryDist, boundaryObs, boundaryPredecessor };
}

/**
 * The graph edges along the boundary path of detector `a`, from `a`'s end, following
 * `boundaryPredecessor` (each detector's edge towards the boundary: DetectorGraph's, or one
 * computed under other weights). O(path length).
 */
export function boundaryPathEdges(graph: MatchingGraph, boundaryPredecessor: Int32Array, a: number): number[] {
  const out: number[] = [];
  for (let v = a; v !== BOUNDARY; ) {
    const e = boundaryPredecessor[v]!;
    if (e < 0) throw new RangeError(`detector ${a} has no path to the boundary`);
    out.push(e);
    const edge = graph.edges[e]!;
    v = edge.a === v ? edge.b : edge.a;
  }
  return out;
}

/** The median of the edge weights (0 for no edges). */
export function medianWeight(weights: Float64Array): number {
  if (weights.length === 0) return 0;
  return Float64Array.from(weights).sort()[weights.length >>> 1]!;
}
