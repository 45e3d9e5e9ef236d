/**
 * One shot's event graph: its detection events, the useful pairs among them (pair-search.ts: the
 * only pairs an optimal matching can need) with their distances and observables, each event's
 * pair to its nearest partner, and the connected components of the useful pairs (union-find,
 * Tarjan 1975). Built per shot from each event's row of possible partners (partner-lists.ts, each
 * found once by a bounded search on the sparse detector graph) AND-ed with the shot's event
 * bits, so the work follows the events' neighbourhoods, not the graph's size; arrays grow to the
 * largest shot seen and are reused.
 */
import type { DetectorGraph } from '../graph/detector-graph.ts';
import { grown } from '../search/grown-array.ts';
import { pairRoot } from '../search/pair-search.ts';
import { FAR, NEAR, PartnerLists, popcount32 } from '../search/partner-lists.ts';

export class EventGraph {
  /** Number of events. */
  count = 0;
  /** Distance from each event to the boundary (∞ if none; the cluster matcher may overwrite). */
  boundary = new Float64Array(0);
  /** Number of useful pairs. */
  pairs = 0;
  /**
   * Pair e joins events pairU[e] and pairV[e] at distance pairDist[e], in increasing order of
   * pairU: each pair is listed once, from its root (pair-search.ts), which may be either end.
   */
  pairU = new Int32Array(0);
  pairV = new Int32Array(0);
  pairDist = new Float64Array(0);
  /**
   * Pair e's entry in its root's partner list (lists.dist, lists.obs): the observables flipped
   * along its path are lists.obs[pairEntry[e]·obsWords + w], read only for the matched pairs.
   */
  pairEntry = new Int32Array(0);
  /** The pairs (i, ·) are firstPair[i] .. firstPair[i + 1] − 1. */
  firstPair = new Int32Array(0);
  /** The useful pair to each event's nearest partner (−1 if none), and the root of its component. */
  nearestPair = new Int32Array(0);
  component = new Int32Array(0);
  /** Whether some event has no path to the boundary. */
  unbounded = false;

  /** Each detector's possible partners (computed on first use), and their search. */
  readonly lists: PartnerLists;
  private readonly detectors: DetectorGraph;
  /** Each detector's index among the shot's events, or −1 (reset after each shot). */
  private readonly eventIndex: Int32Array;
  /** The shot's events as a bit row (cleared after each shot). */
  private readonly eventBits: Int32Array;
  private nearestDist = new Float64Array(0);

  /** `nearRadius`: the partner lists' near shell (partner-lists.ts); Infinity keeps every partner near. */
  constructor(detectors: DetectorGraph, nearRadius = Number.POSITIVE_INFINITY) {
    this.detectors = detectors;
    this.lists = new PartnerLists(detectors, nearRadius);
    this.eventIndex = new Int32Array(detectors.numDetectors).fill(-1);
    this.eventBits = new Int32Array((detectors.numDetectors + 31) >>> 5);
  }

  /**
   * Builds the graph of the k distinct detectors events[0..k), in increasing order: all their
   * useful pairs, or with `nearOnly` just those within the lists' near radius (partner-lists.ts).
   */
  build(events: Int32Array, k: number, nearOnly = false): void {
    this.reserve(k);
    const { boundary, nearestPair, nearestDist, component, firstPair } = this;
    const boundaryDist = this.detectors.boundaryDist;
    this.count = k;
    this.unbounded = false;
    this.markEvents(events, k);
    for (let i = 0; i < k; i++) {
      component[i] = i;
      boundary[i] = boundaryDist[events[i]!]!;
      if (boundary[i] === Number.POSITIVE_INFINITY) this.unbounded = true;
      nearestPair[i] = -1;
      nearestDist[i] = Number.POSITIVE_INFINITY;
    }
    const lists = this.lists;
    this.pairs = 0;
    for (let i = 0; i < k; i++) {
      firstPair[i] = this.pairs;
      const u = events[i]!;
      lists.ensure(u);
      this.addRowPairs(i, 2 * u + NEAR);
      if (!nearOnly) this.addRowPairs(i, 2 * u + FAR);
    }
    firstPair[k] = this.pairs;
    this.unmarkEvents(events, k);
    for (let i = 0; i < k; i++) component[i] = find(component, i);
  }

  /**
   * Whether some far pair of a graph built with `nearOnly` fails its dual constraint. With that
   * graph's optimal duals y, a pair (i, j) left out can only improve the matching if
   * y(i) + y(j) < b(i) + b(j) − d(i, j) (LP duality, cluster-matcher.ts), i.e. in the doubled
   * units of dualLessBoundary (q = 2y − 2b) if q(i) + q(j) + 2·d(i, j) < 0. A far pair rooted at i
   * is longer than the near radius R, so i's far row needs reading only when
   * q(i) + min q + 2R < 0.
   */
  farPairViolates(events: Int32Array, k: number, dualLessBoundary: Float64Array): boolean {
    let least = Number.POSITIVE_INFINITY;
    for (let i = 0; i < k; i++) least = Math.min(least, dualLessBoundary[i]!);
    const reach = -2 * this.lists.nearRadius - least;
    this.markEvents(events, k);
    let violated = false;
    for (let i = 0; i < k && !violated; i++) {
      if (dualLessBoundary[i]! < reach) violated = this.rowViolates(i, 2 * events[i]! + FAR, dualLessBoundary);
    }
    this.unmarkEvents(events, k);
    return violated;
  }

  /**
   * The graph of two events a < b, reading one bit of their pair's root rows (the common case at
   * low noise): counts, boundaries, pairs and firstPair as build() sets them; not the nearest
   * partners or components, which two events do not need.
   */
  buildTwo(a: number, b: number): void {
    this.reserve(2);
    const boundaryDist = this.detectors.boundaryDist;
    const { boundary, firstPair, lists } = this;
    this.count = 2;
    boundary[0] = boundaryDist[a]!;
    boundary[1] = boundaryDist[b]!;
    this.unbounded = boundary[0] === Number.POSITIVE_INFINITY || boundary[1] === Number.POSITIVE_INFINITY;
    const root = pairRoot(boundaryDist, a, b);
    lists.ensure(root);
    const x = lists.entryOf(root, root === a ? b : a);
    this.pairs = x < 0 ? 0 : 1;
    firstPair[0] = 0;
    firstPair[1] = root === a ? this.pairs : 0;
    firstPair[2] = this.pairs;
    if (x < 0) return;
    if (this.pairU.length === 0) this.growPairs();
    this.pairU[0] = root === a ? 0 : 1;
    this.pairV[0] = root === a ? 1 : 0;
    this.pairDist[0] = lists.dist[x]!;
    this.pairEntry[0] = x;
  }

  /** Adds event i's pairs with the events in partner row `row` of its detector, in partner order. */
  private addRowPairs(i: number, row: number): void {
    const { lists, eventIndex, eventBits, component, nearestPair, nearestDist } = this;
    const start = lists.entryStart[row]!;
    let pairs = this.pairs;
    // Room for every listed partner, so the scan below needs no bounds checks.
    if (pairs + lists.rowLength[row]! > this.pairU.length) this.growPairs(pairs + lists.rowLength[row]!);
    const { dist, bits, rankBefore } = lists;
    const { pairU, pairV, pairDist, pairEntry } = this;
    const first = lists.firstWord[row]!;
    const end = lists.endWord[row]!;
    const at = lists.rowStart[row]! - first;
    for (let w = first; w < end; w++) {
      const rowBits = bits[at + w]!;
      let hits = rowBits & eventBits[w]!;
      while (hits !== 0) {
        const low = hits & -hits;
        hits ^= low;
        const j = eventIndex[(w << 5) | (31 - Math.clz32(low))]!;
        const x = start + rankBefore[at + w]! + popcount32(rowBits & (low - 1));
        const d = dist[x]!;
        pairU[pairs] = i;
        pairV[pairs] = j;
        pairDist[pairs] = d;
        pairEntry[pairs] = x;
        if (component[i] !== component[j]) union(component, i, j);
        if (d < nearestDist[i]!) {
          nearestPair[i] = pairs;
          nearestDist[i] = d;
        }
        if (d < nearestDist[j]!) {
          nearestPair[j] = pairs;
          nearestDist[j] = d;
        }
        pairs++;
      }
    }
    this.pairs = pairs;
  }

  /** Whether a pair of event i with an event j in row `row` has q(i) + q(j) + 2·d < 0 (see farPairViolates). */
  private rowViolates(i: number, row: number, dualLessBoundary: Float64Array): boolean {
    const { lists, eventIndex, eventBits } = this;
    const { dist, bits, rankBefore } = lists;
    const start = lists.entryStart[row]!;
    const first = lists.firstWord[row]!;
    const at = lists.rowStart[row]! - first;
    for (let w = first; w < lists.endWord[row]!; w++) {
      const rowBits = bits[at + w]!;
      let hits = rowBits & eventBits[w]!;
      while (hits !== 0) {
        const low = hits & -hits;
        hits ^= low;
        const j = eventIndex[(w << 5) | (31 - Math.clz32(low))]!;
        const d = dist[start + rankBefore[at + w]! + popcount32(rowBits & (low - 1))]!;
        if (dualLessBoundary[i]! + dualLessBoundary[j]! + 2 * d < 0) return true;
      }
    }
    return false;
  }

  private markEvents(events: Int32Array, k: number): void {
    const { eventIndex, eventBits } = this;
    for (let i = 0; i < k; i++) {
      eventIndex[events[i]!] = i;
      eventBits[events[i]! >>> 5]! |= 1 << (events[i]! & 31);
    }
  }

  private unmarkEvents(events: Int32Array, k: number): void {
    const { eventIndex, eventBits } = this;
    for (let i = 0; i < k; i++) {
      eventIndex[events[i]!] = -1;
      eventBits[events[i]! >>> 5] = 0;
    }
  }

  /** The useful pair joining events i and j, or −1. */
  pairBetween(i: number, j: number): number {
    const { firstPair, pairV } = this;
    for (let e = firstPair[i]!; e < firstPair[i + 1]!; e++) if (pairV[e] === j) return e;
    for (let e = firstPair[j]!; e < firstPair[j + 1]!; e++) if (pairV[e] === i) return e;
    return -1;
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

  private growPairs(needed = 1): void {
    const c = Math.max(64, needed, 2 * this.pairU.length);
    this.pairU = grown(this.pairU, c);
    this.pairV = grown(this.pairV, c);
    this.pairDist = grown(this.pairDist, c);
    this.pairEntry = grown(this.pairEntry, c);
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
