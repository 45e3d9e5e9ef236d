/**
 * Each detector's possible partners, computed on first use and kept: the detectors v whose pair
 * with u is useful and rooted at u (pair-search.ts), with the pair's distance and observables.
 * The lists take O(n·r) memory for n detectors and r partners per list (r is bounded by the
 * detectors within twice a detector's boundary distance), not O(n²).
 *
 * A shot reads them through bit rows: u's partners sorted by detector, with a bit per detector
 * over the window of words [firstWord[u], endWord[u]) they span. AND-ing a row with the shot's
 * event bits finds the partners that fired 32 detectors at a time (most listed partners did not
 * fire: detection events are sparse), and a partner's entry is found from its rank in the row —
 * the set bits before it, counted per word in rankBefore plus a popcount.
 */
import type { DetectorGraph } from '../graph/detector-graph.ts';
import { grown } from './grown-array.ts';
import { PairSearch, pairRoot } from './pair-search.ts';

/** Number of set bits of a 32-bit integer (SWAR popcount). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export class PartnerLists {
  /**
   * Detector u's entries are listStart[u] .. listStart[u] + listLength[u] − 1 in increasing
   * partner order (listStart −1: not computed yet); the partners themselves are the row's bits.
   */
  readonly listStart: Int32Array;
  readonly listLength: Int32Array;
  /** Entry x: the pair's distance, and obsWords words of observables at x·obsWords. */
  dist = new Float64Array(1024);
  obs: Int32Array;
  /** u's row covers words firstWord[u] .. endWord[u] − 1; word w is bits[rowStart[u] + w − firstWord[u]], with rankBefore alongside. */
  readonly firstWord: Int32Array;
  readonly endWord: Int32Array;
  readonly rowStart: Int32Array;
  bits = new Int32Array(1024);
  rankBefore = new Int32Array(1024);
  readonly search: PairSearch;
  private used = 0;
  private rowsUsed = 0;
  /** The partners found by the current search, in the order found (scratch). */
  private found = 0;
  private foundPartner = new Int32Array(64);
  private foundDist = new Float64Array(64);
  private foundObs: Int32Array;
  private readonly detectors: DetectorGraph;
  private root = 0;
  private readonly visit: (v: number, d: number) => void;

  constructor(detectors: DetectorGraph) {
    const n = detectors.numDetectors;
    this.detectors = detectors;
    this.search = new PairSearch(detectors);
    this.listStart = new Int32Array(n).fill(-1);
    this.listLength = new Int32Array(n);
    this.firstWord = new Int32Array(n);
    this.endWord = new Int32Array(n);
    this.rowStart = new Int32Array(n);
    this.obs = new Int32Array(1024 * detectors.obsWords);
    this.foundObs = new Int32Array(64 * detectors.obsWords);
    this.visit = (v, d) => this.consider(v, d);
  }

  /** Makes sure detector u's list and row are computed (call before reading them). */
  ensure(u: number): void {
    if (this.listStart[u]! >= 0) return;
    this.root = u;
    this.found = 0;
    this.search.run(u, this.visit);
    const length = this.found;
    const start = this.used;
    while (start + length > this.dist.length) this.grow();
    this.used += length;
    this.listStart[u] = start;
    this.listLength[u] = length;
    // Entries in increasing partner order, so that an entry's rank in the row finds it.
    const { foundPartner, foundDist, foundObs, dist, obs } = this;
    const obsWords = this.detectors.obsWords;
    const order = Array.from({ length }, (_, x) => x).sort((x, y) => foundPartner[x]! - foundPartner[y]!);
    order.forEach((from, x) => {
      dist[start + x] = foundDist[from]!;
      for (let w = 0; w < obsWords; w++) obs[(start + x) * obsWords + w] = foundObs[from * obsWords + w]!;
    });
    const first = length === 0 ? 0 : foundPartner[order[0]!]! >>> 5;
    const end = length === 0 ? 0 : (foundPartner[order[length - 1]!]! >>> 5) + 1;
    this.firstWord[u] = first;
    this.endWord[u] = end;
    this.rowStart[u] = this.rowsUsed;
    while (this.rowsUsed + (end - first) > this.bits.length) this.growRows();
    const { bits, rankBefore } = this;
    const base = this.rowsUsed - first;
    for (let w = first; w < end; w++) bits[base + w] = 0;
    for (let x = 0; x < length; x++) bits[base + (foundPartner[x]! >>> 5)]! |= 1 << (foundPartner[x]! & 31);
    for (let w = first, rank = 0; w < end; w++) {
      rankBefore[base + w] = rank;
      rank += popcount32(bits[base + w]!);
    }
    this.rowsUsed += end - first;
  }

  private consider(v: number, d: number): void {
    const root = this.root;
    const boundaryDist = this.detectors.boundaryDist;
    if (!(d < boundaryDist[root]! + boundaryDist[v]!) || pairRoot(boundaryDist, root, v) !== root) return;
    const obsWords = this.detectors.obsWords;
    if (this.found === this.foundPartner.length) {
      const c = 2 * this.found;
      this.foundPartner = grown(this.foundPartner, c);
      this.foundDist = grown(this.foundDist, c);
      this.foundObs = grown(this.foundObs, c * obsWords);
    }
    const at = this.found++;
    this.foundPartner[at] = v;
    this.foundDist[at] = d;
    const obs = this.search.obs;
    for (let w = 0; w < obsWords; w++) this.foundObs[at * obsWords + w] = obs[v * obsWords + w]!;
  }

  private grow(): void {
    const c = 2 * this.dist.length;
    this.dist = grown(this.dist, c);
    this.obs = grown(this.obs, c * this.detectors.obsWords);
  }

  private growRows(): void {
    this.bits = grown(this.bits, 2 * this.bits.length);
    this.rankBefore = grown(this.rankBefore, 2 * this.rankBefore.length);
  }
}
