/**
 * All-pairs shortest paths of a matching graph, once per DEM: Dijkstra (1959) from every detector
 * with a binary heap, plus one multi-source Dijkstra from the boundary. O(n · m log m) time and
 * O(n²) memory for n detectors and m edges (n ≈ 800, m ≈ 5n at distance 9 and 10 rounds: well
 * under a second and ~10 MB).
 *
 * Minimum-weight perfect matching of detection events on this metric closure (each event paired
 * with another or with the boundary) is the minimum-weight set of graph edges whose endpoints
 * flip exactly the events — the problem PyMatching's sparse blossom solves on the graph itself
 * (Higgott & Gidney, arXiv:2303.15933, §2). Paths to the boundary end at a boundary edge; paths
 * between detectors do not pass through the boundary (going through it is the same as matching
 * both ends to the boundary, which the matcher considers separately).
 *
 * Weights are the graph's integer weights, made non-negative (the decoder pre-flips
 * negative-weight edges, as PyMatching does), so every sum is an exact integer in a double.
 * Along with each distance the table keeps the observables flipped along the chosen path and a
 * predecessor edge per (source, node) to recover the path itself. Ties between equally short
 * paths are broken by the heap order, deterministically; the pair (i, j) always uses the path
 * found from min(i, j), so both orientations agree.
 */
import { BOUNDARY, type MatchingGraph } from './matching-graph.ts';

/** 8192² pairs × 16 bytes ≈ 1 GiB: beyond this the O(n²) table is the wrong tool. */
export const MAX_DETECTORS = 8192;

export interface PairTable {
  readonly numDetectors: number;
  /** 32-bit words per observable mask: ceil(numObservables / 32), at least 1. */
  readonly obsWords: number;
  /** dist[i·n + j]: shortest-path weight between detectors i and j; Infinity if disconnected. */
  readonly dist: Float64Array;
  /** obs[(i·n + j)·obsWords + w]: word w of the observables flipped along that path. */
  readonly obs: Int32Array;
  /** Shortest-path weight from each detector to the boundary (Infinity if none). */
  readonly boundaryDist: Float64Array;
  readonly boundaryObs: Int32Array;
  /** predecessor[i·n + v]: the graph edge by which v is reached from i (−1 at i or unreached). */
  readonly predecessor: Int32Array;
  /** The graph edge by which each detector is reached from the boundary. */
  readonly boundaryPredecessor: Int32Array;
}

/** Edge weights used for paths: |integer weight| (negative edges are pre-flipped by the decoder). */
export function computePairTable(graph: MatchingGraph): PairTable {
  const n = graph.numDetectors;
  if (n > MAX_DETECTORS) {
    throw new RangeError(
      `the matching graph has ${n} detectors; the all-pairs table supports up to ${MAX_DETECTORS} (it takes ~16·n² bytes)`,
    );
  }
  const obsWords = Math.max(1, Math.ceil(graph.numObservables / 32));
  const edges = graph.edges;
  const edgeObs = new Int32Array(edges.length * obsWords);
  edges.forEach((edge, e) => {
    for (const o of edge.observables) edgeObs[e * obsWords + (o >>> 5)]! ^= 1 << (o & 31);
  });

  // Compressed adjacency of the detector-detector edges.
  const degree = new Int32Array(n + 1);
  for (const edge of edges) {
    if (edge.b === BOUNDARY) continue;
    degree[edge.a]!++;
    degree[edge.b]!++;
  }
  const start = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) start[v + 1] = start[v]! + degree[v]!;
  const fill = start.slice(0, n);
  const adjNode = new Int32Array(start[n]!);
  const adjEdge = new Int32Array(start[n]!);
  edges.forEach((edge, e) => {
    if (edge.b === BOUNDARY) return;
    adjNode[fill[edge.a]!] = edge.b;
    adjEdge[fill[edge.a]!++] = e;
    adjNode[fill[edge.b]!] = edge.a;
    adjEdge[fill[edge.b]!++] = e;
  });
  const weight = Float64Array.from(edges, (edge) => Math.abs(edge.integerWeight));

  const heap = new MinHeap(adjNode.length + n + 1);
  const run = (dist: Float64Array, obs: Int32Array, pred: Int32Array): void => {
    while (heap.size > 0) {
      const key = heap.topKey();
      const u = heap.pop();
      if (key > dist[u]!) continue;
      for (let k = start[u]!; k < start[u + 1]!; k++) {
        const v = adjNode[k]!;
        const e = adjEdge[k]!;
        const candidate = key + weight[e]!;
        if (candidate < dist[v]!) {
          dist[v] = candidate;
          pred[v] = e;
          for (let w = 0; w < obsWords; w++) obs[v * obsWords + w] = obs[u * obsWords + w]! ^ edgeObs[e * obsWords + w]!;
          heap.push(candidate, v);
        }
      }
    }
  };

  const boundaryDist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const boundaryObs = new Int32Array(n * obsWords);
  const boundaryPredecessor = new Int32Array(n).fill(-1);
  edges.forEach((edge, e) => {
    if (edge.b !== BOUNDARY || !(weight[e]! < boundaryDist[edge.a]!)) return;
    boundaryDist[edge.a] = weight[e]!;
    boundaryPredecessor[edge.a] = e;
    boundaryObs.set(edgeObs.subarray(e * obsWords, (e + 1) * obsWords), edge.a * obsWords);
    heap.push(weight[e]!, edge.a);
  });
  run(boundaryDist, boundaryObs, boundaryPredecessor);

  const dist = new Float64Array(n * n).fill(Number.POSITIVE_INFINITY);
  const obs = new Int32Array(n * n * obsWords);
  const predecessor = new Int32Array(n * n).fill(-1);
  for (let s = 0; s < n; s++) {
    const row = s * n;
    dist[row + s] = 0;
    heap.push(0, s);
    run(dist.subarray(row, row + n), obs.subarray(row * obsWords, (row + n) * obsWords), predecessor.subarray(row, row + n));
  }
  // Make (j, i) the same path as (i, j) for i < j.
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      dist[j * n + i] = dist[i * n + j]!;
      for (let w = 0; w < obsWords; w++) obs[(j * n + i) * obsWords + w] = obs[(i * n + j) * obsWords + w]!;
    }
  }
  return { numDetectors: n, obsWords, dist, obs, boundaryDist, boundaryObs, predecessor, boundaryPredecessor };
}

/**
 * The graph edges along the table's path between detector `a` and detector `b` (or the boundary
 * when b is BOUNDARY), from `a`'s end. O(path length).
 */
export function pathEdges(graph: MatchingGraph, table: PairTable, a: number, b: number): number[] {
  const out: number[] = [];
  const other = (e: number, v: number): number => {
    const edge = graph.edges[e]!;
    return edge.a === v ? edge.b : edge.a;
  };
  if (b === BOUNDARY) {
    for (let v = a; v !== BOUNDARY; ) {
      const e = table.boundaryPredecessor[v]!;
      if (e < 0) throw new RangeError(`detector ${a} has no path to the boundary`);
      out.push(e);
      v = other(e, v);
    }
    return out;
  }
  const [source, target] = a < b ? [a, b] : [b, a];
  const row = source * table.numDetectors;
  for (let v = target; v !== source; ) {
    const e = table.predecessor[row + v]!;
    if (e < 0) throw new RangeError(`detectors ${a} and ${b} are not connected`);
    out.push(e);
    v = other(e, v);
  }
  // Collected from `target` back to `source`; report from `a`'s end.
  return a < b ? out.reverse() : out;
}

/** A binary min-heap of (key, node) with lazy deletion (stale entries are skipped by the caller). */
class MinHeap {
  private readonly keys: Float64Array;
  private readonly nodes: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.nodes = new Int32Array(capacity);
  }

  topKey(): number {
    return this.keys[0]!;
  }

  push(key: number, node: number): void {
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent]! <= key) break;
      this.keys[i] = this.keys[parent]!;
      this.nodes[i] = this.nodes[parent]!;
      i = parent;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
  }

  pop(): number {
    const top = this.nodes[0]!;
    const key = this.keys[--this.size]!;
    const node = this.nodes[this.size]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.keys[child + 1]! < this.keys[child]!) child++;
      if (this.keys[child]! >= key) break;
      this.keys[i] = this.keys[child]!;
      this.nodes[i] = this.nodes[child]!;
      i = child;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
    return top;
  }
}
