/**
 * The graph-fill regions of sparse blossom (Higgott & Gidney, arXiv:2303.15933, section 3.1):
 * one trivial region per detection event and the blossoms formed from odd cycles of regions.
 * A region's radius is piecewise linear in time — radius(t) = intercept + slope·t with slope +1
 * (growing, an outer region of an alternating tree), 0 (frozen: matched, or inside a blossom) or
 * −1 (shrinking, an inner region) — so changing a region's speed is O(1) and its nodes' distances
 * follow without being touched.
 *
 * Matches and cycle links are compressed edges (the paper's section 3.2): the two detection events
 * at the ends of a path and the observables the path flips, never the path itself — enough to
 * predict observables and to find which blossom child an edge enters.
 *
 * Everything lives in typed arrays indexed by region id: ids 0..k−1 are the shot's detection
 * events, blossoms take the next ids, and the arrays grow by doubling to the largest shot seen, so
 * a shot allocates nothing once warm.
 */
import { grown } from '../search/grown-array.ts';

/** matchRegion of a region matched to the boundary. */
export const MATCHED_TO_BOUNDARY = -2;
/** matchRegion of a region not matched. */
export const UNMATCHED = -1;
/** blossomParent of a top-level region. */
export const TOP_LEVEL = -1;
/** blossomParent of a blossom that has shattered (its ids are not reused within a shot). */
export const SHATTERED = -3;

export class RegionStore {
  count = 0;
  intercept: Float64Array;
  slope: Int32Array;
  blossomParent: Int32Array;
  /** The detection-event node of a trivial region, −1 for a blossom. */
  sourceNode: Int32Array;
  /** The latest node the region reached itself (a stack through the flooder's shellPrev links), −1 if none. */
  shellTail: Int32Array;
  /** A blossom's children are cycle entries cycleStart .. cycleStart + cycleLength. */
  cycleStart: Int32Array;
  cycleLength: Int32Array;
  /** The region (or MATCHED_TO_BOUNDARY / UNMATCHED) this one is matched to, and the compressed edge: an event inside this region, one inside the partner (−1 for the boundary), observables. */
  matchRegion: Int32Array;
  matchSource: Int32Array;
  matchTarget: Int32Array;
  matchObs: Int32Array;
  /** The alternating-tree node holding this region, −1 if none. */
  treeNode: Int32Array;
  /** Time of this region's queued shrink event (Infinity if none): the flooder's tracker. */
  queuedAt: Float64Array;

  /** Cycle entries: the child region and the compressed edge from it to the next child. */
  cycleCount = 0;
  cycleRegion: Int32Array;
  cycleSource: Int32Array;
  cycleTarget: Int32Array;
  cycleObs: Int32Array;

  /** `capacity`: regions (and cycle entries) held before the arrays first grow. */
  constructor(capacity: number) {
    this.intercept = new Float64Array(capacity);
    this.slope = new Int32Array(capacity);
    this.blossomParent = new Int32Array(capacity);
    this.sourceNode = new Int32Array(capacity);
    this.shellTail = new Int32Array(capacity);
    this.cycleStart = new Int32Array(capacity);
    this.cycleLength = new Int32Array(capacity);
    this.matchRegion = new Int32Array(capacity);
    this.matchSource = new Int32Array(capacity);
    this.matchTarget = new Int32Array(capacity);
    this.matchObs = new Int32Array(capacity);
    this.treeNode = new Int32Array(capacity);
    this.queuedAt = new Float64Array(capacity);
    this.cycleRegion = new Int32Array(capacity);
    this.cycleSource = new Int32Array(capacity);
    this.cycleTarget = new Int32Array(capacity);
    this.cycleObs = new Int32Array(capacity);
  }

  reset(): void {
    this.count = 0;
    this.cycleCount = 0;
  }

  radius(region: number, time: number): number {
    return this.intercept[region]! + this.slope[region]! * time;
  }

  /**
   * A new region of radius 0 moving at `slope`, top level, unmatched and childless. The compressed
   * match edge and cycleStart are left as they are: every read of them follows a match or a cycle.
   */
  add(sourceNode: number, slope: number): number {
    const r = this.count++;
    if (r === this.intercept.length) this.grow(2 * r);
    this.intercept[r] = 0;
    this.slope[r] = slope;
    this.blossomParent[r] = TOP_LEVEL;
    this.sourceNode[r] = sourceNode;
    this.shellTail[r] = -1;
    this.cycleLength[r] = 0;
    this.matchRegion[r] = UNMATCHED;
    this.treeNode[r] = -1;
    this.queuedAt[r] = Number.POSITIVE_INFINITY;
    return r;
  }

  /** Matches a with b (or the boundary when b is MATCHED_TO_BOUNDARY) by the compressed edge (source in a, target in b). */
  match(a: number, b: number, source: number, target: number, obs: number): void {
    this.matchRegion[a] = b;
    this.matchSource[a] = source;
    this.matchTarget[a] = target;
    this.matchObs[a] = obs;
    if (b < 0) return;
    this.matchRegion[b] = a;
    this.matchSource[b] = target;
    this.matchTarget[b] = source;
    this.matchObs[b] = obs;
  }

  pushCycleEntry(region: number, source: number, target: number, obs: number): void {
    const i = this.cycleCount++;
    if (i === this.cycleRegion.length) {
      this.cycleRegion = grown(this.cycleRegion, 2 * i);
      this.cycleSource = grown(this.cycleSource, 2 * i);
      this.cycleTarget = grown(this.cycleTarget, 2 * i);
      this.cycleObs = grown(this.cycleObs, 2 * i);
    }
    this.cycleRegion[i] = region;
    this.cycleSource[i] = source;
    this.cycleTarget[i] = target;
    this.cycleObs[i] = obs;
  }

  private grow(capacity: number): void {
    this.intercept = grown(this.intercept, capacity);
    this.slope = grown(this.slope, capacity);
    this.blossomParent = grown(this.blossomParent, capacity);
    this.sourceNode = grown(this.sourceNode, capacity);
    this.shellTail = grown(this.shellTail, capacity);
    this.cycleStart = grown(this.cycleStart, capacity);
    this.cycleLength = grown(this.cycleLength, capacity);
    this.matchRegion = grown(this.matchRegion, capacity);
    this.matchSource = grown(this.matchSource, capacity);
    this.matchTarget = grown(this.matchTarget, capacity);
    this.matchObs = grown(this.matchObs, capacity);
    this.treeNode = grown(this.treeNode, capacity);
    this.queuedAt = grown(this.queuedAt, capacity);
  }
}
