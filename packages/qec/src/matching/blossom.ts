/**
 * Maximum-weight matching in a general graph: Edmonds' blossom algorithm with dual variables, in
 * the O(n³) form of Galil ("Efficient algorithms for finding maximum matching in graphs", ACM
 * Computing Surveys 18(1), 1986), organised as in Joris van Rantwijk's reference implementation
 * (http://jorisvr.nl/article/maximum-matching). At most n/2 stages; each grows alternating trees
 * from the single vertices, shrinks odd cycles into blossoms (blossom-state.ts) and changes the
 * duals by the least of four slacks until an augmenting path appears or no vertex dual can
 * decrease further. O(n²) per stage thanks to per-blossom least-slack edge lists: O(n³) time,
 * O(n + m) memory.
 *
 * The duals it ends with certify optimality (LP duality for Edmonds' matching polytope): an edge
 * left out of the graph can only improve the matching if its `edgeSlack` is negative. The
 * decoder uses this to solve on a sparse candidate graph and price the other edges (event-matcher.ts).
 *
 * With integer weights that are all even, every dual and delta stays an integer, so arithmetic
 * in doubles is exact (the reason PyMatching doubles its integer weights too).
 */
import { BlossomState } from './blossom-state.ts';

export class BlossomMatcher extends BlossomState {
  private maxCardinality = false;

  /**
   * Solves for edges k = (u[k], v[k]) of weight w[k] on n vertices. With `maxCardinality`, the
   * result has maximum weight among the matchings of maximum cardinality.
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
    const { endpoint, label, inblossom } = this;
    for (let stage = 0; stage < n; stage++) {
      // Plain loops: TypedArray.fill's call overhead dominates at the small sizes typical here.
      for (let b = 0; b < 2 * n; b++) {
        label[b] = 0;
        this.bestedge[b] = -1;
      }
      for (let b = n; b < 2 * n; b++) this.blossombestedges[b] = null;
      for (let k = 0; k < m; k++) this.allowedge[k] = 0;
      this.queueLength = 0;
      for (let x = 0; x < n; x++) {
        if (this.mate[x] === -1 && label[inblossom[x]!] === 0) this.assignLabel(x, 1, -1);
      }
      let augmented = false;
      for (;;) {
        while (this.queueLength > 0 && !augmented) {
          const x = this.queue[--this.queueLength]!;
          for (let a = this.adjStart[x]!; a < this.adjStart[x + 1]!; a++) {
            const p = this.adj[a]!;
            const k = p >> 1;
            const y = endpoint[p]!;
            if (inblossom[x] === inblossom[y]) continue;
            let kslack = 0;
            if (!this.allowedge[k]) {
              kslack = this.slack(k);
              if (kslack <= 0) this.allowedge[k] = 1;
            }
            const by = inblossom[y]!;
            if (this.allowedge[k]) {
              if (label[by] === 0) {
                this.assignLabel(y, 2, p ^ 1);
              } else if (label[by] === 1) {
                const base = this.scanBlossom(x, y);
                if (base >= 0) {
                  this.addBlossom(base, k);
                } else {
                  this.augmentMatching(k);
                  augmented = true;
                  break;
                }
              } else if (label[y] === 0) {
                label[y] = 2;
                this.labelend[y] = p ^ 1;
              }
            } else if (label[by] === 1) {
              const bx = inblossom[x]!;
              if (this.bestedge[bx] === -1 || kslack < this.slack(this.bestedge[bx]!)) this.bestedge[bx] = k;
            } else if (label[y] === 0) {
              if (this.bestedge[y] === -1 || kslack < this.slack(this.bestedge[y]!)) this.bestedge[y] = k;
            }
          }
        }
        if (augmented || this.adjustDuals()) break;
      }
      if (!augmented) break;
      // End of stage: expand S-blossoms whose dual reached zero.
      for (let b = n; b < 2 * n; b++) {
        if (this.parent[b] === -1 && this.base[b]! >= 0 && label[b] === 1 && this.dual[b] === 0) {
          this.expandBlossom(b, true);
        }
      }
    }
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

  private depth(b: number): number {
    let d = 0;
    for (; this.parent[b] !== -1; b = this.parent[b]!) d++;
    return d;
  }

  /** One dual change by the least of the four deltas; true when the stage must end (delta 1). */
  private adjustDuals(): boolean {
    const { n, label, inblossom, dual } = this;
    let type = -1;
    let delta = 0;
    let deltaEdge = -1;
    let deltaBlossom = -1;
    if (!this.maxCardinality) {
      type = 1;
      delta = minVertexDual(dual, n);
    }
    for (let x = 0; x < n; x++) {
      if (label[inblossom[x]!] === 0 && this.bestedge[x] !== -1) {
        const d = this.slack(this.bestedge[x]!);
        if (type === -1 || d < delta) {
          delta = d;
          type = 2;
          deltaEdge = this.bestedge[x]!;
        }
      }
    }
    for (let b = 0; b < 2 * n; b++) {
      if (this.parent[b] === -1 && label[b] === 1 && this.bestedge[b] !== -1) {
        const d = this.slack(this.bestedge[b]!) / 2;
        if (type === -1 || d < delta) {
          delta = d;
          type = 3;
          deltaEdge = this.bestedge[b]!;
        }
      }
    }
    for (let b = n; b < 2 * n; b++) {
      if (this.base[b]! >= 0 && this.parent[b] === -1 && label[b] === 2 && (type === -1 || dual[b]! < delta)) {
        delta = dual[b]!;
        type = 4;
        deltaBlossom = b;
      }
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
    for (let b = n; b < 2 * n; b++) {
      if (this.base[b]! >= 0 && this.parent[b] === -1) {
        if (label[b] === 1) dual[b]! += delta;
        else if (label[b] === 2) dual[b]! -= delta;
      }
    }
    if (type === 1) return true;
    if (type === 4) {
      this.expandBlossom(deltaBlossom, false);
      return false;
    }
    this.allowedge[deltaEdge] = 1;
    let x = this.endpoint[2 * deltaEdge]!;
    if (type === 2 && label[inblossom[x]!] === 0) x = this.endpoint[2 * deltaEdge + 1]!;
    this.pushQueue(x);
    return false;
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
