/**
 * Maximum-weight matching in a general graph: Edmonds' blossom algorithm with dual variables
 * (Edmonds, "Paths, trees, and flowers", 1965), in the O(n³) form of Galil ("Efficient
 * algorithms for finding maximum matching in graphs", ACM Computing Surveys 18(1), 1986),
 * organised as in Joris van Rantwijk's reference implementation
 * (http://jorisvr.nl/article/maximum-matching). Each stage grows alternating trees from the single
 * vertices of positive dual, shrinks odd cycles into blossoms (blossom-state.ts) and changes the
 * duals by the least of four slacks until an augmenting path appears (blossom-augment.ts) or an
 * S-vertex's dual reaches zero. O(n²) per stage thanks to per-blossom least-slack edge lists, at
 * most n stages: O(n³) time, O(n + m) memory.
 *
 * Unlike Galil's version, which starts every vertex at the same dual, it accepts any feasible
 * start (blossom-warm-start.ts) — the decoder re-solves merged groups from their parts' optimal
 * solutions (cluster-matcher.ts), and starts fresh groups from each vertex's largest weight —
 * so a stage may also end with a non-root S-vertex at dual zero: the tree path from it to its
 * root flips, leaving it single with zero dual as complementary slackness allows.
 *
 * The duals it ends with certify optimality (LP duality for Edmonds' matching polytope): an edge
 * left out of the graph can only improve the matching if its `edgeSlack` is negative. The
 * decoder prices pairs between separately solved groups this way (cluster-matcher.ts).
 *
 * With integer weights that are all even, every dual and delta stays an integer, so arithmetic
 * in doubles is exact (the reason PyMatching doubles its integer weights too).
 */
import { augmentFrom, augmentMatching } from './blossom-augment.ts';
import { BlossomState } from './blossom-state.ts';
import { coldStart, warmStart } from './blossom-warm-start.ts';

/** How a dual change ended: keep growing, end the stage, or end the algorithm. */
const GROW = 0;
const STAGE_OVER = 1;
const FINISHED = 2;

export class BlossomMatcher extends BlossomState {
  private maxCardinality = false;

  /**
   * Solves for edges k = (u[k], v[k]) of weight w[k] on n vertices. With `maxCardinality`, the
   * result has maximum weight among the matchings of maximum cardinality (from Galil's uniform
   * start, all duals at the largest weight); otherwise from each vertex at the largest weight at
   * it, tightened (blossom-warm-start.ts) — fewer stages on the small graphs typical here.
   */
  solve(
    n: number,
    m: number,
    u: ArrayLike<number>,
    v: ArrayLike<number>,
    w: ArrayLike<number>,
    maxCardinality = false,
  ): void {
    this.load(n, m, u, v, w);
    this.maxCardinality = maxCardinality;
    if (!maxCardinality) coldStart(this);
    this.run();
  }

  /**
   * Maximum-weight matching again, warm-started from duals `initialDual[x]` (doubled units, as
   * `dual`) and a matching `initialMateEdge[x]` (the edge matching x, or −1) — typically the
   * optimal solutions of parts of this graph. Any start is accepted and made feasible
   * (blossom-warm-start.ts); when it is nearly optimal, few stages remain.
   */
  solveFrom(
    n: number,
    m: number,
    u: ArrayLike<number>,
    v: ArrayLike<number>,
    w: ArrayLike<number>,
    initialDual: ArrayLike<number>,
    initialMateEdge: ArrayLike<number>,
  ): void {
    this.load(n, m, u, v, w);
    this.maxCardinality = false;
    warmStart(this, initialDual, initialMateEdge);
    this.run();
  }

  /**
   * The stages. Each labels the single vertices of positive dual as roots of alternating trees
   * and grows them until an augmenting path appears (to another tree, or to a single vertex of
   * zero dual), or until an S-vertex's dual reaches zero: then that vertex may stay single, so if
   * it is not a root the path from it to its root is flipped (the root becomes matched, it
   * becomes single). Either way one root fewer remains, so there are at most n stages. (From the
   * uniform start the roots always have the least dual, so they all reach zero at once and the
   * algorithm ends, as in Galil's version.)
   */
  private run(): void {
    // The arrays stay put during a solve (only the queue may grow), so they live in locals here.
    const { n, m, endpoint, label, inblossom, bestedge, allowedge, adjStart, adj, mate, base, labelend, dual } = this;
    for (;;) {
      // Plain loops: TypedArray.fill's call overhead dominates at the small sizes typical here.
      for (let b = 0; b < 2 * n; b++) {
        label[b] = 0;
        bestedge[b] = -1;
      }
      if (this.hasBlossoms()) for (let b = n; b < 2 * n; b++) this.blossombestedges[b] = null;
      for (let k = 0; k < m; k++) allowedge[k] = 0;
      this.queueLength = 0;
      let roots = 0;
      for (let x = 0; x < n; x++) {
        if (mate[x] === -1 && label[inblossom[x]!] === 0 && (this.maxCardinality || dual[x]! > 0)) {
          this.assignLabel(x, 1, -1);
          roots++;
        }
      }
      if (roots === 0) break;
      let outcome = GROW;
      let augmented = false;
      for (;;) {
        while (this.queueLength > 0 && !augmented) {
          const x = this.queue[--this.queueLength]!;
          for (let a = adjStart[x]!, end = adjStart[x + 1]!; a < end; a++) {
            const p = adj[a]!;
            const k = p >> 1;
            const y = endpoint[p]!;
            // Re-read each time: a blossom made while scanning x may now hold it.
            const bx = inblossom[x]!;
            const by = inblossom[y]!;
            if (bx === by) continue;
            let kslack = 0;
            if (!allowedge[k]) {
              kslack = this.slack(k);
              if (kslack <= 0) allowedge[k] = 1;
            }
            if (allowedge[k]) {
              if (label[by] === 0) {
                if (mate[base[by]!] === -1) {
                  // A single vertex (of zero dual) ends an augmenting path.
                  labelend[by] = -1;
                  augmentMatching(this, k);
                  augmented = true;
                  break;
                }
                this.assignLabel(y, 2, p ^ 1);
              } else if (label[by] === 1) {
                const b = this.scanBlossom(x, y);
                if (b >= 0) {
                  this.addBlossom(b, k);
                } else {
                  augmentMatching(this, k);
                  augmented = true;
                  break;
                }
              } else if (label[y] === 0) {
                label[y] = 2;
                labelend[y] = p ^ 1;
              }
            } else if (label[by] === 1) {
              if (bestedge[bx] === -1 || kslack < this.slack(bestedge[bx]!)) bestedge[bx] = k;
            } else if (label[y] === 0) {
              if (bestedge[y] === -1 || kslack < this.slack(bestedge[y]!)) bestedge[y] = k;
            }
          }
        }
        if (augmented) break;
        outcome = this.adjustDuals();
        if (outcome !== GROW) break;
      }
      if (outcome === FINISHED) break;
      // End of stage: expand S-blossoms whose dual reached zero.
      for (let b = n, end = this.hasBlossoms() ? 2 * n : n; b < end; b++) {
        if (this.parent[b] === -1 && base[b]! >= 0 && label[b] === 1 && dual[b] === 0) {
          this.expandBlossom(b, true);
        }
      }
    }
  }

  /** The index of the edge matching x, or −1. */
  mateEdge(x: number): number {
    const p = this.mate[x]!;
    return p >= 0 ? p >> 1 : -1;
  }

  /** The vertex matched to x, or −1. */
  mateOf(x: number): number {
    const p = this.mate[x]!;
    return p >= 0 ? this.endpoint[p]! : -1;
  }

  /**
   * Dual slack of a would-be edge (x, y) of weight w after solve(), in the doubled units of
   * slack(): y_x + y_y + 2·Σ z_B (blossoms holding both) − 2w. Negative means the edge would
   * improve the matching. O(blossom depth).
   */
  edgeSlack(x: number, y: number, w: number): number {
    let s = this.dual[x]! + this.dual[y]! - 2 * w;
    if (this.parent[x] === -1 || this.parent[y] === -1) return s;
    // Blossoms containing both: the common tail of the two parent chains.
    let bx = x;
    let by = y;
    let dx = this.depth(bx);
    let dy = this.depth(by);
    for (; dx > dy; dx--) bx = this.parent[bx]!;
    for (; dy > dx; dy--) by = this.parent[by]!;
    while (bx !== by) {
      bx = this.parent[bx]!;
      by = this.parent[by]!;
    }
    for (let b = bx; b !== -1; b = this.parent[b]!) s += 2 * this.dual[b]!;
    return s;
  }

  /**
   * x's dual plus the duals of the blossoms holding x, after solve(): with these as vertex duals
   * and no blossoms, every edge's slack is at least its slack now, and matched edges inside
   * blossoms stay tight — a feasible warm start for solveFrom on a larger graph.
   */
  effectiveDual(x: number): number {
    let y = this.dual[x]!;
    for (let b = this.parent[x]!; b !== -1; b = this.parent[b]!) y += this.dual[b]!;
    return y;
  }

  private depth(b: number): number {
    let d = 0;
    for (; this.parent[b] !== -1; b = this.parent[b]!) d++;
    return d;
  }

  /** One dual change by the least of the four deltas; says whether the stage or the algorithm ends. */
  private adjustDuals(): number {
    const { n, label, inblossom, dual, bestedge, parent } = this;
    const top = this.hasBlossoms() ? 2 * n : n;
    // The least of each kind (the first on ties), in one pass over the vertices: S-vertex duals,
    // and slacks of the best edges from free vertices to S-vertices.
    let minS = Number.POSITIVE_INFINITY;
    let best2 = Number.POSITIVE_INFINITY;
    let edge2 = -1;
    for (let x = 0; x < n; x++) {
      const l = label[inblossom[x]!];
      if (l === 1) {
        if (dual[x]! < minS) minS = dual[x]!;
      } else if (l === 0 && bestedge[x] !== -1) {
        const d = this.slack(bestedge[x]!);
        if (d < best2) {
          best2 = d;
          edge2 = bestedge[x]!;
        }
      }
    }
    // Half the slack of the best edges between top-level S-blossoms.
    let best3 = Number.POSITIVE_INFINITY;
    let edge3 = -1;
    for (let b = 0; b < top; b++) {
      if (parent[b] === -1 && label[b] === 1 && bestedge[b] !== -1) {
        const d = this.slack(bestedge[b]!) / 2;
        if (d < best3) {
          best3 = d;
          edge3 = bestedge[b]!;
        }
      }
    }
    // Duals of top-level T-blossoms.
    let best4 = Number.POSITIVE_INFINITY;
    let deltaBlossom = -1;
    for (let b = n; b < top; b++) {
      if (this.base[b]! >= 0 && parent[b] === -1 && label[b] === 2 && dual[b]! < best4) {
        best4 = dual[b]!;
        deltaBlossom = b;
      }
    }
    let type = -1;
    let delta = 0;
    let deltaEdge = -1;
    if (!this.maxCardinality) {
      type = 1;
      delta = minS;
    }
    if (edge2 !== -1 && (type === -1 || best2 < delta)) {
      type = 2;
      delta = best2;
      deltaEdge = edge2;
    }
    if (edge3 !== -1 && (type === -1 || best3 < delta)) {
      type = 3;
      delta = best3;
      deltaEdge = edge3;
    }
    if (deltaBlossom !== -1 && (type === -1 || best4 < delta)) {
      type = 4;
      delta = best4;
    }
    if (type === -1) {
      // Max-cardinality mode with nothing left to grow: a last delta makes the duals optimal.
      type = 1;
      delta = Math.max(0, minVertexDual(dual, n));
    }
    for (let x = 0; x < n; x++) {
      const l = label[inblossom[x]!];
      if (l === 1) dual[x]! -= delta;
      else if (l === 2) dual[x]! += delta;
    }
    for (let b = n; b < top; b++) {
      if (this.base[b]! >= 0 && parent[b] === -1) {
        if (label[b] === 1) dual[b]! += delta;
        else if (label[b] === 2) dual[b]! -= delta;
      }
    }
    if (type === 1) {
      if (this.maxCardinality) return FINISHED;
      // An S-vertex reached dual zero: a root may simply stay single; another S-vertex becomes
      // single instead of its root (the tree path flips), which keeps complementary slackness.
      let zero = -1;
      for (let x = 0; x < n; x++) {
        if (label[inblossom[x]!] !== 1 || dual[x] !== 0) continue;
        zero = x;
        if (this.mate[x] === -1) break;
      }
      if (this.mate[zero] !== -1) augmentFrom(this, zero, -1);
      return STAGE_OVER;
    }
    if (type === 4) {
      this.expandBlossom(deltaBlossom, false);
      return GROW;
    }
    this.allowedge[deltaEdge] = 1;
    let x = this.endpoint[2 * deltaEdge]!;
    if (type === 2 && label[inblossom[x]!] === 0) x = this.endpoint[2 * deltaEdge + 1]!;
    this.pushQueue(x);
    return GROW;
  }
}

function minVertexDual(dual: Float64Array, n: number): number {
  let min = Number.POSITIVE_INFINITY;
  for (let x = 0; x < n; x++) if (dual[x]! < min) min = dual[x]!;
  return min;
}

/** Convenience form: mate[v] is the vertex matched to v, or −1. */
export function maxWeightMatching(
  numVertices: number,
  edgeU: ArrayLike<number>,
  edgeV: ArrayLike<number>,
  edgeWeight: ArrayLike<number>,
  maxCardinality: boolean,
): Int32Array {
  const matcher = new BlossomMatcher();
  matcher.solve(numVertices, edgeWeight.length, edgeU, edgeV, edgeWeight, maxCardinality);
  return Int32Array.from({ length: numVertices }, (_, x) => matcher.mateOf(x));
}
