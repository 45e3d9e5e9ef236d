/**
 * Sparse blossom (Higgott & Gidney, "Sparse Blossom: correcting a million errors per core second
 * with minimum-weight matching", arXiv:2303.15933 — PyMatching 2's algorithm, written anew here):
 * exact minimum-weight perfect matching of a shot's detection events on the detector graph's
 * shortest-path metric, by growing regions over the graph itself. No distances between detectors
 * are precomputed or stored; the work is proportional to the nodes the regions cover, which
 * grows with the number of detection events, not with the graph.
 *
 * The flooder (flooder.ts) moves regions in time order over the graph (flood-graph.ts) and hands
 * the alternating trees (alternating-trees.ts) the events that need a decision. When the flood
 * stops every region is matched; matched compressed edges give the predicted observables directly
 * (blossoms are expanded by their cycles), and the sum of all region radii — the dual objective,
 * equal to the matching's weight at the optimum — is the total weight.
 *
 * MatchingDecoder.decodeBatch uses it on graphs of 300 detectors or more (the measured rule is
 * in decoder.ts); decode(), which reports each pair's edge path, keeps the pair engine.
 */
import { NoMatchingError } from '../matcher/event-matcher.ts';
import type { DetectorGraph } from '../graph/detector-graph.ts';
import { grown } from '../search/grown-array.ts';
import { AlternatingTrees } from './alternating-trees.ts';
import { buildFloodGraph } from './flood-graph.ts';
import { FloodEvent, Flooder } from './flooder.ts';
import { MATCHED_TO_BOUNDARY, TOP_LEVEL, UNMATCHED } from './region-store.ts';

export class SparseBlossom {
  private readonly flooder: Flooder;
  private readonly trees: AlternatingTrees;
  private expandRegion: Int32Array;
  private expandEvent: Int32Array;

  constructor(detectors: DetectorGraph) {
    this.flooder = new Flooder(buildFloodGraph(detectors));
    const capacity = this.flooder.regionCapacity;
    this.trees = new AlternatingTrees(this.flooder, capacity);
    this.expandRegion = new Int32Array(capacity);
    this.expandEvent = new Int32Array(capacity);
  }

  /**
   * Matches the detection events events[0..k) (distinct detectors), XORs the observables the
   * matching flips into obsAcc[0], and returns its total integer weight. Throws NoMatchingError
   * when some events can reach neither a partner nor the boundary.
   */
  match(events: Int32Array, k: number, obsAcc: Int32Array): number {
    const flooder = this.flooder;
    const trees = this.trees;
    flooder.reset();
    trees.reset();
    for (let i = 0; i < k; i++) trees.addRoot(flooder.addEvent(events[i]!));
    // Once every region is matched nothing moves, so the entries left in the queue are moot.
    while (trees.liveTrees > 0) {
      const event = flooder.nextEvent();
      if (event === FloodEvent.None) break;
      if (event === FloodEvent.Collision) {
        trees.collide(flooder.eventRegion1, flooder.eventRegion2, flooder.eventSource, flooder.eventTarget, flooder.eventObs);
        flooder.rescheduleEventNode();
      } else if (event === FloodEvent.Boundary) {
        trees.hitBoundary(flooder.eventRegion1, flooder.eventSource, flooder.eventObs);
        flooder.rescheduleEventNode();
      } else {
        trees.shrunkToZero(flooder.eventRegion1);
      }
    }
    return this.collect(obsAcc);
  }

  /** Sums the radii and XORs in the observables of every matched compressed edge, blossoms expanded. */
  private collect(obsAcc: Int32Array): number {
    const regions = this.flooder.regions;
    let weight = 0;
    let obs = 0;
    let depth = 0;
    for (let r = 0; r < regions.count; r++) {
      weight += regions.intercept[r]!;
      if (regions.blossomParent[r] !== TOP_LEVEL) continue;
      const partner = regions.matchRegion[r]!;
      if (partner === UNMATCHED) throw new NoMatchingError('some detection events can reach neither another event nor the boundary');
      if (partner === MATCHED_TO_BOUNDARY || partner > r) obs ^= regions.matchObs[r]!;
      depth = this.expandIfBlossom(depth, r, regions.matchSource[r]!);
    }
    // A blossom matched through child c: c takes the match, the rest pair up round the cycle.
    while (depth > 0) {
      depth--;
      const blossom = this.expandRegion[depth]!;
      const event = this.expandEvent[depth]!;
      const start = regions.cycleStart[blossom]!;
      const length = regions.cycleLength[blossom]!;
      const entry = this.trees.childIndex(blossom, event);
      depth = this.expandIfBlossom(depth, regions.cycleRegion[start + entry]!, event);
      for (let i = 1; i < length; i += 2) {
        const c = start + ((entry + i) % length);
        const next = start + ((entry + i + 1) % length);
        obs ^= regions.cycleObs[c]!;
        depth = this.expandIfBlossom(depth, regions.cycleRegion[c]!, regions.cycleSource[c]!);
        depth = this.expandIfBlossom(depth, regions.cycleRegion[next]!, regions.cycleTarget[c]!);
      }
    }
    obsAcc[0]! ^= obs;
    return weight;
  }

  /** Stacks `region`, matched through its detection event `event`, for expansion if it is a blossom (a trivial region has nothing inside to pair up). */
  private expandIfBlossom(depth: number, region: number, event: number): number {
    if (this.flooder.regions.sourceNode[region] !== -1) return depth;
    if (depth === this.expandRegion.length) {
      this.expandRegion = grown(this.expandRegion, 2 * depth);
      this.expandEvent = grown(this.expandEvent, 2 * depth);
    }
    this.expandRegion[depth] = region;
    this.expandEvent[depth] = event;
    return depth + 1;
  }
}
