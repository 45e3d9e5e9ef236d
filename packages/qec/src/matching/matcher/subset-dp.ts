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
  /** Events in the current component. */
  private m = 0;

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
    this.clear(m);
    for (let a = 0; a < m; a++) position[list[begin + a]!] = a;
    for (let a = 0; a < m; a++) {
      const i = list[begin + a]!;
      this.setBoundary(a, boundary[i]!);
      for (let e = firstPair[i]!; e < firstPair[i + 1]!; e++) this.setPair(a, position[pairV[e]!]!, pairDist[e]!, e);
    }
    this.solve();
    for (let a = 0; a < m; a++) mateEdge[list[begin + a]!] = this.matePair(a);
  }

  /** Starts a component of m ≤ maxEvents events 0..m−1 with no pairs (set them with setPair, then solve). */
  clear(m: number): void {
    this.m = m;
    this.dist.fill(Number.POSITIVE_INFINITY, 0, m * m);
  }

  /** Event a's distance to the boundary. */
  setBoundary(a: number, distance: number): void {
    this.localBoundary[a] = distance;
  }

  /** The useful pair (a, b) at `distance`, named `id` (what matePair reports). */
  setPair(a: number, b: number, distance: number, id: number): void {
    const m = this.m;
    this.dist[a * m + b] = this.dist[b * m + a] = distance;
    this.pair[a * m + b] = this.pair[b * m + a] = id;
  }

  /** After solve: the event matched with event a, or −1 (boundary). */
  mateOf(a: number): number {
    return this.mate[a]!;
  }

  /** After solve: the id of the pair matching event a, or −1 (boundary). */
  matePair(a: number): number {
    const b = this.mate[a]!;
    return b < 0 ? -1 : this.pair[a * this.m + b]!;
  }

  /**
   * The DP on the events given since clear: a minimum-weight matching, which matePair
   * reads. Ties go to the boundary, then to the lowest mate, for the lowest unmatched event first.
   */
  solve(): void {
    const m = this.m;
    if (m === 3 || m === 4) {
      if (m === 3) this.solveThree();
      else this.solveFour();
      return;
    }
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

  /**
   * solve() for three events in closed form (with four, the commonest components the DP gets at
   * low noise), comparing the same sums in the same order, so ties go the same way.
   */
  private solveThree(): void {
    const { dist, localBoundary: b } = this;
    // cost({1, 2}): the pair (1, 2) only if strictly lighter than both boundaries.
    const pairOneTwo = dist[5]! < b[1]! + b[2]!;
    let best = b[0]! + (pairOneTwo ? dist[5]! : b[1]! + b[2]!);
    let mateOfZero = -1;
    if (dist[1]! + b[2]! < best) {
      best = dist[1]! + b[2]!;
      mateOfZero = 1;
    }
    if (dist[2]! + b[1]! < best) mateOfZero = 2;
    this.settleThree(0, mateOfZero, pairOneTwo);
  }

  /** solve() for four events in closed form, as solveThree: the DP's sums and comparisons in its order. */
  private solveFour(): void {
    const { dist: d, localBoundary: b } = this;
    const b0 = b[0]!;
    const b1 = b[1]!;
    const b2 = b[2]!;
    const b3 = b[3]!;
    // The pairs of {1, 2, 3}: matched only if strictly lighter than both boundaries.
    const pairs12 = d[6]! < b1 + b2;
    const pairs13 = d[7]! < b1 + b3;
    const pairs23 = d[11]! < b2 + b3;
    const cost12 = pairs12 ? d[6]! : b1 + b2;
    const cost13 = pairs13 ? d[7]! : b1 + b3;
    const cost23 = pairs23 ? d[11]! : b2 + b3;
    // {1, 2, 3}: event 1 to the boundary, to 2 or to 3.
    let cost123 = b1 + cost23;
    let mateOfOne = -1;
    if (d[6]! + b3 < cost123) {
      cost123 = d[6]! + b3;
      mateOfOne = 2;
    }
    if (d[7]! + b2 < cost123) {
      cost123 = d[7]! + b2;
      mateOfOne = 3;
    }
    // All four: event 0 to the boundary, to 1, 2 or 3.
    let best = b0 + cost123;
    let mateOfZero = -1;
    if (d[1]! + cost23 < best) {
      best = d[1]! + cost23;
      mateOfZero = 1;
    }
    if (d[2]! + cost13 < best) {
      best = d[2]! + cost13;
      mateOfZero = 2;
    }
    if (d[3]! + cost12 < best) mateOfZero = 3;
    if (mateOfZero < 0) {
      this.mate[0] = -1;
      this.settleThree(1, mateOfOne, pairs23);
    } else {
      this.pairOrBoundaries(0, mateOfZero, true);
      // The other two of {1, 2, 3}.
      const x = mateOfZero === 1 ? 2 : 1;
      const y = mateOfZero === 3 ? 2 : 3;
      this.pairOrBoundaries(x, y, mateOfZero === 1 ? pairs23 : mateOfZero === 2 ? pairs13 : pairs12);
    }
  }

  /**
   * Events i, i + 1, i + 2 after their closed-form choice: i matched with mateOfI (the third to
   * the boundary), or i to the boundary and the other two paired if `restPaired`, else both to it.
   */
  private settleThree(i: number, mateOfI: number, restPaired: boolean): void {
    if (mateOfI < 0) {
      this.mate[i] = -1;
      this.pairOrBoundaries(i + 1, i + 2, restPaired);
    } else {
      this.pairOrBoundaries(i, mateOfI, true);
      this.mate[2 * i + 3 - mateOfI] = -1;
    }
  }

  /** Matches events x and y with each other if `paired`, else both with the boundary. */
  private pairOrBoundaries(x: number, y: number, paired: boolean): void {
    this.mate[x] = paired ? y : -1;
    this.mate[y] = paired ? x : -1;
  }
}
