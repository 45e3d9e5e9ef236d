/**
 * Exact minimum-weight matching with boundary of one shot's detection events, given their useful
 * pairs (event-graph.ts): small connected components by subset DP, large ones by splitting them,
 * solving the parts with the blossom algorithm, and pricing the pairs between parts against the
 * parts' optimal duals (a decomposition in the spirit of column generation).
 *
 * Savings form. Matching event i to the boundary costs b(i), so pairing i with j saves
 * s(i, j) = b(i) + b(j) − d(i, j), and cost = Σ b − Σ (savings of the pairs): a maximum-weight,
 * not necessarily perfect, matching of the savings is a minimum-weight matching with boundary,
 * on m vertices (boundary twins would need 2m and m² zero edges). Only the useful pairs
 * (s > 0) are given: the others never help. Events with no path to the boundary get b = M,
 * above any feasible cost, so an optimum pairs them whenever possible.
 *
 * Split, solve, price, merge. In a large component the events start in groups linked by each
 * event's nearest partner (errors are local: most pairs are near neighbours). Each group is
 * solved by Edmonds' blossom algorithm (blossom.ts; one pair or three events in closed form),
 * which also gives optimal dual variables y ≥ 0. Groups are vertex-disjoint, so the union of
 * their solutions is optimal for the union of their edges, and their duals together are
 * dual-feasible for every pair (i, j) across groups with y(i) + y(j) ≥ s(i, j) — no blossom
 * contains both. A cross pair that fails this merges its two groups, which are solved again.
 * Within a group too, only the pairs no longer than the sum of their events' nearest-pair
 * distances are solved at first; the others are priced in the same way (with vertex duals only,
 * which can only understate their slack) and join the group's solve when they fail.
 * When no pair fails, the duals are feasible for the whole component and complementary
 * slackness holds, so the matching is optimal for it (LP duality for Edmonds' matching
 * polytope, Edmonds 1965). A merged group is solved warm, from its parts' solutions
 * (BlossomMatcher.solveFrom), so only the few events the new pairs disturb start stages. Worst
 * case: everything merges and one O(m³) solve remains; typical components settle in one or two
 * rounds with small groups. A small component is one group solved by subset DP: no pair leaves
 * it, so it needs no duals (unless the caller asks for every event's dual: then every
 * component is solved by groups). Each round is O(m + p) for p useful pairs, plus the solves.
 */
import { BlossomMatcher } from '../blossom/blossom.ts';
import type { EventGraph } from './event-graph.ts';
import { SubsetDp } from './subset-dp.ts';

export class ClusterMatcher {
  private readonly solver = new BlossomMatcher();
  private readonly dp: SubsetDp;
  private capacity = 0;
  /** Events in each component (indexed by the component's root), and the events by component. */
  private componentSize = new Int32Array(0);
  private byComponent = new Int32Array(0);
  private componentStart = new Int32Array(0);
  /** The group of each event, named by its root event, kept current as groups merge. */
  private group = new Int32Array(0);
  /** Each root's members as a linked list (firstMember, nextMember) and their number. */
  private firstMember = new Int32Array(0);
  private nextMember = new Int32Array(0);
  private groupSize = new Int32Array(0);
  /**
   * Doubled duals 2y of the latest solve of each event's group, and 2y − 2b (b its boundary
   * cost), the part of a cross pair's dual constraint that pricing reads per event.
   */
  private dual = new Float64Array(0);
  private doubledDualLessBoundary = new Float64Array(0);
  /** The useful pair each event is matched by, or −1 (boundary). */
  private mateEdge = new Int32Array(0);
  /** Each event's dual plus those of the blossoms holding it: a warm start once groups merge. */
  private warmDual = new Float64Array(0);
  /** Roots to solve this round (each once: `queuedInRound` holds the round it was queued for). */
  private toSolve = new Int32Array(0);
  private toSolveCount = 0;
  private queuedInRound = new Int32Array(0);
  /** The round in which each event's group was last solved. */
  private solvedIn = new Int32Array(0);
  /** Scratch for one group: members, each event's index among them, the warm start. */
  private members = new Int32Array(0);
  private position = new Int32Array(0);
  private startDual = new Float64Array(0);
  private startMate = new Int32Array(0);
  private edgeCapacity = 0;
  /** The pairs between groups, as of the latest pricing. */
  private crossPairs = new Int32Array(0);
  private crossCount = 0;
  /**
   * A useful pair's index among its group's pairs, and the group's pairs in blossom form: the
   * useful pair, its two events by index among the group's members, and its saving.
   */
  private pairLocalEdge = new Int32Array(0);
  private groupEdgePair = new Int32Array(0);
  private groupEdgeU = new Int32Array(0);
  private groupEdgeV = new Int32Array(0);
  private groupEdgeSaving = new Float64Array(0);
  /**
   * Whether each useful pair takes part in its group's solves (1) or is only priced (0). In a
   * solve with duals (a shot with many events, event-matcher.ts): at first the pairs no longer
   * than the sum of their events' nearest-pair distances, then any pair that fails its dual
   * constraint — near threshold an event has dozens of useful pairs, nearly all of them long and
   * priced out at once, and leaving them out of the blossom graphs keeps those small. In other
   * solves every pair takes part (the graphs are small, and extra pricing rounds cost more).
   */
  private active = new Uint8Array(0);

  /** Components up to this many events are solved whole by subset DP (1 in a solve with duals: none). */
  private dpLimit = 0;
  /** Whether the current solve gives every event its dual (solve's `withDuals`). */
  private withDuals = false;

  /** Components of up to `dpMaxEvents` events are solved by subset DP. */
  constructor(dpMaxEvents: number) {
    this.dp = new SubsetDp(dpMaxEvents);
  }

  /**
   * After a solve `withDuals`, each event's q = 2y − 2b: its optimal dual y (doubled) less its
   * boundary distance (doubled), which prices pairs the solve did not see (event-graph.ts).
   */
  get dualLessBoundary(): Float64Array {
    return this.doubledDualLessBoundary;
  }

  /**
   * Matches the events of `graph` among themselves and the boundary: sets mate[i] to the event
   * matched with i, or −1 (boundary), and returns the total weight, or Infinity when no perfect
   * matching with boundary exists. Overwrites infinite entries of graph.boundary. `withDuals`
   * solves every component by groups, so that every event gets an optimal dual (dualLessBoundary).
   */
  solve(graph: EventGraph, mate: Int32Array, withDuals = false): number {
    const { count: m, boundary, pairs, pairU, pairV, pairDist, component } = graph;
    this.reserve(m, pairs);
    const { mateEdge, componentSize } = this;
    // M = 2 + Σ_i (i's costliest finite option) exceeds the cost of any feasible matching (it
    // uses one option per event); the useful pairs include all of an unbounded event's options.
    let bound = 2;
    if (graph.unbounded) {
      const farthest = this.doubledDualLessBoundary; // scratch
      for (let i = 0; i < m; i++) farthest[i] = boundary[i] === Number.POSITIVE_INFINITY ? 0 : boundary[i]!;
      for (let e = 0; e < pairs; e++) {
        const d = pairDist[e]!;
        if (d > farthest[pairU[e]!]!) farthest[pairU[e]!] = d;
        if (d > farthest[pairV[e]!]!) farthest[pairV[e]!] = d;
      }
      for (let i = 0; i < m; i++) bound += farthest[i]!;
      for (let i = 0; i < m; i++) if (boundary[i] === Number.POSITIVE_INFINITY) boundary[i] = bound;
    }
    this.dpLimit = withDuals ? 1 : this.dp.maxEvents;
    this.withDuals = withDuals;
    // A solve with duals reads no components (the graph has none: event-graph.ts).
    let largest = Number.POSITIVE_INFINITY;
    if (!withDuals) {
      for (let i = 0; i < m; i++) componentSize[i] = 0;
      largest = 0;
      for (let i = 0; i < m; i++) largest = Math.max(largest, ++componentSize[component[i]!]!);
    }
    if (largest <= this.dpLimit) this.matchSmallComponents(graph);
    else this.matchByGroups(graph);
    let total = 0;
    for (let i = 0; i < m; i++) {
      const e = mateEdge[i]!;
      if (e < 0) {
        mate[i] = -1;
        if (graph.unbounded && boundary[i] === bound) return Number.POSITIVE_INFINITY;
        total += boundary[i]!;
      } else {
        const j = pairU[e] === i ? pairV[e]! : pairU[e]!;
        mate[i] = j;
        if (i < j) total += pairDist[e]!;
      }
    }
    return total;
  }

  /** The common case at low noise: every component is small, and solved whole (subset DP from three events). */
  private matchSmallComponents(graph: EventGraph): void {
    const { count: m, boundary, pairV, pairDist, firstPair, component } = graph;
    const { componentSize, byComponent, componentStart: start, mateEdge } = this;
    // Counting sort of the events by component (each keeps increasing order).
    start[0] = 0;
    for (let c = 0; c < m; c++) start[c + 1] = start[c]! + componentSize[c]!;
    for (let i = 0; i < m; i++) byComponent[start[component[i]!]!++] = i;
    for (let c = 0, begin = 0; c < m; c++) {
      const end = start[c]!;
      const first = byComponent[begin]!;
      if (end - begin === 1) {
        mateEdge[first] = -1;
      } else if (end - begin === 2) {
        // One useful pair, each event's nearest; pairing beats the boundary by definition.
        mateEdge[first] = mateEdge[byComponent[begin + 1]!] = graph.nearestPair[first]!;
      } else if (end > begin) {
        this.dp.matchComponent(byComponent, begin, end - begin, boundary, firstPair, pairV, pairDist, this.position, mateEdge);
      }
      begin = end;
    }
  }

  /** Split, solve, price, merge (see above); small components are single groups solved by DP. */
  private matchByGroups(graph: EventGraph): void {
    const { count: m, nearestPair, nearestDist, pairs, pairU, pairV, pairDist, component } = graph;
    const { group, firstMember, nextMember, groupSize, queuedInRound, solvedIn, componentSize, active } = this;
    // Initial groups: a small component whole, otherwise each event with its nearest partner
    // among the pairs that save something.
    for (let i = 0; i < m; i++) {
      group[i] = firstMember[i] = i;
      nextMember[i] = -1;
      groupSize[i] = 1;
      queuedInRound[i] = solvedIn[i] = 0;
    }
    const dpMax = this.dpLimit;
    if (this.withDuals) {
      for (let e = 0; e < pairs; e++) {
        active[e] = pairDist[e]! <= nearestDist[pairU[e]!]! + nearestDist[pairV[e]!]! ? 1 : 0;
      }
    } else {
      active.fill(1, 0, pairs);
    }
    for (let i = 0; i < m; i++) {
      const e = nearestPair[i]!;
      // (With duals, a component of one event is one with no nearest pair.)
      const c = this.withDuals ? -1 : component[i]!;
      const link = c >= 0 && componentSize[c]! <= dpMax ? c : e < 0 ? -1 : pairU[e] === i ? pairV[e]! : pairU[e]!;
      if (link >= 0 && group[i] !== group[link]) this.merge(group[i]!, group[link]!);
    }
    this.toSolveCount = 0;
    for (let i = 0; i < m; i++) if (group[i] === i) this.toSolve[this.toSolveCount++] = i;
    for (let round = 1; ; round++) {
      for (let d = 0; d < this.toSolveCount; d++) {
        const r = this.toSolve[d]!;
        if (group[r] === r) this.solveGroup(graph, r, round);
      }
      this.toSolveCount = 0;
      this.priceCrossPairs(graph, round);
      if (this.toSolveCount === 0) break;
    }
  }

  /** Joins the groups of roots a and b (the smaller one's members are relabelled); returns the root. */
  private merge(a: number, b: number): number {
    const { group, firstMember, nextMember, groupSize } = this;
    const big = groupSize[a]! < groupSize[b]! ? b : a;
    const small = big === a ? b : a;
    let last = small;
    for (let i = firstMember[small]!; i !== -1; i = nextMember[i]!) {
      group[i] = big;
      last = i;
    }
    nextMember[last] = firstMember[big]!;
    firstMember[big] = firstMember[small]!;
    groupSize[big]! += groupSize[small]!;
    return big;
  }

  /**
   * Activates every priced pair whose dual constraint fails — y(u) + y(v) < s(u, v), i.e.
   * (doubled duals) q(u) + q(v) + 2·d(u, v) < 0 with q = 2y − 2b (dualLessBoundary) — merging
   * its events' groups if they differ, and queues the groups to solve again next round. The
   * priced pairs are those between groups and the inactive ones within a group (kept in
   * crossPairs, which shrinks as pairs join solves); only those touching a group solved in this
   * round can have changed since the last pricing (the others passed it with the same duals).
   * Within a group only vertex duals are read, never its blossoms': a blossom holding both ends
   * could only add slack, so this may activate a pair needlessly but never misses one.
   */
  private priceCrossPairs(graph: EventGraph, round: number): void {
    const { pairU, pairV, pairDist } = graph;
    const { group, doubledDualLessBoundary: dualLessBoundary, solvedIn, queuedInRound, crossPairs, active } = this;
    const count = round === 1 ? graph.pairs : this.crossCount;
    let kept = 0;
    for (let x = 0; x < count; x++) {
      const e = round === 1 ? x : crossPairs[x]!;
      const u = pairU[e]!;
      const v = pairV[e]!;
      if (group[u] === group[v] && active[e] === 1) continue;
      crossPairs[kept++] = e;
      if ((solvedIn[u] !== round && solvedIn[v] !== round) || dualLessBoundary[u]! + dualLessBoundary[v]! + 2 * pairDist[e]! >= 0) continue;
      active[e] = 1;
      const r = group[u] === group[v] ? group[u]! : this.merge(group[u]!, group[v]!);
      if (queuedInRound[r] === round) continue;
      queuedInRound[r] = round;
      this.toSolve[this.toSolveCount++] = r;
    }
    this.crossCount = kept;
  }

  /**
   * Solves the group of root r in the given round: sets mateEdge, the doubled duals 2y, 2y − 2b and
   * warmDual of its members; after the first round, warm from the members' previous solutions.
   */
  private solveGroup(graph: EventGraph, r: number, round: number): void {
    const { boundary, pairU, pairV, pairDist, firstPair, component } = graph;
    const { group, firstMember, nextMember, members, position, solvedIn, pairLocalEdge, groupEdgePair, mateEdge, dual, warmDual, startDual, startMate, groupEdgeU, groupEdgeV, groupEdgeSaving } = this;
    if (this.groupSize[r] === 2) {
      // Two events, so one's nearest partner is the other (groups grow from nearest pairs, then
      // only by merging): one pair, saving s > 0, matched with y = s/2 each — as the blossom
      // algorithm would have it.
      const u = firstMember[r]!;
      const v = nextMember[u]!;
      let e = graph.nearestPair[u]!;
      if (pairU[e] !== v && pairV[e] !== v) e = graph.nearestPair[v]!;
      const saving = boundary[u]! + boundary[v]! - pairDist[e]!;
      solvedIn[u] = solvedIn[v] = round;
      mateEdge[u] = mateEdge[v] = e;
      dual[u] = dual[v] = warmDual[u] = warmDual[v] = saving;
      this.doubledDualLessBoundary[u] = saving - 2 * boundary[u]!;
      this.doubledDualLessBoundary[v] = saving - 2 * boundary[v]!;
      return;
    }
    const warm = round > 1;
    let memberCount = 0;
    for (let i = firstMember[r]!; i !== -1; i = nextMember[i]!) {
      position[i] = memberCount;
      members[memberCount++] = i;
      solvedIn[i] = round;
    }
    if (memberCount === 1) {
      // Alone in its component: to the boundary, at dual zero.
      mateEdge[r] = -1;
      dual[r] = warmDual[r] = 0;
      this.doubledDualLessBoundary[r] = -2 * boundary[r]!;
      return;
    }
    if (!this.withDuals && this.componentSize[component[r]!]! <= this.dpLimit) {
      // A whole small component: no pair leaves it, so it is never priced and needs no duals.
      this.dp.matchComponent(members, 0, memberCount, boundary, firstPair, pairV, pairDist, position, mateEdge);
      return;
    }
    // The group's pairs.
    let edgeCount = 0;
    for (let a = 0; a < memberCount; a++) {
      const i = members[a]!;
      for (let e = firstPair[i]!; e < firstPair[i + 1]!; e++) {
        if (group[pairV[e]!] !== r || this.active[e] === 0) continue;
        pairLocalEdge[e] = edgeCount;
        groupEdgePair[edgeCount] = e;
        groupEdgeU[edgeCount] = a;
        groupEdgeV[edgeCount] = position[pairV[e]!]!;
        groupEdgeSaving[edgeCount++] = boundary[i]! + boundary[pairV[e]!]! - pairDist[e]!;
      }
    }
    for (let a = 0; a < memberCount; a++) {
      const i = members[a]!;
      if (warm) {
        // Partners were in the same (smaller) group, so their pair is among this group's.
        startDual[a] = warmDual[i]!;
        startMate[a] = mateEdge[i]! < 0 ? -1 : pairLocalEdge[mateEdge[i]!]!;
      }
      mateEdge[i] = -1;
      dual[i] = warmDual[i] = 0;
    }
    // A group of three or more in a large component has at least two pairs: it grew from
    // nearest-partner links, or merged groups along a pair.
    if (memberCount === 3) {
      this.solveTriple(edgeCount);
    } else {
      const solver = this.solver;
      if (warm) solver.solveFrom(memberCount, edgeCount, groupEdgeU, groupEdgeV, groupEdgeSaving, startDual, startMate);
      else solver.solve(memberCount, edgeCount, groupEdgeU, groupEdgeV, groupEdgeSaving);
      for (let a = 0; a < memberCount; a++) {
        const i = members[a]!;
        const k = solver.mateEdge(a);
        mateEdge[i] = k < 0 ? -1 : groupEdgePair[k]!;
        dual[i] = solver.dual[a]!;
        warmDual[i] = solver.effectiveDual(a);
      }
    }
    for (let a = 0; a < memberCount; a++) {
      const i = members[a]!;
      this.doubledDualLessBoundary[i] = dual[i]! - 2 * boundary[i]!;
    }
  }

  /**
   * Groups of three in closed form, from the group's pairs in groupEdgeU/V/Saving (local 0..2,
   * savings > 0; absent pairs save 0). The optimum pairs the two events u, v of the largest saving s* and
   * leaves w to the boundary, so y(w) = 0 (complementary slackness). An optimal dual: if
   * s(u,w) + s(v,w) ≤ s*, y(u) = s(u,w) + e/2 and y(v) = s(v,w) + e/2 with
   * e = s* − s(u,w) − s(v,w) ≥ 0; otherwise the triangle is a blossom with
   * z = s(u,w) + s(v,w) − s* > 0 and y(u) = s* − s(v,w), y(v) = s* − s(u,w). Either way every
   * constraint y + y (+ z) ≥ s holds and the dual objective equals s*. The warm-start duals
   * add z to all three (BlossomMatcher.effectiveDual).
   */
  private solveTriple(edgeCount: number): void {
    const { members, groupEdgePair, mateEdge, dual, warmDual, groupEdgeU, groupEdgeV, groupEdgeSaving } = this;
    // saving[c] and edge[c] of the pair opposite local vertex c (pair {0,1} is opposite 2, …).
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let best = -1;
    for (let x = 0; x < edgeCount; x++) {
      const opposite = 3 - groupEdgeU[x]! - groupEdgeV[x]!;
      const s = groupEdgeSaving[x]!;
      if (opposite === 0) s0 = s;
      else if (opposite === 1) s1 = s;
      else s2 = s;
      // Largest saving; ties keep the pair listed first.
      if (best < 0 || s > groupEdgeSaving[best]!) best = x;
    }
    const sBest = groupEdgeSaving[best]!;
    const u = groupEdgeU[best]!;
    const v = groupEdgeV[best]!;
    // The pair (u, w) is the one opposite v, and (v, w) the one opposite u.
    const uw = v === 0 ? s0 : v === 1 ? s1 : s2;
    const vw = u === 0 ? s0 : u === 1 ? s1 : s2;
    const e = groupEdgePair[best]!;
    const iu = members[u]!;
    const iv = members[v]!;
    mateEdge[iu] = mateEdge[iv] = e;
    const extra = sBest - uw - vw;
    // Doubled units (as BlossomMatcher's duals): 2y.
    dual[iu] = extra >= 0 ? 2 * uw + extra : 2 * (sBest - vw);
    dual[iv] = extra >= 0 ? 2 * vw + extra : 2 * (sBest - uw);
    const z = Math.max(0, -extra);
    warmDual[iu] = dual[iu]! + z;
    warmDual[iv] = dual[iv]! + z;
    warmDual[members[3 - u - v]!] = z;
  }

  private reserve(events: number, pairs: number): void {
    if (events > this.capacity) {
      this.capacity = Math.max(events, 2 * this.capacity);
      const c = this.capacity;
      this.group = new Int32Array(c);
      this.firstMember = new Int32Array(c);
      this.nextMember = new Int32Array(c);
      this.groupSize = new Int32Array(c);
      this.dual = new Float64Array(c);
      this.doubledDualLessBoundary = new Float64Array(c);
      this.mateEdge = new Int32Array(c);
      this.warmDual = new Float64Array(c);
      this.toSolve = new Int32Array(c);
      this.queuedInRound = new Int32Array(c);
      this.solvedIn = new Int32Array(c);
      this.componentSize = new Int32Array(c);
      this.byComponent = new Int32Array(c);
      this.componentStart = new Int32Array(c + 1);
      this.members = new Int32Array(c);
      this.position = new Int32Array(c);
      this.startDual = new Float64Array(c);
      this.startMate = new Int32Array(c);
    }
    if (pairs > this.edgeCapacity) {
      this.edgeCapacity = Math.max(pairs, 2 * this.edgeCapacity);
      const c = this.edgeCapacity;
      this.pairLocalEdge = new Int32Array(c);
      this.groupEdgePair = new Int32Array(c);
      this.crossPairs = new Int32Array(c);
      this.groupEdgeU = new Int32Array(c);
      this.groupEdgeV = new Int32Array(c);
      this.groupEdgeSaving = new Float64Array(c);
      this.active = new Uint8Array(c);
    }
  }
}
