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
import { BlossomState, LABEL_FREE, LABEL_S, LABEL_T } from './blossom-state.ts';
import { coldStart, warmStart } from './blossom-warm-start.ts';

/**
 * The four kinds of dual change (Galil's δ1..δ4, van Rantwijk's deltatype 1..4): an S-vertex's
 * dual reaches zero; an edge from a free vertex to an S-blossom becomes tight; an edge between
 * two S-blossoms does; a T-blossom's dual reaches zero.
 */
const DELTA_S_VERTEX = 1;
const DELTA_FREE_TO_S = 2;
const DELTA_S_TO_S = 3;
const DELTA_T_BLOSSOM = 4;

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
    const { n, m, endpoint, label, topBlossom, bestEdge, allowedEdge, adjStart, adj, mate, blossomBase, labelEnd, dual } = this;
    for (;;) {
      // Plain loops: TypedArray.fill's call overhead dominates at the small sizes typical here.
      for (let b = 0; b < 2 * n; b++) {
        label[b] = LABEL_FREE;
        bestEdge[b] = -1;
      }
      for (let b = n, end = this.blossomLimit(); b < end; b++) this.blossomBestEdges[b] = null;
      for (let k = 0; k < m; k++) allowedEdge[k] = 0;
      this.queueLength = 0;
      let roots = 0;
      for (let x = 0; x < n; x++) {
        if (mate[x] === -1 && label[topBlossom[x]!] === LABEL_FREE && (this.maxCardinality || dual[x]! > 0)) {
          this.assignLabel(x, LABEL_S, -1);
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
            const bx = topBlossom[x]!;
            const by = topBlossom[y]!;
            if (bx === by) continue;
            let slack = 0;
            if (!allowedEdge[k]) {
              slack = this.slack(k);
              if (slack <= 0) allowedEdge[k] = 1;
            }
            if (allowedEdge[k]) {
              if (label[by] === LABEL_FREE) {
                if (mate[blossomBase[by]!] === -1) {
                  // A single vertex (of zero dual) ends an augmenting path.
                  labelEnd[by] = -1;
                  augmentMatching(this, k);
                  augmented = true;
                  break;
                }
                this.assignLabel(y, LABEL_T, p ^ 1);
              } else if (label[by] === LABEL_S) {
                const b = this.scanBlossom(x, y);
                if (b >= 0) {
                  this.addBlossom(b, k);
                } else {
                  augmentMatching(this, k);
                  augmented = true;
                  break;
                }
              } else if (label[y] === LABEL_FREE) {
                label[y] = LABEL_T;
                labelEnd[y] = p ^ 1;
              }
            } else if (label[by] === LABEL_S) {
              if (bestEdge[bx] === -1 || slack < this.slack(bestEdge[bx]!)) bestEdge[bx] = k;
            } else if (label[y] === LABEL_FREE) {
              if (bestEdge[y] === -1 || slack < this.slack(bestEdge[y]!)) bestEdge[y] = k;
            }
          }
        }
        if (augmented) break;
        outcome = this.adjustDuals();
        if (outcome !== GROW) break;
      }
      if (outcome === FINISHED) break;
      // End of stage: expand S-blossoms whose dual reached zero.
      for (let b = n, end = this.blossomLimit(); b < end; b++) {
        if (this.blossomParent[b] === -1 && blossomBase[b]! >= 0 && label[b] === LABEL_S && dual[b] === 0) {
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
    if (this.blossomParent[x] === -1 || this.blossomParent[y] === -1) return s;
    // Blossoms containing both: the common tail of the two parent chains.
    let bx = x;
    let by = y;
    let dx = this.depth(bx);
    let dy = this.depth(by);
    for (; dx > dy; dx--) bx = this.blossomParent[bx]!;
    for (; dy > dx; dy--) by = this.blossomParent[by]!;
    while (bx !== by) {
      bx = this.blossomParent[bx]!;
      by = this.blossomParent[by]!;
    }
    for (let b = bx; b !== -1; b = this.blossomParent[b]!) s += 2 * this.dual[b]!;
    return s;
  }

  /**
   * x's dual plus the duals of the blossoms holding x, after solve(): with these as vertex duals
   * and no blossoms, every edge's slack is at least its slack now, and matched edges inside
   * blossoms stay tight — a feasible warm start for solveFrom on a larger graph.
   */
  effectiveDual(x: number): number {
    let y = this.dual[x]!;
    for (let b = this.blossomParent[x]!; b !== -1; b = this.blossomParent[b]!) y += this.dual[b]!;
    return y;
  }

  private depth(b: number): number {
    let d = 0;
    for (; this.blossomParent[b] !== -1; b = this.blossomParent[b]!) d++;
    return d;
  }

  /** One dual change by the least of the four deltas; says whether the stage or the algorithm ends. */
  private adjustDuals(): number {
    const { n, label, topBlossom, dual, bestEdge, blossomParent } = this;
    const top = this.blossomLimit();
    // The least of each kind (the first on ties), in one pass over the vertices: S-vertex duals,
    // and slacks of the best edges from free vertices to S-vertices.
    let leastSVertexDual = Number.POSITIVE_INFINITY;
    let leastFreeToSSlack = Number.POSITIVE_INFINITY;
    let freeToSEdge = -1;
    for (let x = 0; x < n; x++) {
      const treeLabel = label[topBlossom[x]!];
      if (treeLabel === LABEL_S) {
        if (dual[x]! < leastSVertexDual) leastSVertexDual = dual[x]!;
      } else if (treeLabel === LABEL_FREE && bestEdge[x] !== -1) {
        const d = this.slack(bestEdge[x]!);
        if (d < leastFreeToSSlack) {
          leastFreeToSSlack = d;
          freeToSEdge = bestEdge[x]!;
        }
      }
    }
    // Half the slack of the best edges between top-level S-blossoms.
    let leastSToSSlack = Number.POSITIVE_INFINITY;
    let sToSEdge = -1;
    for (let b = 0; b < top; b++) {
      if (blossomParent[b] === -1 && label[b] === LABEL_S && bestEdge[b] !== -1) {
        const d = this.slack(bestEdge[b]!) / 2;
        if (d < leastSToSSlack) {
          leastSToSSlack = d;
          sToSEdge = bestEdge[b]!;
        }
      }
    }
    // Duals of top-level T-blossoms.
    let leastTBlossomDual = Number.POSITIVE_INFINITY;
    let tBlossom = -1;
    for (let b = n; b < top; b++) {
      if (this.blossomBase[b]! >= 0 && blossomParent[b] === -1 && label[b] === LABEL_T && dual[b]! < leastTBlossomDual) {
        leastTBlossomDual = dual[b]!;
        tBlossom = b;
      }
    }
    let kind = -1;
    let delta = 0;
    let deltaEdge = -1;
    if (!this.maxCardinality) {
      kind = DELTA_S_VERTEX;
      delta = leastSVertexDual;
    }
    if (freeToSEdge !== -1 && (kind === -1 || leastFreeToSSlack < delta)) {
      kind = DELTA_FREE_TO_S;
      delta = leastFreeToSSlack;
      deltaEdge = freeToSEdge;
    }
    if (sToSEdge !== -1 && (kind === -1 || leastSToSSlack < delta)) {
      kind = DELTA_S_TO_S;
      delta = leastSToSSlack;
      deltaEdge = sToSEdge;
    }
    if (tBlossom !== -1 && (kind === -1 || leastTBlossomDual < delta)) {
      kind = DELTA_T_BLOSSOM;
      delta = leastTBlossomDual;
    }
    if (kind === -1) {
      // Max-cardinality mode with nothing left to grow: a last delta makes the duals optimal.
      kind = DELTA_S_VERTEX;
      delta = Math.max(0, minVertexDual(dual, n));
    }
    for (let x = 0; x < n; x++) {
      const treeLabel = label[topBlossom[x]!];
      if (treeLabel === LABEL_S) dual[x]! -= delta;
      else if (treeLabel === LABEL_T) dual[x]! += delta;
    }
    for (let b = n; b < top; b++) {
      if (this.blossomBase[b]! >= 0 && blossomParent[b] === -1) {
        if (label[b] === LABEL_S) dual[b]! += delta;
        else if (label[b] === LABEL_T) dual[b]! -= delta;
      }
    }
    if (kind === DELTA_S_VERTEX) {
      if (this.maxCardinality) return FINISHED;
      // An S-vertex reached dual zero: a root may simply stay single; another S-vertex becomes
      // single instead of its root (the tree path flips), which keeps complementary slackness.
      let zero = -1;
      for (let x = 0; x < n; x++) {
        if (label[topBlossom[x]!] !== LABEL_S || dual[x] !== 0) continue;
        zero = x;
        if (this.mate[x] === -1) break;
      }
      if (this.mate[zero] !== -1) augmentFrom(this, zero, -1);
      return STAGE_OVER;
    }
    if (kind === DELTA_T_BLOSSOM) {
      this.expandBlossom(tBlossom, false);
      return GROW;
    }
    this.allowedEdge[deltaEdge] = 1;
    let x = this.endpoint[2 * deltaEdge]!;
    if (kind === DELTA_FREE_TO_S && label[topBlossom[x]!] === LABEL_FREE) x = this.endpoint[2 * deltaEdge + 1]!;
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
