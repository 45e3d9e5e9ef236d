/**
 * Exact minimum-weight matching with boundary of one shot's detection events, given their useful
 * pairs (useful-pairs.ts): small connected components by subset DP, large ones by splitting them,
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
 * When no pair fails, the duals are feasible for the whole component and complementary
 * slackness holds, so the matching is optimal for it (LP duality for Edmonds' matching
 * polytope, Edmonds 1965). A merged group is solved warm, from its parts' solutions
 * (BlossomMatcher.solveFrom), so only the few events the new pairs disturb start stages. Worst
 * case: everything merges and one O(m³) solve remains; typical components settle in one or two
 * rounds with small groups. A small component is one group solved by subset DP: no pair leaves
 * it, so it needs no duals. Each round is O(m + p) for p useful pairs, plus the solves.
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
  /** Each root's members as a linked list (head, next) and their number. */
  private head = new Int32Array(0);
  private next = new Int32Array(0);
  private size = new Int32Array(0);
  /** Doubled duals 2y of the latest solve of each event's group, and q = 2y − 2b for pricing. */
  private dual = new Float64Array(0);
  private q = new Float64Array(0);
  /** The useful pair each event is matched by, or −1 (boundary). */
  private mateEdge = new Int32Array(0);
  /** Each event's dual plus those of the blossoms holding it: a warm start once groups merge. */
  private warmDual = new Float64Array(0);
  /** Roots to solve this round (each once: `queued` holds the round it was queued for). */
  private dirty = new Int32Array(0);
  private dirtyCount = 0;
  private queued = new Int32Array(0);
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
  /** A useful pair's index among its group's pairs, and the group's pairs in blossom form. */
  private localEdge = new Int32Array(0);
  private groupEdges = new Int32Array(0);
  private us = new Int32Array(0);
  private vs = new Int32Array(0);
  private ws = new Float64Array(0);

  /** Components of up to `dpMaxEvents` events are solved by subset DP. */
  constructor(dpMaxEvents: number) {
    this.dp = new SubsetDp(dpMaxEvents);
  }

  /**
   * Matches the events of `graph` among themselves and the boundary: sets mate[i] to the event
   * matched with i, or −1 (boundary), and returns the total weight, or Infinity when no perfect
   * matching with boundary exists. Overwrites infinite entries of graph.boundary.
   */
  solve(graph: EventGraph, mate: Int32Array): number {
    const { count: m, boundary: bnd, pairs: p, pairU: eu, pairV: ev, pairDist: ed, component } = graph;
    this.reserve(m, p);
    const { mateEdge, componentSize } = this;
    // M = 2 + Σ_i (i's costliest finite option) exceeds the cost of any feasible matching (it
    // uses one option per event); the useful pairs include all of an unbounded event's options.
    let bound = 2;
    if (graph.unbounded) {
      const farthest = this.q; // scratch
      for (let i = 0; i < m; i++) farthest[i] = bnd[i] === Number.POSITIVE_INFINITY ? 0 : bnd[i]!;
      for (let e = 0; e < p; e++) {
        const d = ed[e]!;
        if (d > farthest[eu[e]!]!) farthest[eu[e]!] = d;
        if (d > farthest[ev[e]!]!) farthest[ev[e]!] = d;
      }
      for (let i = 0; i < m; i++) bound += farthest[i]!;
      for (let i = 0; i < m; i++) if (bnd[i] === Number.POSITIVE_INFINITY) bnd[i] = bound;
    }
    for (let i = 0; i < m; i++) componentSize[i] = 0;
    let largest = 0;
    for (let i = 0; i < m; i++) largest = Math.max(largest, ++componentSize[component[i]!]!);
    if (largest <= this.dp.maxEvents) this.matchSmallComponents(graph);
    else this.matchByGroups(graph);
    let total = 0;
    for (let i = 0; i < m; i++) {
      const e = mateEdge[i]!;
      if (e < 0) {
        mate[i] = -1;
        if (graph.unbounded && bnd[i] === bound) return Number.POSITIVE_INFINITY;
        total += bnd[i]!;
      } else {
        const j = eu[e] === i ? ev[e]! : eu[e]!;
        mate[i] = j;
        if (i < j) total += ed[e]!;
      }
    }
    return total;
  }

  /** The common case at low noise: every component is small, and solved whole (subset DP from three events). */
  private matchSmallComponents(graph: EventGraph): void {
    const { count: m, boundary: bnd, pairV: ev, pairDist: ed, firstPair, component } = graph;
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
        this.dp.matchComponent(byComponent, begin, end - begin, bnd, firstPair, ev, ed, this.position, mateEdge);
      }
      begin = end;
    }
  }

  /** Split, solve, price, merge (see above); small components are single groups solved by DP. */
  private matchByGroups(graph: EventGraph): void {
    const { count: m, nearestPair, pairU, pairV, component } = graph;
    const { group, head, next, size, queued, solvedIn, componentSize } = this;
    // Initial groups: a small component whole, otherwise each event with its nearest partner
    // among the pairs that save something.
    for (let i = 0; i < m; i++) {
      group[i] = head[i] = i;
      next[i] = -1;
      size[i] = 1;
      queued[i] = solvedIn[i] = 0;
    }
    const dpMax = this.dp.maxEvents;
    for (let i = 0; i < m; i++) {
      const c = component[i]!;
      const e = nearestPair[i]!;
      const link = componentSize[c]! <= dpMax ? c : e < 0 ? -1 : pairU[e] === i ? pairV[e]! : pairU[e]!;
      if (link >= 0 && group[i] !== group[link]) this.merge(group[i]!, group[link]!);
    }
    this.dirtyCount = 0;
    for (let i = 0; i < m; i++) if (group[i] === i) this.dirty[this.dirtyCount++] = i;
    for (let round = 1; ; round++) {
      for (let d = 0; d < this.dirtyCount; d++) {
        const r = this.dirty[d]!;
        if (group[r] === r) this.solveGroup(graph, r, round);
      }
      this.dirtyCount = 0;
      this.priceCrossPairs(graph, round);
      if (this.dirtyCount === 0) break;
    }
  }

  /** Joins the groups of roots a and b (the smaller one's members are relabelled); returns the root. */
  private merge(a: number, b: number): number {
    const { group, head, next, size } = this;
    const big = size[a]! < size[b]! ? b : a;
    const small = big === a ? b : a;
    let last = small;
    for (let i = head[small]!; i !== -1; i = next[i]!) {
      group[i] = big;
      last = i;
    }
    next[last] = head[big]!;
    head[big] = head[small]!;
    size[big]! += size[small]!;
    return big;
  }

  /**
   * Merges the groups of every useful pair whose dual constraint fails — y(u) + y(v) < s(u, v),
   * i.e. (doubled duals) q(u) + q(v) + 2·d(u, v) < 0 with q = 2y − 2b — and queues the merged
   * groups for the next round. Only pairs between groups are priced (kept in crossPairs, which
   * shrinks as groups merge), and only those touching a group solved in this round can have
   * changed since the last pricing (the others passed it with the same duals).
   */
  private priceCrossPairs(graph: EventGraph, round: number): void {
    const { pairU: eu, pairV: ev, pairDist: ed } = graph;
    const { group, q, solvedIn, queued, crossPairs } = this;
    const count = round === 1 ? graph.pairs : this.crossCount;
    let kept = 0;
    for (let x = 0; x < count; x++) {
      const e = round === 1 ? x : crossPairs[x]!;
      const u = eu[e]!;
      const v = ev[e]!;
      if (group[u] === group[v]) continue;
      crossPairs[kept++] = e;
      if ((solvedIn[u] !== round && solvedIn[v] !== round) || q[u]! + q[v]! + 2 * ed[e]! >= 0) continue;
      const r = this.merge(group[u]!, group[v]!);
      if (queued[r] === round) continue;
      queued[r] = round;
      this.dirty[this.dirtyCount++] = r;
    }
    this.crossCount = kept;
  }

  /**
   * Solves the group of root r in the given round: sets mateEdge, the doubled duals 2y, q and
   * warmDual of its members; after the first round, warm from the members' previous solutions.
   */
  private solveGroup(graph: EventGraph, r: number, round: number): void {
    const { boundary: bnd, pairU: eu, pairV: ev, pairDist: ed, firstPair, component } = graph;
    const { group, head, next, members, position, solvedIn, localEdge, groupEdges, mateEdge, dual, warmDual, startDual, startMate, us, vs, ws } = this;
    if (this.size[r] === 2) {
      // Two events, so one's nearest partner is the other (groups grow from nearest pairs, then
      // only by merging): one pair, saving s > 0, matched with y = s/2 each — as the blossom
      // algorithm would have it.
      const u = head[r]!;
      const v = next[u]!;
      let e = graph.nearestPair[u]!;
      if (eu[e] !== v && ev[e] !== v) e = graph.nearestPair[v]!;
      const saving = bnd[u]! + bnd[v]! - ed[e]!;
      solvedIn[u] = solvedIn[v] = round;
      mateEdge[u] = mateEdge[v] = e;
      dual[u] = dual[v] = warmDual[u] = warmDual[v] = saving;
      this.q[u] = saving - 2 * bnd[u]!;
      this.q[v] = saving - 2 * bnd[v]!;
      return;
    }
    const warm = round > 1;
    let size = 0;
    for (let i = head[r]!; i !== -1; i = next[i]!) {
      position[i] = size;
      members[size++] = i;
      solvedIn[i] = round;
    }
    if (this.componentSize[component[r]!]! <= this.dp.maxEvents) {
      // A whole small component: no pair leaves it, so it is never priced and needs no duals.
      this.dp.matchComponent(members, 0, size, bnd, firstPair, ev, ed, position, mateEdge);
      return;
    }
    // The group's pairs.
    let edgeCount = 0;
    for (let a = 0; a < size; a++) {
      const i = members[a]!;
      for (let e = firstPair[i]!; e < firstPair[i + 1]!; e++) {
        if (group[ev[e]!] !== r) continue;
        localEdge[e] = edgeCount;
        groupEdges[edgeCount] = e;
        us[edgeCount] = a;
        vs[edgeCount] = position[ev[e]!]!;
        ws[edgeCount++] = bnd[i]! + bnd[ev[e]!]! - ed[e]!;
      }
    }
    for (let a = 0; a < size; a++) {
      const i = members[a]!;
      if (warm) {
        // Partners were in the same (smaller) group, so their pair is among this group's.
        startDual[a] = warmDual[i]!;
        startMate[a] = mateEdge[i]! < 0 ? -1 : localEdge[mateEdge[i]!]!;
      }
      mateEdge[i] = -1;
      dual[i] = warmDual[i] = 0;
    }
    // A group of three or more in a large component has at least two pairs: it grew from
    // nearest-partner links, or merged groups along a pair.
    if (size === 3) {
      this.solveTriple(edgeCount);
    } else {
      const solver = this.solver;
      if (warm) solver.solveFrom(size, edgeCount, us, vs, ws, startDual, startMate);
      else solver.solve(size, edgeCount, us, vs, ws);
      for (let a = 0; a < size; a++) {
        const i = members[a]!;
        const k = solver.mateEdge(a);
        mateEdge[i] = k < 0 ? -1 : groupEdges[k]!;
        dual[i] = solver.dual[a]!;
        warmDual[i] = solver.effectiveDual(a);
      }
    }
    for (let a = 0; a < size; a++) {
      const i = members[a]!;
      this.q[i] = dual[i]! - 2 * bnd[i]!;
    }
  }

  /**
   * Groups of three in closed form, from the group's pairs in us/vs/ws (local 0..2, savings > 0;
   * absent pairs save 0). The optimum pairs the two events u, v of the largest saving s* and
   * leaves w to the boundary, so y(w) = 0 (complementary slackness). An optimal dual: if
   * s(u,w) + s(v,w) ≤ s*, y(u) = s(u,w) + e/2 and y(v) = s(v,w) + e/2 with
   * e = s* − s(u,w) − s(v,w) ≥ 0; otherwise the triangle is a blossom with
   * z = s(u,w) + s(v,w) − s* > 0 and y(u) = s* − s(v,w), y(v) = s* − s(u,w). Either way every
   * constraint y + y (+ z) ≥ s holds and the dual objective equals s*. The warm-start duals
   * add z to all three (BlossomMatcher.effectiveDual).
   */
  private solveTriple(edgeCount: number): void {
    const { members, groupEdges, mateEdge, dual, warmDual, us, vs, ws } = this;
    // saving[c] and edge[c] of the pair opposite local vertex c (pair {0,1} is opposite 2, …).
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let best = -1;
    for (let x = 0; x < edgeCount; x++) {
      const opposite = 3 - us[x]! - vs[x]!;
      const s = ws[x]!;
      if (opposite === 0) s0 = s;
      else if (opposite === 1) s1 = s;
      else s2 = s;
      // Largest saving; ties keep the pair listed first.
      if (best < 0 || s > ws[best]!) best = x;
    }
    const sBest = ws[best]!;
    const u = us[best]!;
    const v = vs[best]!;
    // The pair (u, w) is the one opposite v, and (v, w) the one opposite u.
    const uw = v === 0 ? s0 : v === 1 ? s1 : s2;
    const vw = u === 0 ? s0 : u === 1 ? s1 : s2;
    const e = groupEdges[best]!;
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

  private reserve(m: number, p: number): void {
    if (m > this.capacity) {
      this.capacity = Math.max(m, 2 * this.capacity);
      const c = this.capacity;
      this.group = new Int32Array(c);
      this.head = new Int32Array(c);
      this.next = new Int32Array(c);
      this.size = new Int32Array(c);
      this.dual = new Float64Array(c);
      this.q = new Float64Array(c);
      this.mateEdge = new Int32Array(c);
      this.warmDual = new Float64Array(c);
      this.dirty = new Int32Array(c);
      this.queued = new Int32Array(c);
      this.solvedIn = new Int32Array(c);
      this.componentSize = new Int32Array(c);
      this.byComponent = new Int32Array(c);
      this.componentStart = new Int32Array(c + 1);
      this.members = new Int32Array(c);
      this.position = new Int32Array(c);
      this.startDual = new Float64Array(c);
      this.startMate = new Int32Array(c);
    }
    if (p > this.edgeCapacity) {
      this.edgeCapacity = Math.max(p, 2 * this.edgeCapacity);
      const c = this.edgeCapacity;
      this.localEdge = new Int32Array(c);
      this.groupEdges = new Int32Array(c);
      this.crossPairs = new Int32Array(c);
      this.us = new Int32Array(c);
      this.vs = new Int32Array(c);
      this.ws = new Float64Array(c);
    }
  }
}
