/**
 * Exact minimum-weight perfect matching of one shot's detection events under weights chosen for
 * that shot — the second pass of correlated matching, whose weights depend on the first pass.
 * Nothing is cached between shots except the graph's shape, so any non-negative weights work.
 *
 * Per shot, for k events on a graph of n detectors and m edges:
 * 1. every detector's distance to the boundary under the shot's weights, b(x), and the path that
 *    achieves it: one multi-source Dijkstra search from the boundary edges (Dijkstra 1959),
 *    O(m log m);
 * 2. the *useful* event pairs, d(u, v) < b(u) + b(v) (any other pair may as well send both ends
 *    to the boundary): one Dijkstra search per event u, finding the pairs rooted at u — the end
 *    with the larger b, ties to the smaller detector — and pruned as the plain decoder's pair
 *    searches are (../search/pair-search.ts proves the pruning loses no such pair): a detector x
 *    at distance D is expanded only while D < b(u) + min(b(u), b(x)) and D + b(x) < 3·b(u);
 * 3. the matching: in each connected group of events (linked by useful pairs), a maximum-weight
 *    matching (Edmonds' blossom algorithm, ../blossom/blossom.ts) where pairing u with v saves
 *    b(u) + b(v) − d(u, v) over sending both to the boundary; unmatched events go to the
 *    boundary. That is the minimum-weight perfect matching with a boundary (the classic
 *    reduction; Higgott & Gidney, arXiv:2303.15933, §2). Events with no path to the boundary get
 *    a boundary distance larger than any matching's weight, so the maximum matches as many of
 *    them as possible first, and if one is left over the shot has no matching at all.
 *
 * Searching every event's whole pruned region costs O(k·n) per shot when events are dense, so the
 * searches start short — each stops at a radius R, so a pair rooted at u that it misses has
 * d(u, v) ≥ R(u) and saves at most b(u) + b(v) − R(u) — and grow only where the blossom
 * algorithm's final duals do not already prove that no missed pair could improve the matching:
 * a missed pair whose saving bound leaves a non-negative dual slack cannot enter an optimal
 * matching (LP duality for Edmonds' matching polytope), so when every missed pair passes, the
 * matching is optimal for the full problem; otherwise the radius of the failing pairs' roots
 * doubles (up to the unbounded search) and the groups are solved again.
 *
 * Integer weights that are all even (PyMatching's discretisation) keep the blossom algorithm's
 * duals integral, so every comparison is exact.
 */
import type { MatchedPair } from '../decoder.ts';
import { BOUNDARY, type MatchingGraph } from '../graph/matching-graph.ts';
import { boundaryPathEdges, buildDetectorGraph, medianWeight, type DetectorGraph } from '../graph/detector-graph.ts';
import { BlossomMatcher } from '../blossom/blossom.ts';
import { NoMatchingError } from '../matcher/event-matcher.ts';
import { MinHeap } from '../search/min-heap.ts';

export interface ReweightedMatching {
  /** Total integer weight under the shot's weights. */
  readonly integerWeight: number;
  /** The matched pairs, each with the graph edges of its path (from `a`'s end). */
  readonly matched: readonly MatchedPair[];
  /** One byte (0 or 1) per observable: the XOR of the observables of every path. */
  readonly observables: Uint8Array;
}

/**
 * A matching of the events and its dual certificate: slack(i, j, s) < 0 if pairing i with j at
 * saving s would improve it. dual[i] is event i's vertex dual (doubled units, as the blossom
 * algorithm keeps them): dual[i] + dual[j] − 2s is a lower bound on that slack (blossoms holding
 * both only add to it), and exact between groups.
 */
interface Solution {
  readonly partner: Int32Array;
  readonly dual: Float64Array;
  slack(i: number, j: number, saving: number): number;
}

export class ReweightedMatcher {
  private readonly graph: MatchingGraph;
  private readonly n: number;
  /** Detector v's neighbours are adjNode[adjStart[v] .. adjStart[v + 1]), by graph edges adjEdge[·]. */
  private readonly adjStart: Int32Array;
  private readonly adjNode: Int32Array;
  private readonly adjEdge: Int32Array;
  /** The boundary edge at detector v, or −1. */
  private readonly boundaryEdge: Int32Array;
  private readonly heap = new MinHeap(256);
  /** Per shot: distance to the boundary and the first edge of that path, from each detector. */
  private readonly boundaryDist: Float64Array;
  private readonly boundaryNext: Int32Array;
  /** Per search: distance from the root (valid where stamp = search), and the event at each detector. */
  private readonly dist: Float64Array;
  private readonly stamp: Int32Array;
  private search = 0;
  private readonly eventAt: Int32Array;
  /** predecessors[i][x]: the edge by which the search from event i reached x. */
  private readonly predecessors: Int32Array[] = [];
  /** Where searches stop at first: twice the median edge weight (a pair a couple of edges apart). */
  private readonly initialRadius: number;

  /** `detectors` is the plain decoder's view of the same graph, whose adjacency the searches read. */
  constructor(graph: MatchingGraph, detectors: DetectorGraph = buildDetectorGraph(graph)) {
    this.graph = graph;
    const n = graph.numDetectors;
    this.n = n;
    this.boundaryEdge = new Int32Array(n).fill(-1);
    graph.edges.forEach((edge, e) => {
      if (edge.b === BOUNDARY) this.boundaryEdge[edge.a] = e;
    });
    this.adjStart = detectors.start;
    this.adjNode = detectors.adjNode;
    this.adjEdge = detectors.adjEdge;
    this.boundaryDist = new Float64Array(n);
    this.boundaryNext = new Int32Array(n);
    this.dist = new Float64Array(n);
    this.stamp = new Int32Array(n);
    this.eventAt = new Int32Array(n).fill(-1);
    this.initialRadius = Math.max(2, 2 * medianWeight(detectors.weight));
  }

  /**
   * Matches `events` (distinct detectors) under `weight[e]`, a non-negative integer weight for
   * every graph edge. Throws NoMatchingError when some event can reach neither the boundary nor
   * an unmatched partner.
   */
  match(events: readonly number[], weight: Float64Array): ReweightedMatching {
    const k = events.length;
    this.boundaryDistances(weight);
    events.forEach((v, i) => (this.eventAt[v] = i));
    try {
      const radius = Float64Array.from(events, (v) => (this.boundaryDist[v] === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : this.initialRadius));
      // found[i]: (other event, distance) of every pair rooted at event i within its radius.
      const found: number[][] = [];
      let toSearch = Array.from({ length: k }, (_, i) => i);
      for (;;) {
        for (const i of toSearch) found[i] = this.searchFrom(i, events, weight, radius[i]!);
        const solution = this.solve(events, found);
        toSearch = this.rootsToWiden(events, found, radius, solution);
        if (toSearch.length === 0) return this.describe(events, weight, solution.partner);
        for (const i of toSearch) {
          const wider = 2 * radius[i]!;
          // Past 3·b(u) the pruning alone bounds the search: go unbounded.
          radius[i] = wider >= 3 * this.boundaryDist[events[i]!]! ? Number.POSITIVE_INFINITY : wider;
        }
      }
    } finally {
      for (const v of events) this.eventAt[v] = -1;
    }
  }

  /** Fills boundaryDist/boundaryNext for every detector: one Dijkstra search from the boundary. */
  private boundaryDistances(weight: Float64Array): void {
    const { n, heap, boundaryDist, boundaryNext, adjStart, adjNode, adjEdge } = this;
    boundaryDist.fill(Number.POSITIVE_INFINITY);
    boundaryNext.fill(-1);
    heap.size = 0;
    for (let v = 0; v < n; v++) {
      const e = this.boundaryEdge[v]!;
      if (e < 0) continue;
      boundaryDist[v] = weight[e]!;
      boundaryNext[v] = e;
      heap.push(weight[e]!, v);
    }
    while (heap.size > 0) {
      const key = heap.topKey();
      const u = heap.pop();
      if (key > boundaryDist[u]!) continue;
      for (let a = adjStart[u]!; a < adjStart[u + 1]!; a++) {
        const v = adjNode[a]!;
        const candidate = key + weight[adjEdge[a]!]!;
        if (candidate < boundaryDist[v]!) {
          boundaryDist[v] = candidate;
          boundaryNext[v] = adjEdge[a]!;
          heap.push(candidate, v);
        }
      }
    }
  }

  /**
   * Dijkstra from events[i], pruned to where the pairs rooted there can lie and stopped at
   * `radius`: the (other event, distance) of every pair rooted at events[i] closer than that.
   */
  private searchFrom(i: number, events: readonly number[], weight: Float64Array, radius: number): number[] {
    const { heap, dist, stamp, boundaryDist, adjStart, adjNode, adjEdge, eventAt } = this;
    const root = events[i]!;
    const bRoot = boundaryDist[root]!;
    const predecessor = (this.predecessors[i] ??= new Int32Array(this.n));
    const search = ++this.search;
    heap.size = 0;
    dist[root] = 0;
    stamp[root] = search;
    predecessor[root] = -1;
    heap.push(0, root);
    const pairs: number[] = [];
    while (heap.size > 0) {
      const key = heap.topKey();
      if (key >= radius) break;
      const x = heap.pop();
      if (key > dist[x]!) continue;
      const j = eventAt[x]!;
      const bx = boundaryDist[x]!;
      if (j >= 0 && j !== i && (bRoot > bx || (bRoot === bx && root < x))) pairs.push(j, key);
      // With no boundary in reach (b = ∞) the whole connected part is searched, as it must be.
      if (bRoot !== Number.POSITIVE_INFINITY && !(key < bRoot + Math.min(bRoot, bx) && key + bx < 3 * bRoot)) continue;
      for (let a = adjStart[x]!; a < adjStart[x + 1]!; a++) {
        const y = adjNode[a]!;
        const candidate = key + weight[adjEdge[a]!]!;
        if (stamp[y] !== search || candidate < dist[y]!) {
          stamp[y] = search;
          dist[y] = candidate;
          predecessor[y] = adjEdge[a]!;
          heap.push(candidate, y);
        }
      }
    }
    return pairs;
  }

  /** Whether events i and j (one the root of the other) are worth pairing at distance d: d < b(i) + b(j). */
  private useful(events: readonly number[], i: number, j: number, d: number): boolean {
    const sum = this.boundaryDist[events[i]!]! + this.boundaryDist[events[j]!]!;
    return d < sum || sum === Number.POSITIVE_INFINITY;
  }

  /**
   * The roots whose missed pairs might still improve the solution: for each pair (i, j) not
   * found, rooted at r with a finite radius, its saving is at most b(i) + b(j) − R(r); if that
   * bound already has non-negative dual slack, the pair cannot enter an optimal matching.
   */
  private rootsToWiden(events: readonly number[], found: readonly number[][], radius: Float64Array, solution: Solution): number[] {
    const k = events.length;
    const known = new Uint8Array(k * k);
    found.forEach((list, i) => {
      for (let t = 0; t < list.length; t += 2) known[i * k + list[t]!] = known[list[t]! * k + i] = 1;
    });
    const widen = new Uint8Array(k);
    const { dual } = solution;
    for (let i = 0; i < k; i++) {
      const bi = this.boundaryDist[events[i]!]!;
      for (let j = i + 1; j < k; j++) {
        if (known[i * k + j]) continue;
        const bj = this.boundaryDist[events[j]!]!;
        const root = bi > bj || (bi === bj && events[i]! < events[j]!) ? i : j;
        const bound = bi + bj - radius[root]!;
        if (!(bound > 0 && bound < Number.POSITIVE_INFINITY) || dual[i]! + dual[j]! >= 2 * bound) continue;
        if (solution.slack(i, j, bound) < 0) widen[root] = 1;
      }
    }
    const roots: number[] = [];
    widen.forEach((flag, i) => flag && roots.push(i));
    return roots;
  }

  /**
   * The maximum-saving matching over the found useful pairs: partner[i] is the event matched to
   * event i, or −1 for the boundary. Solves each group of events linked by useful pairs on its own
   * (groups do not interact), and keeps each group's blossom duals for rootsToWiden.
   */
  private solve(events: readonly number[], found: readonly number[][]): Solution {
    const pairs: number[] = []; // (event, event, distance) triples
    found.forEach((list, i) => {
      for (let t = 0; t < list.length; t += 2) if (this.useful(events, i, list[t]!, list[t + 1]!)) pairs.push(i, list[t]!, list[t + 1]!);
    });
    const k = events.length;
    const matcherOf: (BlossomMatcher | undefined)[] = new Array(k);
    const localOf = new Int32Array(k);
    const partner = new Int32Array(k).fill(-1);
    // A lone event's dual is 0 (it has no edge to cover).
    const dual = new Float64Array(k);
    const group = Int32Array.from({ length: k }, (_, i) => i);
    const find = (i: number): number => {
      while (group[i] !== i) i = group[i] = group[group[i]!]!;
      return i;
    };
    for (let t = 0; t < pairs.length; t += 3) group[find(pairs[t]!)] = find(pairs[t + 1]!);
    const members = new Map<number, number[]>();
    for (let i = 0; i < k; i++) {
      const g = find(i);
      const list = members.get(g);
      if (list === undefined) members.set(g, [i]);
      else list.push(i);
    }
    const pairsOf = new Map<number, number[]>();
    for (let t = 0; t < pairs.length; t += 3) {
      const g = find(pairs[t]!);
      const list = pairsOf.get(g);
      if (list === undefined) pairsOf.set(g, [t]);
      else list.push(t);
    }
    for (const [g, list] of members) {
      if (list.length === 1) {
        const i = list[0]!;
        if (this.boundaryDist[events[i]!] === Number.POSITIVE_INFINITY) throw this.unmatchable(events[i]!);
        continue;
      }
      const offsets = pairsOf.get(g) ?? [];
      const [i, j] = list as [number, number];
      if (list.length === 2 && offsets.length === 1 && this.boundaryDist[events[i]!]! + this.boundaryDist[events[j]!]! < Number.POSITIVE_INFINITY) {
        // One useful pair: matched, each end's dual half of the doubled saving (a tight edge).
        partner[i] = j;
        partner[j] = i;
        dual[i] = dual[j] = this.boundaryDist[events[i]!]! + this.boundaryDist[events[j]!]! - pairs[offsets[0]! + 2]!;
        continue;
      }
      const matcher = this.solveGroup(events, list, pairs, offsets, partner);
      list.forEach((i, at) => {
        matcherOf[i] = matcher;
        localOf[i] = at;
        dual[i] = matcher.dual[at]!;
      });
    }
    const slack = (i: number, j: number, saving: number) => {
      const matcher = matcherOf[i];
      return matcher !== undefined && matcher === matcherOf[j] ? matcher.edgeSlack(localOf[i]!, localOf[j]!, saving) : dual[i]! + dual[j]! - 2 * saving;
    };
    return { partner, dual, slack };
  }

  private solveGroup(events: readonly number[], list: readonly number[], pairs: readonly number[], offsets: readonly number[], partner: Int32Array): BlossomMatcher {
    const local = new Map<number, number>();
    list.forEach((i, at) => local.set(i, at));
    // Larger than any matching's total weight in this group: the boundary distance of an event that has none.
    let unreachable = 2;
    for (const i of list) {
      const b = this.boundaryDist[events[i]!]!;
      if (b !== Number.POSITIVE_INFINITY) unreachable += 2 * b;
    }
    for (const t of offsets) unreachable += 2 * pairs[t + 2]!;
    const boundaryOf = (i: number) => {
      const b = this.boundaryDist[events[i]!]!;
      return b === Number.POSITIVE_INFINITY ? unreachable : b;
    };
    const u = new Int32Array(offsets.length);
    const v = new Int32Array(offsets.length);
    const saving = new Float64Array(offsets.length);
    offsets.forEach((t, at) => {
      const i = pairs[t]!;
      const j = pairs[t + 1]!;
      u[at] = local.get(i)!;
      v[at] = local.get(j)!;
      saving[at] = boundaryOf(i) + boundaryOf(j) - pairs[t + 2]!;
    });
    const matcher = new BlossomMatcher();
    matcher.solve(list.length, offsets.length, u, v, saving);
    list.forEach((i, at) => {
      const m = matcher.mateOf(at);
      if (m >= 0) partner[i] = list[m]!;
      else if (this.boundaryDist[events[i]!] === Number.POSITIVE_INFINITY) throw this.unmatchable(events[i]!);
    });
    return matcher;
  }

  private unmatchable(detector: number): NoMatchingError {
    return new NoMatchingError(`detection event D${detector} can be matched neither to the boundary nor to another event`);
  }

  /** The pairs with their paths, the total weight and the predicted observables. */
  private describe(events: readonly number[], weight: Float64Array, partner: Int32Array): ReweightedMatching {
    const { graph, boundaryDist } = this;
    const obs = new Uint8Array(graph.numObservables);
    const matched: MatchedPair[] = [];
    let total = 0;
    const flipObservables = (path: readonly number[]) => {
      for (const e of path) for (const o of graph.edges[e]!.observables) obs[o]! ^= 1;
    };
    for (let i = 0; i < events.length; i++) {
      const j = partner[i]!;
      const a = events[i]!;
      if (j < 0) {
        const path = boundaryPathEdges(graph, this.boundaryNext, a);
        flipObservables(path);
        total += boundaryDist[a]!;
        matched.push({ a, b: BOUNDARY, integerWeight: boundaryDist[a]!, edges: path });
        continue;
      }
      if (j < i) continue;
      const path: number[] = [];
      // The pair was found from its root's search; walk that search's tree from the other end.
      const b = events[j]!;
      const bA = boundaryDist[a]!;
      const bB = boundaryDist[b]!;
      const rootIsA = bA > bB || (bA === bB && a < b);
      const predecessor = this.predecessors[rootIsA ? i : j]!;
      const root = rootIsA ? a : b;
      let pathWeight = 0;
      for (let x = rootIsA ? b : a; x !== root; ) {
        const e = predecessor[x]!;
        path.push(e);
        pathWeight += weight[e]!;
        const edge = graph.edges[e]!;
        x = edge.a === x ? edge.b : edge.a;
      }
      if (rootIsA) path.reverse();
      flipObservables(path);
      total += pathWeight;
      matched.push({ a, b, integerWeight: pathWeight, edges: path });
    }
    return { integerWeight: total, matched, observables: obs };
  }
}
