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
import { FAR, NEAR, PartnerLists, popcount32, ROWS_PER_LIST, SLOT_BITS, SLOT_ENTRY, SLOT_STRIDE, SLOT_WORD, WHOLE } from '../search/partner-lists.ts';

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
  /**
   * The useful pair to each event's nearest partner (−1 if none) and its distance (∞ if none), and
   * the root of its component
   * (only in a graph built without `far`: the solve with duals that reads the other kind groups
   * events by their nearest pairs and prices all the rest, cluster-matcher.ts).
   */
  nearestPair = new Int32Array(0);
  nearestDist = new Float64Array(0);
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
  /** The pricing search's event, duals, marks and count (markFarViolations), and its visitor. */
  private pricedEvent = 0;
  private pricedDuals: Float64Array = new Float64Array(0);
  private pricedFar: Uint8Array = new Uint8Array(0);
  private marked = 0;
  private readonly priceVisit = (v: number, d: number) => this.pricePartner(v, d);

  /** `nearRadius`: the partner lists' near shell (partner-lists.ts); Infinity keeps every partner near. */
  constructor(detectors: DetectorGraph, nearRadius = Number.POSITIVE_INFINITY) {
    this.detectors = detectors;
    this.lists = new PartnerLists(detectors, nearRadius);
    this.eventIndex = new Int32Array(detectors.numDetectors).fill(-1);
    this.eventBits = new Int32Array((detectors.numDetectors + 31) >>> 5);
  }

  /**
   * Builds the graph of the k distinct detectors events[0..k), in increasing order: all their
   * useful pairs, or with `far` given only the near ones (within the lists' near radius,
   * partner-lists.ts) plus the far pairs rooted at the events i with far[i] = 1, and then no
   * components (see nearestPair).
   */
  build(events: Int32Array, k: number, far: Uint8Array | null = null): void {
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
    this.pairs = 0;
    const link = far === null;
    for (let i = 0; i < k; i++) {
      firstPair[i] = this.pairs;
      const rows = ROWS_PER_LIST * events[i]!;
      if (link) {
        this.addRowPairs(i, rows + WHOLE, true);
      } else {
        this.addRowPairs(i, rows + NEAR, false);
        if (far[i] === 1) this.addRowPairs(i, rows + FAR, false);
      }
    }
    firstPair[k] = this.pairs;
    this.unmarkEvents(events, k);
    if (far === null) for (let i = 0; i < k; i++) component[i] = find(component, i);
  }

  /**
   * Prices the far pairs left out of a graph built with `far`: marks far[r] = 1 for the root r
   * of each one that fails its dual constraint, and returns how many it marked (0: none fails,
   * and the matching is optimal for all pairs).
   *
   * With that graph's optimal duals y and r = b − y each event's radius, a pair (i, j) left out
   * can only improve the matching if d(i, j) < r(i) + r(j) (LP duality, cluster-matcher.ts; in
   * the doubled units of dualLessBoundary, q = 2y − 2b = −2r, if q(i) + q(j) + 2·d < 0). A far
   * pair is longer than the near radius R, so its larger-radius end j has r(j) > R / 2, and its
   * other end i lies within r(i) + r(j) ≤ 2·r(j) of j, and within r(j) + b(i) since y(i) ≥ 0: a
   * search from each such j, capped at 2·r(j) and reaching r(j) beyond the boundary distances
   * (PairSearch.run), finds every failing far pair. Near threshold only a few events per shot
   * have so large a radius.
   */
  markFarViolations(events: Int32Array, k: number, dualLessBoundary: Float64Array, far: Uint8Array): number {
    this.markEvents(events, k);
    this.pricedDuals = dualLessBoundary;
    this.pricedFar = far;
    this.marked = 0;
    const nearRadius = this.lists.nearRadius;
    for (let j = 0; j < k; j++) {
      // r(j) > R / 2, i.e. q(j) < −R; the cap 2·r(j) = −q(j).
      if (!(dualLessBoundary[j]! < -nearRadius)) continue;
      this.pricedEvent = j;
      this.lists.search.run(events[j]!, this.priceVisit, -dualLessBoundary[j]!, -dualLessBoundary[j]! / 2);
    }
    this.unmarkEvents(events, k);
    return this.marked;
  }

  /** Adds event i's pairs with the events in partner row `row` of its detector, in partner order, and with `link` joins their components. */
  private addRowPairs(i: number, row: number, link: boolean): void {
    const { lists, eventIndex, eventBits, component, nearestPair, nearestDist } = this;
    if (lists.entryStart[row]! < 0) lists.ensure(row);
    let pairs = this.pairs;
    // Room for every listed partner, so the scan below needs no bounds checks.
    if (pairs + lists.rowLength[row]! > this.pairU.length) this.growPairs(pairs + lists.rowLength[row]!);
    const { dist, slots } = lists;
    const { pairU, pairV, pairDist, pairEntry } = this;
    const end = SLOT_STRIDE * (lists.rowStart[row]! + lists.rowSlots[row]!);
    for (let at = SLOT_STRIDE * lists.rowStart[row]!; at < end; at += SLOT_STRIDE) {
      const w = slots[at + SLOT_WORD]!;
      let hits = eventBits[w]!;
      if (hits === 0) continue;
      const rowBits = slots[at + SLOT_BITS]!;
      hits &= rowBits;
      while (hits !== 0) {
        const low = hits & -hits;
        hits ^= low;
        const j = eventIndex[(w << 5) | (31 - Math.clz32(low))]!;
        const x = slots[at + SLOT_ENTRY]! + popcount32(rowBits & (low - 1));
        const d = dist[x]!;
        pairU[pairs] = i;
        pairV[pairs] = j;
        pairDist[pairs] = d;
        pairEntry[pairs] = x;
        if (link && component[i] !== component[j]) union(component, i, j);
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

  /** A detector v settled at distance d by the pricing search from event pricedEvent (see markFarViolations). */
  private pricePartner(v: number, d: number): void {
    const i = this.eventIndex[v]!;
    if (i < 0 || !(d > this.lists.nearRadius)) return;
    const j = this.pricedEvent;
    const boundaryDist = this.detectors.boundaryDist;
    const u = this.lists.search.root;
    if (!(d < boundaryDist[u]! + boundaryDist[v]!)) return; // not a useful pair
    const root = pairRoot(boundaryDist, u, v) === u ? j : i;
    // A pair rooted at a marked event is in the graph already.
    if (this.pricedFar[root] === 1 || !(this.pricedDuals[i]! + this.pricedDuals[j]! + 2 * d < 0)) return;
    this.pricedFar[root] = 1;
    this.marked++;
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
