/**
 * Exact minimum-weight matching with boundary for one large cluster of detection events, by
 * splitting it, solving the parts with the blossom algorithm, and pricing the pairs between parts
 * against the parts' optimal duals (a decomposition in the spirit of column generation).
 *
 * Savings form. Matching event i to the boundary costs b(i), so pairing i with j saves
 * s(i, j) = b(i) + b(j) − d(i, j), and cost = Σ b − Σ (savings of the pairs): a maximum-weight,
 * not necessarily perfect, matching of the savings is a minimum-weight matching with boundary,
 * on m vertices (boundary twins would need 2m and m² zero edges). Events with no path to the
 * boundary get b = M, above any feasible cost, so an optimum pairs them whenever possible.
 *
 * Split, solve, price, merge. The events start in groups linked by each event's nearest partner
 * (errors are local: most pairs are near neighbours). Each group is solved by Edmonds' blossom
 * algorithm (blossom.ts; up to three events in closed form), which also gives optimal dual
 * variables y ≥ 0. Groups are
 * vertex-disjoint, so the union of their solutions is optimal for the union of their edges, and
 * their duals together are dual-feasible for every pair (i, j) across groups with
 * y(i) + y(j) ≥ s(i, j) — no blossom contains both. A cross pair that fails this merges its two
 * groups, which are solved again. When no pair fails, the duals are feasible for the whole
 * cluster and complementary slackness holds, so the matching is optimal for the whole cluster
 * (LP duality for Edmonds' matching polytope, Edmonds 1965). Worst case: everything merges and
 * one O(m³) solve remains; typical clusters settle with small groups. Pricing is O(m²) a round.
 */
import { BlossomMatcher } from './blossom.ts';

export class ClusterMatcher {
  private readonly solver = new BlossomMatcher();
  private capacity = 0;
  private root = new Int32Array(0);
  private dual = new Float64Array(0);
  private mate = new Int32Array(0);
  private dirty = new Uint8Array(0);
  /** Events whose group was solved in the latest round. */
  private fresh = new Uint8Array(0);
  private freshList = new Int32Array(0);
  private q = new Float64Array(0);
  private members = new Int32Array(0);
  private start = new Int32Array(0);
  private position = new Int32Array(0);
  private us = new Int32Array(0);
  private vs = new Int32Array(0);
  private ws = new Float64Array(0);

  /**
   * Matches m events given their boundary distances `bnd[0..m)`, pair distances
   * `pairDist[i·m + j]` (integers, Infinity when unreachable) and each event's nearest partner
   * among the pairs with d(i, j) < b(i) + b(j) (−1 if none). Sets localMate[i] to the matched
   * event or −1 (boundary) and returns the total weight, or Infinity when no perfect matching
   * with boundary exists. Overwrites infinite entries of `bnd`.
   */
  solve(m: number, bnd: Float64Array, pairDist: Float64Array, nearest: Int32Array, localMate: Int32Array): number {
    this.reserve(m);
    const { root, dirty } = this;
    let hasUnbounded = false;
    for (let i = 0; i < m; i++) if (bnd[i] === Number.POSITIVE_INFINITY) hasUnbounded = true;
    // M = 2 + Σ_i (i's costliest finite option) exceeds the cost of any feasible matching.
    let bound = 2;
    if (hasUnbounded) {
      for (let i = 0; i < m; i++) {
        let farthest = bnd[i] === Number.POSITIVE_INFINITY ? 0 : bnd[i]!;
        for (let j = 0; j < m; j++) {
          const d = pairDist[i * m + j]!;
          if (d !== Number.POSITIVE_INFINITY && d > farthest) farthest = d;
        }
        bound += farthest;
      }
      for (let i = 0; i < m; i++) if (bnd[i] === Number.POSITIVE_INFINITY) bnd[i] = bound;
    }

    // Initial groups: each event with its nearest partner among the pairs that save something.
    for (let i = 0; i < m; i++) root[i] = i;
    for (let i = 0; i < m; i++) if (nearest[i]! >= 0) union(root, i, nearest[i]!);
    dirty.fill(1, 0, m);
    for (;;) {
      this.solveDirtyGroups(m, bnd, pairDist);
      if (this.priceCrossPairs(m, bnd, pairDist) === 0) break;
    }
    let total = 0;
    for (let i = 0; i < m; i++) {
      const j = this.mate[i]!;
      localMate[i] = j;
      if (j < 0) {
        if (hasUnbounded && bnd[i] === bound) return Number.POSITIVE_INFINITY;
        total += bnd[i]!;
      } else if (i < j) {
        total += pairDist[i * m + j]!;
      }
    }
    return total;
  }

  /**
   * Merges the groups of every pair (i, j) in different groups whose dual constraint fails:
   * y(i) + y(j) < s(i, j), i.e. (doubled duals) q(i) + q(j) + 2·d(i, j) < 0 with q = 2y − 2b.
   * Only pairs touching a group solved in the latest round can have changed since the last
   * pricing, so the others are skipped. Returns how many merges it made.
   */
  private priceCrossPairs(m: number, bnd: Float64Array, pairDist: Float64Array): number {
    const { root, dual, dirty, fresh, q, freshList } = this;
    let freshCount = 0;
    for (let i = 0; i < m; i++) {
      q[i] = dual[i]! - 2 * bnd[i]!;
      if (fresh[i]) freshList[freshCount++] = i;
    }
    let merged = 0;
    for (let i = 0, next = 0; i < m; i++) {
      while (next < freshCount && freshList[next]! <= i) next++;
      const all = fresh[i] === 1;
      const count = all ? m - i - 1 : freshCount - next;
      const ri = find(root, i);
      const bi = bnd[i]!;
      const qi = q[i]!;
      for (let c = 0; c < count; c++) {
        const j = all ? i + 1 + c : freshList[next + c]!;
        const d = pairDist[i * m + j]!;
        if (!(d < bi + bnd[j]!) || qi + q[j]! + 2 * d >= 0) continue;
        const rj = find(root, j);
        if (ri === rj) continue;
        dirty[union(root, ri, rj)] = 1;
        merged++;
        break; // i's group changed: its duals are stale until re-solved.
      }
    }
    return merged;
  }

  /** Solves every group whose root is marked dirty; records mates and duals (doubled units). */
  private solveDirtyGroups(m: number, bnd: Float64Array, pairDist: Float64Array): void {
    const { root, dirty, members, start, position } = this;
    // Bucket the events of dirty groups by root (counting sort keeps them in event order).
    start.fill(0, 0, m + 1);
    for (let i = 0; i < m; i++) {
      const r = find(root, i);
      if (dirty[r]) start[r + 1]!++;
    }
    for (let r = 0; r < m; r++) start[r + 1]! += start[r]!;
    for (let i = 0; i < m; i++) {
      const r = find(root, i);
      if (dirty[r]) members[start[r]! + position[r]!++] = i;
    }
    position.fill(0, 0, m);
    this.fresh.fill(0, 0, m);
    for (let r = 0; r < m; r++) {
      if (!dirty[r]) continue;
      dirty[r] = 0;
      const begin = start[r]!;
      const size = start[r + 1]! - begin;
      if (size === 0) continue; // r was merged into another group after being marked.
      for (let a = 0; a < size; a++) this.fresh[members[begin + a]!] = 1;
      if (size <= 2) {
        this.solvePair(members, begin, size, bnd, pairDist, m);
        continue;
      }
      if (size === 3) {
        this.solveTriple(members[begin]!, members[begin + 1]!, members[begin + 2]!, bnd, pairDist, m);
        continue;
      }
      let edges = 0;
      for (let a = 0; a < size; a++) {
        const i = members[begin + a]!;
        for (let b = a + 1; b < size; b++) {
          const j = members[begin + b]!;
          const saving = bnd[i]! + bnd[j]! - pairDist[i * m + j]!;
          if (!(saving > 0)) continue;
          this.us[edges] = a;
          this.vs[edges] = b;
          this.ws[edges++] = saving;
        }
      }
      this.solver.solve(size, edges, this.us, this.vs, this.ws);
      for (let a = 0; a < size; a++) {
        const i = members[begin + a]!;
        const partner = this.solver.mateOf(a);
        this.mate[i] = partner < 0 ? -1 : members[begin + partner]!;
        this.dual[i] = this.solver.dual[a]!;
      }
    }
  }

  /**
   * Groups of one or two events in closed form: a pair that saves s > 0 is matched with duals
   * y = s/2 each (doubled units: s), what the blossom algorithm would return; otherwise both go
   * to the boundary with duals 0.
   */
  private solvePair(members: Int32Array, begin: number, size: number, bnd: Float64Array, pairDist: Float64Array, m: number): void {
    const i = members[begin]!;
    this.mate[i] = -1;
    this.dual[i] = 0;
    if (size === 1) return;
    const j = members[begin + 1]!;
    const saving = bnd[i]! + bnd[j]! - pairDist[i * m + j]!;
    const matched = saving > 0;
    this.mate[i] = matched ? j : -1;
    this.mate[j] = matched ? i : -1;
    this.dual[i] = this.dual[j] = matched ? saving : 0;
  }

  /**
   * Groups of three in closed form. The optimum pairs the two events u, v of the largest saving
   * s* (if positive) and leaves w to the boundary, so y(w) = 0 (complementary slackness). An
   * optimal dual: if s(u,w) + s(v,w) ≤ s*, y(u) = s(u,w) + e/2 and y(v) = s(v,w) + e/2 with
   * e = s* − s(u,w) − s(v,w) ≥ 0; otherwise the triangle is a blossom with
   * z = s(u,w) + s(v,w) − s* > 0 and y(u) = s* − s(v,w), y(v) = s* − s(u,w). Either way every
   * constraint y + y (+ z) ≥ s holds and the dual objective equals s*. Savings ≤ 0 count as 0.
   */
  private solveTriple(a: number, b: number, c: number, bnd: Float64Array, pairDist: Float64Array, m: number): void {
    const ab = positiveSaving(a, b, bnd, pairDist, m);
    const bc = positiveSaving(b, c, bnd, pairDist, m);
    const ac = positiveSaving(a, c, bnd, pairDist, m);
    // (u, v) the best pair (ties keep the earlier one), w the third event.
    let u = a;
    let v = b;
    let w = c;
    let best = ab;
    let uw = ac;
    let vw = bc;
    if (bc > best && bc >= ac) [u, v, w, best, uw, vw] = [b, c, a, bc, ab, ac];
    else if (ac > best && ac > bc) [u, v, w, best, uw, vw] = [a, c, b, ac, ab, bc];
    this.mate[w] = -1;
    this.dual[w] = 0;
    if (!(best > 0)) {
      this.mate[u] = this.mate[v] = -1;
      this.dual[u] = this.dual[v] = 0;
      return;
    }
    this.mate[u] = v;
    this.mate[v] = u;
    const extra = best - uw - vw;
    // Doubled units (as BlossomMatcher's duals): 2y.
    this.dual[u] = extra >= 0 ? 2 * uw + extra : 2 * (best - vw);
    this.dual[v] = extra >= 0 ? 2 * vw + extra : 2 * (best - uw);
  }

  private reserve(m: number): void {
    if (m <= this.capacity) return;
    this.capacity = Math.max(m, 2 * this.capacity);
    const c = this.capacity;
    this.root = new Int32Array(c);
    this.dual = new Float64Array(c);
    this.mate = new Int32Array(c);
    this.dirty = new Uint8Array(c);
    this.fresh = new Uint8Array(c);
    this.freshList = new Int32Array(c);
    this.q = new Float64Array(c);
    this.members = new Int32Array(c);
    this.start = new Int32Array(c + 1);
    this.position = new Int32Array(c);
    this.us = new Int32Array((c * (c - 1)) / 2);
    this.vs = new Int32Array((c * (c - 1)) / 2);
    this.ws = new Float64Array((c * (c - 1)) / 2);
  }
}

/** max(0, b(i) + b(j) − d(i, j)): what pairing i with j saves over sending both to the boundary. */
function positiveSaving(i: number, j: number, bnd: Float64Array, pairDist: Float64Array, m: number): number {
  return Math.max(0, bnd[i]! + bnd[j]! - pairDist[i * m + j]!);
}

/** Union-find with path halving (Tarjan 1975). */
export function find(root: Int32Array, i: number): number {
  while (root[i] !== i) {
    root[i] = root[root[i]!]!;
    i = root[i]!;
  }
  return i;
}

/** Joins two sets, keeping the smaller index as root (so groups are named by their first event); returns the root. */
export function union(root: Int32Array, i: number, j: number): number {
  const ri = find(root, i);
  const rj = find(root, j);
  if (ri < rj) root[rj] = ri;
  else if (rj < ri) root[ri] = rj;
  return Math.min(ri, rj);
}
