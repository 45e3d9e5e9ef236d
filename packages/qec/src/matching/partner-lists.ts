/**
 * Each detector's possible partners, computed on first use and kept: the detectors v whose pair
 * with u is useful and rooted at u (pair-search.ts), with the pair's distance and observables.
 * A shot then finds its useful pairs by scanning its events' lists — O(list length) array reads
 * per event, no search — and the lists take O(n·r) memory for n detectors and r partners per
 * list (r is bounded by the detectors within twice a detector's boundary distance), not O(n²).
 */
import type { DetectorGraph } from './detector-graph.ts';
import { PairSearch, pairRoot } from './pair-search.ts';

export class PartnerLists {
  /** Detector u's list is entries listStart[u] .. listStart[u] + listLength[u] − 1 (listStart −1: not computed yet). */
  readonly listStart: Int32Array;
  readonly listLength: Int32Array;
  /** Entry x: partner detector, distance, and obsWords words of observables at x·obsWords. */
  partner = new Int32Array(1024);
  dist = new Float64Array(1024);
  obs: Int32Array;
  readonly search: PairSearch;
  private used = 0;
  private readonly detectors: DetectorGraph;
  private root = 0;
  private readonly visit: (v: number, d: number) => void;

  constructor(detectors: DetectorGraph) {
    this.detectors = detectors;
    this.search = new PairSearch(detectors);
    this.listStart = new Int32Array(detectors.numDetectors).fill(-1);
    this.listLength = new Int32Array(detectors.numDetectors);
    this.obs = new Int32Array(1024 * detectors.obsWords);
    this.visit = (v, d) => this.consider(v, d);
  }

  /** Makes sure detector u's list is computed (call before reading listStart[u]). */
  ensure(u: number): void {
    if (this.listStart[u]! >= 0) return;
    this.listStart[u] = this.used;
    this.root = u;
    this.search.run(u, this.visit);
    this.listLength[u] = this.used - this.listStart[u]!;
  }

  private consider(v: number, d: number): void {
    const root = this.root;
    const boundaryDist = this.detectors.boundaryDist;
    if (!(d < boundaryDist[root]! + boundaryDist[v]!) || pairRoot(boundaryDist, root, v) !== root) return;
    if (this.used === this.partner.length) this.grow();
    const at = this.used++;
    const obsWords = this.detectors.obsWords;
    this.partner[at] = v;
    this.dist[at] = d;
    const obs = this.search.obs;
    for (let w = 0; w < obsWords; w++) this.obs[at * obsWords + w] = obs[v * obsWords + w]!;
  }

  private grow(): void {
    const c = 2 * this.partner.length;
    const partner = new Int32Array(c);
    const dist = new Float64Array(c);
    const obs = new Int32Array(c * this.detectors.obsWords);
    partner.set(this.partner);
    dist.set(this.dist);
    obs.set(this.obs);
    this.partner = partner;
    this.dist = dist;
    this.obs = obs;
  }
}
