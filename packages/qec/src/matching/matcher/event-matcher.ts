/**
 * Exact minimum-weight perfect matching of one shot's detection events on the metric closure of
 * the matching graph, each event paired with another event or with the boundary.
 *
 * 1. Pruning (exact, pair-search.ts): only pairs with d(i, j) < b(i) + b(j) — b the distance to
 *    the boundary — can be needed, so the shot's event graph (event-graph.ts) keeps just those
 *    "useful" pairs, read from each event's list of possible partners (partner-lists.ts: one
 *    bounded Dijkstra search per detector on the sparse detector graph, detector-graph.ts, which
 *    never leaves the region where such a partner can lie, done once and kept). The
 *    events split into the connected components of the useful pairs, whose optima add up (no
 *    useful pair joins two components, and no other pair is needed). At low noise nearly every
 *    component has one or two events. Near threshold an event has dozens of useful pairs but is
 *    matched within a few edges: a shot with events far from the boundary (see
 *    DEFAULT_NEAR_FIRST_MIN_DEEP_EVENTS) is first solved on its near pairs
 *    (within the lists' near radius), with optimal duals for every event, and that matching is
 *    kept if every far pair passes its dual constraint (LP duality: it is then optimal on all
 *    pairs); otherwise the far rows holding failing pairs join and it is solved again.
 * 2. Matching (cluster-matcher.ts): two events in closed form; components of up to
 *    DEFAULT_DP_MAX_EVENTS events by dynamic programming over subsets (subset-dp.ts, O(m·2^m));
 *    larger ones with Edmonds' blossom algorithm on local groups made exact by pricing the useful
 *    pairs between them against the blossom duals, merged groups being re-solved warm.
 * 3. Small shots (up to DEFAULT_SMALL_SHOT_MAX_EVENTS events, the bulk at low noise) skip the
 *    event graph when their components all fit the DP: their useful pairs are looked up one by
 *    one (in small graphs, in a dense table of pair entries: DENSE_MAX_DETECTORS) and the
 *    components matched as in 2, with the same ties.
 *
 * All weights are the integer weights of the matching graph, so comparisons and sums are exact.
 * Scratch memory grows to the largest shot seen and is then reused: no allocation per shot.
 */
import { ClusterMatcher } from './cluster-matcher.ts';
import { EventGraph } from './event-graph.ts';
import { SubsetDp } from './subset-dp.ts';
import type { DetectorGraph } from '../graph/detector-graph.ts';
import { pairRoot } from '../search/pair-search.ts';
import { popcount32, type PartnerLists } from '../search/partner-lists.ts';

/** Components up to this many events are solved by subset DP: above it the blossom path is faster (measured). */
export const DEFAULT_DP_MAX_EVENTS = 6;

/**
 * Shots with at least this many deep events are solved on their near pairs first (see match);
 * others are solved in one pass over all their useful pairs, read from one whole partner row per
 * event. An event is deep if its boundary distance b exceeds the near radius R: its useful pairs
 * reach out to 2b > 2R, so its far shell holds several times the partners of its near one, and
 * leaving them out of the first solve pays. Measured (si1000-like, rounds = d, same shots,
 * against a threshold of 10 events deeper than 2R/3): up to d7 no detector is that deep and one
 * pass is fastest (near pairs first cost 3–7% at d7 p = 0.001); d9 gains 2% at p = 0.003 and
 * 5–7% at p = 0.001; d ≥ 11 near threshold has dozens of deep events in every shot either way.
 */
const DEFAULT_NEAR_FIRST_MIN_DEEP_EVENTS = 2;

/** The events cannot all be paired: an odd set of them has no path to each other or the boundary. */
export class NoMatchingError extends Error {
  override readonly name = 'NoMatchingError';
}

/**
 * Shots of up to this many events whose components all have at most the DP limit's events are
 * matched from their pairs' entries looked up one by one (matchSmall) rather than by building the
 * event graph from whole partner rows: at low noise most shots have a handful of events, far
 * apart, and k(k − 1)/2 bit lookups cost less than reading k rows (measured d5 p = 0.001: 3–6
 * events about 2× faster, 7–12 about 3×). At most 31 (bit sets of events in one int).
 */
const DEFAULT_SMALL_SHOT_MAX_EVENTS = 16;

/**
 * Graphs of up to this many detectors keep a dense table of their useful pairs' entries for
 * two-event shots and the small-shot path (4n² bytes: at most 1 MiB; the graphs of codes up to d7
 * with rounds = d), allocated by the first shot that reads it: graphs of 300 detectors or more
 * decode their batches with sparse blossom (decoder.ts), so there only decode() allocates it.
 */
export const DENSE_MAX_DETECTORS = 512;

export class EventMatcher {
  private readonly boundaryDist: Float64Array;
  /** The latest shot's event graph (not built for shots of two events, nor those matchSmall solves). */
  readonly graph: EventGraph;
  /**
   * After match: for each event i matched with another event, the entry of their pair in its
   * root's partner list (the pair's distance and observables: lists.dist, lists.obs).
   */
  mateEntry = new Int32Array(0);
  private readonly lists: PartnerLists;
  private readonly cluster: ClusterMatcher;
  private readonly smallShotMaxEvents: number;
  private readonly dp: SubsetDp;
  /**
   * matchSmall's scratch: each event's useful pairs as a bit set of events, the entries of the
   * pairs (k × k), the components as bit sets of events, and one component's events.
   */
  private readonly pairMask: Int32Array;
  private readonly pairEntry: Int32Array;
  private readonly components: Int32Array;
  private readonly members: Int32Array;
  /**
   * In graphs of up to DENSE_MAX_DETECTORS detectors, the entry of every useful pair (u, v) at
   * u·n + v (−1: not useful), filled a detector's row at a time (denseReady) when it first fires
   * in a shot of two events or a small shot: each of their pairs is then one load.
   */
  private denseEntries: Int32Array | undefined;
  /** Per detector, whether its row of the dense table is filled; empty when the graph keeps no table. */
  private readonly denseReady: Uint8Array;
  /** Which events' far rows the near-first pass includes (scratch). */
  private far = new Uint8Array(0);
  private readonly nearFirstMinDeepEvents: number;
  /** Whether the graph has enough deep detectors for a shot to be solved near pairs first (none up to d7: see nearFirst). */
  private readonly someShotsNearFirst: boolean;
  /** Whether every detector has a path to the boundary (as in every code memory experiment). */
  private readonly allBounded: boolean;

  /**
   * `dpMaxEvents` (2..16) moves the DP/blossom threshold, for tests and tuning; `nearRadius` is
   * the distance up to which a pair is near (partner-lists.ts; Infinity: every pair is, and every
   * shot is solved in one pass); shots with at least `nearFirstMinDeepEvents` deep events are
   * solved near pairs first; shots of up to `smallShotMaxEvents` events (0..31; 2 or less: none)
   * whose components have at most dpMaxEvents events are matched by matchSmall.
   */
  constructor(
    detectors: DetectorGraph,
    dpMaxEvents = DEFAULT_DP_MAX_EVENTS,
    nearRadius = Number.POSITIVE_INFINITY,
    nearFirstMinDeepEvents = DEFAULT_NEAR_FIRST_MIN_DEEP_EVENTS,
    smallShotMaxEvents = DEFAULT_SMALL_SHOT_MAX_EVENTS,
  ) {
    this.nearFirstMinDeepEvents = nearFirstMinDeepEvents;
    if (!(dpMaxEvents >= 2 && dpMaxEvents <= 16)) throw new RangeError(`dpMaxEvents must be in 2..16, got ${dpMaxEvents}`);
    this.boundaryDist = detectors.boundaryDist;
    const deepDetectors = detectors.boundaryDist.reduce((count, b) => (b > nearRadius ? count + 1 : count), 0);
    this.someShotsNearFirst = nearRadius !== Number.POSITIVE_INFINITY && deepDetectors >= nearFirstMinDeepEvents;
    this.allBounded = !detectors.boundaryDist.includes(Number.POSITIVE_INFINITY);
    this.graph = new EventGraph(detectors, nearRadius);
    this.lists = this.graph.lists;
    this.cluster = new ClusterMatcher(dpMaxEvents);
    if (!(smallShotMaxEvents >= 0 && smallShotMaxEvents <= 31)) throw new RangeError(`smallShotMaxEvents must be in 0..31, got ${smallShotMaxEvents}`);
    this.smallShotMaxEvents = smallShotMaxEvents;
    this.dp = new SubsetDp(dpMaxEvents);
    this.pairMask = new Int32Array(smallShotMaxEvents);
    this.pairEntry = new Int32Array(smallShotMaxEvents * smallShotMaxEvents);
    this.components = new Int32Array(smallShotMaxEvents);
    this.members = new Int32Array(dpMaxEvents);
    const n = detectors.numDetectors;
    this.denseReady = new Uint8Array(n <= DENSE_MAX_DETECTORS && smallShotMaxEvents > 2 ? n : 0);
  }

  /**
   * Matches the k distinct detectors in `events[0..k)`, in increasing order: sets partner[i] to
   * the index of the event matched with event i, or −1 for the boundary, and returns the total
   * integer weight. Throws NoMatchingError when no perfect matching exists. mateEntry then names
   * each matched pair's partner-list entry (its distance and observables).
   */
  match(events: Int32Array, k: number, partner: Int32Array): number {
    const { boundaryDist, graph } = this;
    if (this.mateEntry.length < k) this.mateEntry = new Int32Array(Math.max(k, 2 * this.mateEntry.length));
    const mateEntry = this.mateEntry;
    if (k === 0) return 0;
    if (k === 1) {
      partner[0] = -1;
      return this.checked(boundaryDist[events[0]!]!, events, k);
    }
    if (k === 2) {
      // The pair has an entry only if useful, i.e. cheaper than both boundaries.
      const x = this.pairEntryOf(events[0]!, events[1]!);
      if (x >= 0) {
        partner[0] = 1;
        partner[1] = 0;
        mateEntry[0] = mateEntry[1] = x;
        return this.lists.dist[x]!;
      }
      partner[0] = partner[1] = -1;
      return this.checked(boundaryDist[events[0]!]! + boundaryDist[events[1]!]!, events, k);
    }
    if (this.nearFirst(events, k)) {
      // Near threshold most useful pairs are long and none of them is matched: solve on the near
      // pairs with duals, price the far ones, add the far rows holding a pair that fails and
      // solve again, until none fails (then the matching is optimal for all pairs). Each round
      // adds a row, so this ends; one round is the rule, two are rare.
      const far = this.reserveFar(k);
      far.fill(0, 0, k);
      for (;;) {
        graph.build(events, k, far);
        if (graph.unbounded) break;
        const weight = this.cluster.solve(graph, partner, true);
        if (graph.markFarViolations(events, k, this.cluster.dualLessBoundary, far) === 0) return this.checked(this.withEntries(weight, k, partner), events, k);
      }
    } else if (k <= this.smallShotMaxEvents) {
      const weight = this.matchSmall(events, k, partner);
      if (weight >= 0) return weight;
    }
    graph.build(events, k);
    return this.checked(this.withEntries(this.cluster.solve(graph, partner), k, partner), events, k);
  }

  /**
   * Matches k ≤ smallShotMaxEvents events with a path to the boundary as the cluster matcher
   * would on their event graph, with the same ties: the useful pairs looked up one by one in
   * their roots' whole rows, the components of those pairs matched alone (one event to the
   * boundary, two to each other, more by subset DP over the component's events in increasing
   * order). Returns the total weight, or −1 (nothing set) if an event has no path to the
   * boundary or a component is too large for the DP, for the general path to handle.
   */
  private matchSmall(events: Int32Array, k: number, partner: Int32Array): number {
    const { boundaryDist, lists, pairMask, pairEntry, components, members, mateEntry } = this;
    for (let i = 0; i < k; i++) {
      if (!this.allBounded && boundaryDist[events[i]!] === Number.POSITIVE_INFINITY) return -1;
      pairMask[i] = 0;
    }
    const dense = this.denseTable();
    for (let i = 0; i < k; i++) {
      const a = events[i]!;
      const row = dense === undefined ? -1 : this.denseRow(dense, a);
      for (let j = i + 1; j < k; j++) {
        const b = events[j]!;
        const x = row >= 0 ? dense![row + b]! : this.entryBetween(a, b);
        if (x < 0) continue;
        pairMask[i]! |= 1 << j;
        pairMask[j]! |= 1 << i;
        pairEntry[i * k + j] = pairEntry[j * k + i] = x;
      }
    }
    const dpMaxEvents = this.dp.maxEvents;
    let count = 0;
    for (let left = -1 >>> (32 - k); left !== 0; ) {
      // The component of the lowest event left.
      let component = left & -left;
      for (let grown = component; grown !== 0; ) {
        const i = 31 - Math.clz32(grown & -grown);
        grown ^= 1 << i;
        const added = pairMask[i]! & ~component;
        component |= added;
        grown |= added;
      }
      if (popcount32(component) > dpMaxEvents) return -1;
      left ^= component;
      components[count++] = component;
    }
    let total = 0;
    for (let c = 0; c < count; c++) {
      const component = components[c]!;
      const first = component & -component;
      const rest = component ^ first;
      const i = 31 - Math.clz32(first);
      if (rest === 0) {
        partner[i] = -1;
        total += boundaryDist[events[i]!]!;
      } else if ((rest & (rest - 1)) === 0) {
        // One useful pair: pairing beats the boundary by definition.
        const j = 31 - Math.clz32(rest);
        partner[i] = j;
        partner[j] = i;
        mateEntry[i] = mateEntry[j] = pairEntry[i * k + j]!;
        total += lists.dist[mateEntry[i]!]!;
      } else {
        // The component's events in increasing order.
        let m = 0;
        for (let bits = component; bits !== 0; bits &= bits - 1) members[m++] = 31 - Math.clz32(bits & -bits);
        total += this.solveComponent(events, k, m, partner);
      }
    }
    return total;
  }

  /** The entry of the useful pair (a, b) in its root's whole row, or −1 if the pair is not useful. */
  private entryBetween(a: number, b: number): number {
    const root = pairRoot(this.boundaryDist, a, b);
    return this.lists.entryOf(root, root === a ? b : a);
  }

  /** The entry of the useful pair of detectors (a, b) in its root's whole row (from the dense table where there is one), or −1 if the pair is not useful. */
  private pairEntryOf(a: number, b: number): number {
    const dense = this.denseTable();
    return dense === undefined ? this.entryBetween(a, b) : dense[this.denseRow(dense, a) + b]!;
  }

  /** The dense table of pair entries, allocated on first use (graphs decoded by sparse blossom never use it); undefined in larger graphs. */
  private denseTable(): Int32Array | undefined {
    if (this.denseEntries === undefined && this.denseReady.length > 0) this.denseEntries = new Int32Array(this.denseReady.length ** 2);
    return this.denseEntries;
  }

  /** Where detector u's row of the dense table starts, filled on u's first call. */
  private denseRow(dense: Int32Array, u: number): number {
    const n = this.boundaryDist.length;
    const row = u * n;
    if (this.denseReady[u] === 0) {
      for (let v = 0; v < n; v++) dense[row + v] = v === u ? -1 : this.entryBetween(u, v);
      this.denseReady[u] = 1;
    }
    return row;
  }

  /** Subset DP over matchSmall's component members[0..m) of the k events; returns its weight. */
  private solveComponent(events: Int32Array, k: number, m: number, partner: Int32Array): number {
    const { boundaryDist, lists, pairMask, pairEntry, members, dp, mateEntry } = this;
    dp.clear(m);
    for (let a = 0; a < m; a++) {
      const i = members[a]!;
      dp.setBoundary(a, boundaryDist[events[i]!]!);
      for (let b = a + 1; b < m; b++) {
        const j = members[b]!;
        if ((pairMask[i]! & (1 << j)) !== 0) dp.setPair(a, b, lists.dist[pairEntry[i * k + j]!]!, pairEntry[i * k + j]!);
      }
    }
    dp.solve();
    let weight = 0;
    for (let a = 0; a < m; a++) {
      const i = members[a]!;
      const x = dp.matePair(a);
      if (x < 0) {
        partner[i] = -1;
        weight += boundaryDist[events[i]!]!;
        continue;
      }
      const j = members[dp.mateOf(a)]!;
      partner[i] = j;
      mateEntry[i] = x;
      if (i < j) weight += lists.dist[x]!;
    }
    return weight;
  }

  /** Sets mateEntry from the event graph for the matching in `partner`; returns `weight`. */
  private withEntries(weight: number, k: number, partner: Int32Array): number {
    const { graph, mateEntry } = this;
    if (weight === Number.POSITIVE_INFINITY) return weight;
    for (let i = 0; i < k; i++) {
      const j = partner[i]!;
      if (j > i) mateEntry[i] = mateEntry[j] = graph.pairEntry[graph.pairBetween(i, j)]!;
    }
    return weight;
  }

  /** Whether to solve near pairs first: the shot has enough deep events (see DEFAULT_NEAR_FIRST_MIN_DEEP_EVENTS). */
  private nearFirst(events: Int32Array, k: number): boolean {
    const nearRadius = this.graph.lists.nearRadius;
    if (k < this.nearFirstMinDeepEvents || !this.someShotsNearFirst) return false;
    const boundaryDist = this.boundaryDist;
    let deep = 0;
    for (let i = 0; i < k; i++) if (boundaryDist[events[i]!]! > nearRadius) deep++;
    return deep >= this.nearFirstMinDeepEvents;
  }

  private reserveFar(k: number): Uint8Array {
    if (this.far.length < k) this.far = new Uint8Array(Math.max(k, 2 * this.far.length));
    return this.far;
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
}
