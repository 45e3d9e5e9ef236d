/**
 * One shot's event graph: its detection events, the useful pairs among them (useful-pairs.ts:
 * the only pairs an optimal matching can need), each event's pair to its nearest partner, and the
 * connected components of the useful pairs (union-find, Tarjan 1975). Built per shot in
 * O(k·n/32) word operations plus O(1) per useful pair, for k events and n detectors; arrays grow
 * to the largest shot seen and are reused.
 */
import type { PairTable } from './pair-table.ts';
import { computeUsefulPairs, popcount32, type UsefulPairs } from './useful-pairs.ts';

export class EventGraph {
  /** Number of events. */
  count = 0;
  /** Distance from each event to the boundary (∞ if none; the cluster matcher may overwrite). */
  boundary = new Float64Array(0);
  /** Number of useful pairs. */
  pairs = 0;
  /** Pair e joins events pairU[e] < pairV[e] at distance pairDist[e], in increasing order of pairU. */
  pairU = new Int32Array(0);
  pairV = new Int32Array(0);
  pairDist = new Float64Array(0);
  /** The pairs (i, ·) are firstPair[i] .. firstPair[i + 1] − 1. */
  firstPair = new Int32Array(0);
  /** The useful pair to each event's nearest partner (−1 if none), and the root of its component. */
  nearestPair = new Int32Array(0);
  component = new Int32Array(0);
  /** Whether some event has no path to the boundary. */
  unbounded = false;

  private readonly n: number;
  private readonly dist: Float64Array;
  private readonly boundaryDist: Float64Array;
  private readonly useful: UsefulPairs;
  /** The shot's events as a bit row (cleared after each shot), and each event detector's index. */
  private readonly eventBits: Int32Array;
  private readonly eventIndex: Int32Array;
  private nearestDist = new Float64Array(0);

  constructor(table: PairTable) {
    this.n = table.numDetectors;
    this.dist = table.dist;
    this.boundaryDist = table.boundaryDist;
    this.useful = computeUsefulPairs(table);
    this.eventBits = new Int32Array(this.useful.words);
    this.eventIndex = new Int32Array(this.n);
  }

  /**
   * Builds the graph of the k distinct detectors events[0..k), in increasing order. Each event's
   * bit row is read word by word against the shot's event bits, or — when fewer later events
   * remain than the row has words — pair by pair from the distance table; both find the same
   * pairs in the same order.
   */
  build(events: Int32Array, k: number): void {
    this.reserve(k);
    const { n, dist, boundaryDist, eventBits, eventIndex, boundary, nearestPair, nearestDist, component, firstPair } = this;
    const { words, bits, firstWord, endWord, rowStart, rankBefore } = this.useful;
    const usefulDist = this.useful.dist;
    this.count = k;
    this.unbounded = false;
    for (let i = 0; i < k; i++) {
      const e = events[i]!;
      eventBits[e >>> 5]! |= 1 << (e & 31);
      eventIndex[e] = i;
      component[i] = i;
      boundary[i] = boundaryDist[e]!;
      if (boundary[i] === Number.POSITIVE_INFINITY) this.unbounded = true;
      nearestPair[i] = -1;
      nearestDist[i] = Number.POSITIVE_INFINITY;
    }
    this.pairs = 0;
    const lastWord = events[k - 1]! >>> 5;
    for (let i = 0; i < k; i++) {
      firstPair[i] = this.pairs;
      if (i + 1 === k) break;
      const e = events[i]!;
      const row = e * words;
      // Later events lie in words [events[i + 1] >>> 5, lastWord].
      const from = Math.max(firstWord[e]!, events[i + 1]! >>> 5);
      const to = Math.min(endWord[e]!, lastWord + 1);
      if (k - i - 1 < to - from) {
        const bi = boundary[i]!;
        for (let j = i + 1; j < k; j++) {
          const d = dist[e * n + events[j]!]!;
          if (d < bi + boundary[j]!) this.addPair(i, j, d);
        }
        continue;
      }
      const rowDist = rowStart[e]!;
      for (let w = from; w < to; w++) {
        const rowBits = bits[row + w]!;
        let hits = rowBits & eventBits[w]!;
        while (hits !== 0) {
          const low = hits & -hits;
          hits ^= low;
          // The pair's distance by its rank among the row's useful pairs (UsefulPairs.rowStart).
          const d = usefulDist[rowDist + rankBefore[row + w]! + popcount32(rowBits & (low - 1))]!;
          this.addPair(i, eventIndex[(w << 5) | (31 - Math.clz32(low))]!, d);
        }
      }
    }
    firstPair[k] = this.pairs;
    for (let i = 0; i < k; i++) {
      eventBits[events[i]! >>> 5] = 0;
      component[i] = find(component, i);
    }
  }

  private addPair(i: number, j: number, d: number): void {
    const at = this.pairs++;
    if (at === this.pairU.length) this.growPairs();
    this.pairU[at] = i;
    this.pairV[at] = j;
    this.pairDist[at] = d;
    if (this.component[i] !== this.component[j]) union(this.component, i, j);
    const { nearestPair, nearestDist } = this;
    if (d < nearestDist[i]!) {
      nearestPair[i] = at;
      nearestDist[i] = d;
    }
    if (d < nearestDist[j]!) {
      nearestPair[j] = at;
      nearestDist[j] = d;
    }
  }

  private reserve(k: number): void {
    if (k <= this.boundary.length) return;
    const c = Math.max(k, 2 * this.boundary.length);
    this.boundary = new Float64Array(c);
    this.firstPair = new Int32Array(c + 1);
    this.nearestPair = new Int32Array(c);
    this.nearestDist = new Float64Array(c);
    this.component = new Int32Array(c);
  }

  private growPairs(): void {
    const c = Math.max(64, 2 * this.pairU.length);
    const grow = <T extends Int32Array | Float64Array>(old: T, fresh: T): T => {
      fresh.set(old);
      return fresh;
    };
    this.pairU = grow(this.pairU, new Int32Array(c));
    this.pairV = grow(this.pairV, new Int32Array(c));
    this.pairDist = grow(this.pairDist, new Float64Array(c));
  }
}

/** Union-find with path halving (Tarjan 1975). */
export function find(root: Int32Array, i: number): number {
  while (root[i] !== i) {
    root[i] = root[root[i]!]!;
    i = root[i]!;
  }
  return i;
}

/** Joins two sets, keeping the smaller index as root (so a set is named by its first member). */
export function union(root: Int32Array, i: number, j: number): void {
  const ri = find(root, i);
  const rj = find(root, j);
  if (ri < rj) root[rj] = ri;
  else if (rj < ri) root[ri] = rj;
}
