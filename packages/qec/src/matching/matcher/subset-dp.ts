/**
 * Exact minimum-weight matching with boundary of a few events by dynamic programming over
 * subsets: cost(S) = min(b(i) + cost(S∖i), min_j d(i, j) + cost(S∖{i, j})) with i the lowest event
 * of S, cost(∅) = 0 — O(m·2^m) time and 2^m memory for m events, which beats the blossom algorithm's
 * constant factors for the small, isolated clusters of events typical at low noise.
 */
export class SubsetDp {
  readonly maxEvents: number;
  /** cost(S) for each subset S of the component's events (a bit set), and choice(S): the mate of S's lowest event in S's optimum (−1: the boundary). */
  private readonly cost: Float64Array;
  private readonly choice: Int8Array;
  /** The component's pair distances (∞ for pairs that are not useful), the pairs' numbers, boundary distances, mates. */
  private readonly dist: Float64Array;
  private readonly pair: Int32Array;
  private readonly localBoundary: Float64Array;
  private readonly mate: Int32Array;

  constructor(maxEvents: number) {
    this.maxEvents = maxEvents;
    this.cost = new Float64Array(1 << maxEvents);
    this.choice = new Int8Array(1 << maxEvents);
    this.dist = new Float64Array(maxEvents * maxEvents);
    this.pair = new Int32Array(maxEvents * maxEvents);
    this.localBoundary = new Float64Array(maxEvents);
    this.mate = new Int32Array(maxEvents);
  }

  /**
   * Matches the m ≤ maxEvents events list[begin..begin+m), a whole connected component of useful
   * pairs: event i's pairs (i, pairV[e]) at distance pairDist[e] are e = firstPair[i] ..
   * firstPair[i + 1] − 1, boundary distances are `boundary`. Sets mateEdge[i] to the pair matching i, or −1 (boundary).
   * `position` is scratch indexed by event. Pairs that are not useful are never needed
   * (event-graph.ts), so they are left out (∞).
   */
  matchComponent(
    list: Int32Array,
    begin: number,
    m: number,
    boundary: Float64Array,
    firstPair: Int32Array,
    pairV: Int32Array,
    pairDist: Float64Array,
    position: Int32Array,
    mateEdge: Int32Array,
  ): void {
    const { dist, pair, mate } = this;
    for (let a = 0; a < m; a++) {
      position[list[begin + a]!] = a;
      for (let b = 0; b < m; b++) dist[a * m + b] = Number.POSITIVE_INFINITY;
    }
    for (let a = 0; a < m; a++) {
      const i = list[begin + a]!;
      this.localBoundary[a] = boundary[i]!;
      for (let e = firstPair[i]!; e < firstPair[i + 1]!; e++) {
        const b = position[pairV[e]!]!;
        dist[a * m + b] = dist[b * m + a] = pairDist[e]!;
        pair[a * m + b] = pair[b * m + a] = e;
      }
    }
    this.solve(m);
    for (let a = 0; a < m; a++) mateEdge[list[begin + a]!] = mate[a]! < 0 ? -1 : pair[a * m + mate[a]!]!;
  }

  /** The DP on this.dist and this.localBoundary: sets this.mate (−1: boundary). */
  private solve(m: number): void {
    const { cost, choice, dist, localBoundary, mate } = this;
    const full = (1 << m) - 1;
    cost[0] = 0;
    for (let set = 1; set <= full; set++) {
      const i = 31 - Math.clz32(set & -set);
      const rest = set ^ (1 << i);
      let best = localBoundary[i]! + cost[rest]!;
      let bestChoice = -1;
      for (let others = rest; others !== 0; others &= others - 1) {
        const j = 31 - Math.clz32(others & -others);
        const candidate = dist[i * m + j]! + cost[rest ^ (1 << j)]!;
        if (candidate < best) {
          best = candidate;
          bestChoice = j;
        }
      }
      cost[set] = best;
      choice[set] = bestChoice;
    }
    for (let set = full; set !== 0; ) {
      const i = 31 - Math.clz32(set & -set);
      const j = choice[set]!;
      if (j < 0) {
        mate[i] = -1;
        set ^= 1 << i;
      } else {
        mate[i] = j;
        mate[j] = i;
        set ^= (1 << i) | (1 << j);
      }
    }
  }
}
