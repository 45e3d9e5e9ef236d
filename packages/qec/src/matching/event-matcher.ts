/**
 * Exact minimum-weight perfect matching of one shot's detection events on the metric closure of
 * the matching graph (pair-table.ts), each event paired with another event or with the boundary.
 *
 * 1. Pruning (exact): an event pair (i, j) with d(i, j) ≥ b(i) + b(j) — b the distance to the
 *    boundary — can be replaced by matching both to the boundary at no extra cost, so some
 *    optimum uses only pairs with d(i, j) < b(i) + b(j). The events then split into the connected
 *    components of those "useful" pairs, and the optimum is the sum of the components' optima.
 *    O(k²) for k events. At low noise nearly every component has one or two events.
 * 2. Per component of m events: m = 1 in closed form; m ≤ DEFAULT_DP_MAX_EVENTS by dynamic
 *    programming over subsets — f(S) = min(b(i) + f(S∖i), min_j d(i, j) + f(S∖{i, j})) with i
 *    the lowest event of S — in O(m·2^m); larger ones as a maximum-weight matching of "savings"
 *    b(i) + b(j) − d(i, j) with Edmonds' blossom algorithm (O(m³) at worst), split into local
 *    groups made exact by pricing the pairs between them against the blossom duals
 *    (cluster-matcher.ts).
 *
 * All weights are the integer weights of the pair table, so comparisons and sums are exact.
 * Scratch memory grows to the largest shot seen and is then reused: no allocation per shot
 * except in the blossom path.
 */
import { ClusterMatcher, find, union } from './cluster-matcher.ts';
import type { PairTable } from './pair-table.ts';

/** Above this many events in a component, cluster-matcher.ts beats the O(m·2^m) DP (measured). */
export const DEFAULT_DP_MAX_EVENTS = 8;

/** The events cannot all be paired: an odd set of them has no path to each other or the boundary. */
export class NoMatchingError extends Error {
  override readonly name = 'NoMatchingError';
}

export class EventMatcher {
  private readonly n: number;
  private readonly dist: Float64Array;
  private readonly boundaryDist: Float64Array;
  private capacity = 0;
  private root = new Int32Array(0);
  private order = new Int32Array(0);
  private start = new Int32Array(1);
  private eventBoundary = new Float64Array(0);
  private eventDist = new Float64Array(0);
  private nearest = new Int32Array(0);
  private nearestDist = new Float64Array(0);
  private localIndex = new Int32Array(0);
  private readonly dpMaxEvents: number;
  private readonly dp: Float64Array;
  private readonly choice: Int8Array;
  private readonly localDist: Float64Array;
  private readonly localBoundary: Float64Array;
  private readonly cluster = new ClusterMatcher();
  private largeBoundary = new Float64Array(0);
  private largeDist = new Float64Array(0);
  private largeNearest = new Int32Array(0);
  private largeMate = new Int32Array(0);

  /** `dpMaxEvents` (2..16) moves the DP/blossom threshold, for tests and tuning. */
  constructor(table: PairTable, dpMaxEvents = DEFAULT_DP_MAX_EVENTS) {
    if (!(dpMaxEvents >= 2 && dpMaxEvents <= 16)) throw new RangeError(`dpMaxEvents must be in 2..16, got ${dpMaxEvents}`);
    this.n = table.numDetectors;
    this.dist = table.dist;
    this.boundaryDist = table.boundaryDist;
    this.dpMaxEvents = dpMaxEvents;
    this.dp = new Float64Array(1 << dpMaxEvents);
    this.choice = new Int8Array(1 << dpMaxEvents);
    this.localDist = new Float64Array(dpMaxEvents * dpMaxEvents);
    this.localBoundary = new Float64Array(dpMaxEvents);
  }

  /**
   * Matches the k distinct detectors in `events[0..k)`: sets partner[i] to the index of the event
   * matched with event i, or −1 for the boundary, and returns the total integer weight. Throws
   * NoMatchingError when no perfect matching exists.
   */
  match(events: Int32Array, k: number, partner: Int32Array): number {
    const { n, dist, boundaryDist } = this;
    if (k === 0) return 0;
    if (k === 1) {
      partner[0] = -1;
      return this.checked(boundaryDist[events[0]!]!, events, k);
    }
    if (k === 2) {
      const a = events[0]!;
      const b = events[1]!;
      const pair = dist[a * n + b]!;
      const apart = boundaryDist[a]! + boundaryDist[b]!;
      if (pair <= apart) {
        partner[0] = 1;
        partner[1] = 0;
        return this.checked(pair, events, k);
      }
      partner[0] = partner[1] = -1;
      return this.checked(apart, events, k);
    }
    this.ensureCapacity(k);
    // One pass over the (large, cache-unfriendly) pair table: keep the k×k distances between
    // this shot's events in a small local matrix for the solvers below.
    // Also note each event's nearest useful partner, where large clusters start their groups.
    const { root, eventBoundary, eventDist, nearest, nearestDist } = this;
    for (let i = 0; i < k; i++) {
      root[i] = i;
      eventBoundary[i] = boundaryDist[events[i]!]!;
      nearest[i] = -1;
      nearestDist[i] = Number.POSITIVE_INFINITY;
    }
    for (let i = 0; i < k; i++) {
      const row = events[i]! * n;
      const ba = eventBoundary[i]!;
      for (let j = i + 1; j < k; j++) {
        const d = dist[row + events[j]!]!;
        eventDist[i * k + j] = eventDist[j * k + i] = d;
        if (!(d < ba + eventBoundary[j]!)) continue;
        union(root, i, j);
        if (d < nearestDist[i]!) {
          nearest[i] = j;
          nearestDist[i] = d;
        }
        if (d < nearestDist[j]!) {
          nearest[j] = i;
          nearestDist[j] = d;
        }
      }
    }
    // Group the events by component with a counting sort (members stay in increasing order; a
    // component's root is its first event), then solve each.
    const { order, start } = this;
    for (let i = 0; i <= k; i++) start[i] = 0;
    for (let i = 0; i < k; i++) {
      root[i] = find(root, i); // full compression: root[i] is now i's component root
      start[root[i]! + 1]!++;
    }
    for (let i = 0; i < k; i++) start[i + 1]! += start[i]!;
    for (let i = 0; i < k; i++) order[start[root[i]!]!++] = i;
    let total = 0;
    for (let r = 0, begin = 0; r < k; r++) {
      if (root[r] !== r) continue;
      const end = start[r]!;
      total += this.matchComponent(k, order, begin, end - begin, partner);
      begin = end;
    }
    return this.checked(total, events, k);
  }

  private checked(weight: number, events: Int32Array, k: number): number {
    if (weight === Number.POSITIVE_INFINITY) {
      const list = Array.from(events.subarray(0, k), (d) => `D${d}`).join(' ');
      throw new NoMatchingError(
        `no perfect matching exists for detection events ${list}: an odd number of them lie in a part ` +
          'of the matching graph with no boundary',
      );
    }
    return weight;
  }

  /** Matches the events order[begin..begin+m) (indices into this shot's k events) among themselves and the boundary. */
  private matchComponent(k: number, order: Int32Array, begin: number, m: number, partner: Int32Array): number {
    const { eventDist, eventBoundary, localDist, localBoundary } = this;
    if (m === 1) {
      partner[order[begin]!] = -1;
      return eventBoundary[order[begin]!]!;
    }
    if (m > this.dpMaxEvents) return this.matchLarge(k, order, begin, m, partner);
    for (let i = 0; i < m; i++) {
      const row = order[begin + i]! * k;
      localBoundary[i] = eventBoundary[order[begin + i]!]!;
      for (let j = 0; j < m; j++) localDist[i * m + j] = eventDist[row + order[begin + j]!]!;
    }
    const { dp, choice } = this;
    const full = (1 << m) - 1;
    dp[0] = 0;
    for (let set = 1; set <= full; set++) {
      const i = 31 - Math.clz32(set & -set);
      const rest = set ^ (1 << i);
      let best = localBoundary[i]! + dp[rest]!;
      let bestChoice = -1;
      for (let others = rest; others !== 0; others &= others - 1) {
        const j = 31 - Math.clz32(others & -others);
        const candidate = localDist[i * m + j]! + dp[rest ^ (1 << j)]!;
        if (candidate < best) {
          best = candidate;
          bestChoice = j;
        }
      }
      dp[set] = best;
      choice[set] = bestChoice;
    }
    for (let set = full; set !== 0; ) {
      const i = 31 - Math.clz32(set & -set);
      const j = choice[set]!;
      const ei = order[begin + i]!;
      if (j < 0) {
        partner[ei] = -1;
        set ^= 1 << i;
      } else {
        const ej = order[begin + j]!;
        partner[ei] = ej;
        partner[ej] = ei;
        set ^= (1 << i) | (1 << j);
      }
    }
    return dp[full]!;
  }

  /** Large clusters: exact split-solve-price decomposition with the blossom algorithm (cluster-matcher.ts). */
  private matchLarge(k: number, order: Int32Array, begin: number, m: number, partner: Int32Array): number {
    const { eventDist, eventBoundary } = this;
    if (this.largeBoundary.length < m) {
      this.largeBoundary = new Float64Array(m);
      this.largeDist = new Float64Array(m * m);
      this.largeNearest = new Int32Array(m);
      this.largeMate = new Int32Array(m);
    }
    const { largeBoundary, largeDist, largeNearest, largeMate, nearest, localIndex } = this;
    for (let i = 0; i < m; i++) localIndex[order[begin + i]!] = i;
    for (let i = 0; i < m; i++) {
      const e = order[begin + i]!;
      const row = e * k;
      largeBoundary[i] = eventBoundary[e]!;
      // A useful pair never leaves its component, so the nearest partner is local.
      largeNearest[i] = nearest[e]! < 0 ? -1 : localIndex[nearest[e]!]!;
      for (let j = 0; j < m; j++) largeDist[i * m + j] = eventDist[row + order[begin + j]!]!;
    }
    const total = this.cluster.solve(m, largeBoundary, largeDist, largeNearest, largeMate);
    for (let i = 0; i < m; i++) {
      const j = largeMate[i]!;
      partner[order[begin + i]!] = j < 0 ? -1 : order[begin + j]!;
    }
    return total;
  }

  private ensureCapacity(k: number): void {
    if (k <= this.capacity) return;
    this.capacity = Math.max(k, 2 * this.capacity);
    this.root = new Int32Array(this.capacity);
    this.order = new Int32Array(this.capacity);
    this.start = new Int32Array(this.capacity + 1);
    this.eventBoundary = new Float64Array(this.capacity);
    this.eventDist = new Float64Array(this.capacity * this.capacity);
    this.nearest = new Int32Array(this.capacity);
    this.nearestDist = new Float64Array(this.capacity);
    this.localIndex = new Int32Array(this.capacity);
  }
}
