/**
 * The data structure of Edmonds' weighted blossom algorithm and its primitive operations —
 * labelling, blossom shrinking and expansion (augmentation: blossom-augment.ts) — following the
 * organisation of Joris van Rantwijk's reference implementation (mwmatching.py,
 * http://jorisvr.nl/article/maximum-matching) of Galil's O(n³) version ("Efficient algorithms
 * for finding maximum matching in graphs", ACM Computing Surveys 18(1), 1986). blossom.ts drives
 * it.
 *
 * Vocabulary (Galil's terms; van Rantwijk's array names in brackets where ours differ):
 * - Edge k joins endpoints 2k and 2k+1; `endpoint[p]` is the vertex at endpoint p, and p ^ 1 is
 *   the other end of the same edge.
 * - `mate[v]`: the remote endpoint of v's matched edge, or −1 if v is single.
 * - Blossoms are numbered n..2n−1 (vertices 0..n−1 are the trivial ones). `topBlossom[v]`
 *   [inblossom] is the outermost blossom holding v; `blossomParent[b]` [blossomparent] the
 *   blossom directly holding b, or −1; `blossomBase[b]` [blossombase] its base vertex, or −1 for
 *   a free number; `blossomChildren[b]` [blossomchilds] its sub-blossoms around the odd cycle,
 *   from the base, and `blossomEndpoints[b]` [blossomendps] the endpoints of the edges joining
 *   them; `freeBlossoms` [unusedblossoms] the numbers not in use.
 * - Labels of top-level blossoms in the alternating trees: S (outer, LABEL_S: even distance from
 *   a root), T (inner, LABEL_T: odd distance) or free (LABEL_FREE, not in a tree).
 *   `labelEnd[b]` [labelend] is the remote endpoint of the edge that gave b its label.
 * - `allowedEdge[k]` [allowedge]: edge k is known to have zero slack. `bestEdge[b]` [bestedge]:
 *   the least-slack edge from b to an S-blossom; `blossomBestEdges[b]` [blossombestedges] those
 *   edges of an S-blossom b, one per neighbouring S-blossom.
 * - Dual variables [dualvar] are kept doubled so that slack(k) = y_u + y_v − 2·w_k.
 *
 * All arrays are reused across solves and grow with the largest problem seen.
 */

/** A blossom's label: not in an alternating tree, outer (S) or inner (T). */
export const LABEL_FREE = 0;
export const LABEL_S = 1;
export const LABEL_T = 2;
/** Marks an S-blossom already visited by scanBlossom's two-sided walk to the roots. */
const BREADCRUMB = 4;

export class BlossomState {
  n = 0;
  /** Number of edges. */
  m = 0;
  endpoint = new Int32Array(0);
  weight = new Float64Array(0);
  /** Remote endpoints of the edges at vertex v: adj[adjStart[v] .. adjStart[v + 1]). */
  adjStart = new Int32Array(1);
  adj = new Int32Array(0);
  mate = new Int32Array(0);
  label = new Int32Array(0);
  labelEnd = new Int32Array(0);
  topBlossom = new Int32Array(0);
  blossomParent = new Int32Array(0);
  blossomBase = new Int32Array(0);
  bestEdge = new Int32Array(0);
  dual = new Float64Array(0);
  allowedEdge = new Uint8Array(0);
  blossomChildren: (number[] | null)[] = [];
  blossomEndpoints: (number[] | null)[] = [];
  blossomBestEdges: (number[] | null)[] = [];
  /** Stack of free blossom numbers. */
  freeBlossoms = new Int32Array(0);
  freeBlossomCount = 0;
  /**
   * One past the largest blossom number handed out since load (the free stack hands out n, n + 1,
   * … first): loops over blossoms stop there rather than at 2n.
   */
  blossomEnd = 0;
  /** Stack of S-vertices to scan (each vertex enters at most once per stage, plus one per dual change). */
  queue = new Int32Array(0);
  queueLength = 0;
  private bestTo = new Int32Array(0);
  private scanPath = new Int32Array(0);
  /** Whether a blossom was made since the lists above were last cleared. */
  private listsUsed = false;
  private readonly touched: number[] = [];
  private readonly leafBuffer: number[] = [];

  /** Loads a graph of n vertices and m edges; all vertices single, duals at the largest weight. */
  protected load(n: number, m: number, u: ArrayLike<number>, v: ArrayLike<number>, w: ArrayLike<number>): void {
    const previousN = this.n;
    this.n = n;
    this.m = m;
    if (this.endpoint.length < 2 * m) {
      this.endpoint = new Int32Array(2 * m);
      this.weight = new Float64Array(m);
      this.adj = new Int32Array(2 * m);
      this.allowedEdge = new Uint8Array(m);
    }
    if (this.mate.length < n) {
      this.adjStart = new Int32Array(n + 1);
      this.mate = new Int32Array(n);
      this.topBlossom = new Int32Array(n);
      for (const name of ['label', 'labelEnd', 'blossomParent', 'blossomBase', 'bestEdge', 'bestTo', 'scanPath'] as const) this[name] = new Int32Array(2 * n);
      this.dual = new Float64Array(2 * n);
    }
    const { endpoint, adjStart, adj } = this;
    for (let x = 0; x <= n; x++) adjStart[x] = 0;
    let maxWeight = 0;
    for (let k = 0; k < m; k++) {
      endpoint[2 * k] = u[k]!;
      endpoint[2 * k + 1] = v[k]!;
      this.weight[k] = w[k]!;
      if (w[k]! > maxWeight) maxWeight = w[k]!;
      adjStart[u[k]! + 1]!++;
      adjStart[v[k]! + 1]!++;
    }
    for (let x = 0; x < n; x++) adjStart[x + 1]! += adjStart[x]!;
    const fill = this.bestTo; // scratch: next free slot per vertex
    for (let x = 0; x < n; x++) fill[x] = adjStart[x]!;
    for (let k = 0; k < m; k++) {
      adj[fill[u[k]!]!++] = 2 * k + 1;
      adj[fill[v[k]!]!++] = 2 * k;
    }
    // Plain loops rather than fill(): at the small sizes typical here the call overhead dominates.
    for (let x = 0; x < n; x++) {
      this.mate[x] = -1;
      this.topBlossom[x] = x;
      this.blossomBase[x] = x;
      this.blossomBase[n + x] = -1;
      this.dual[x] = maxWeight;
      this.dual[n + x] = 0;
    }
    for (let b = 0; b < 2 * n; b++) {
      this.labelEnd[b] = -1;
      this.blossomParent[b] = -1;
      this.bestEdge[b] = -1;
      this.bestTo[b] = -1;
    }
    // Packed (never holey) arrays: grow by push, reset by index — the slots of the blossoms of
    // the previous graph, if it made any (a vertex number here may have named one there).
    if (this.listsUsed) {
      for (let b = previousN; b < 2 * previousN; b++) this.blossomChildren[b] = this.blossomEndpoints[b] = this.blossomBestEdges[b] = null;
      this.listsUsed = false;
    }
    while (this.blossomChildren.length < 2 * n) {
      this.blossomChildren.push(null);
      this.blossomEndpoints.push(null);
      this.blossomBestEdges.push(null);
    }
    this.freeBlossomCount = 0;
    if (this.freeBlossoms.length < n) this.freeBlossoms = new Int32Array(2 * n);
    for (let b = 2 * n - 1; b >= n; b--) this.freeBlossoms[this.freeBlossomCount++] = b;
    this.blossomEnd = n;
    if (this.queue.length < 2 * n) this.queue = new Int32Array(4 * n);
  }

  slack(k: number): number {
    return this.dual[this.endpoint[2 * k]!]! + this.dual[this.endpoint[2 * k + 1]!]! - 2 * this.weight[k]!;
  }

  /** The vertices of blossom b, in a shared buffer valid until the next call (callers never nest). */
  leaves(b: number): readonly number[] {
    this.leafBuffer.length = 0;
    this.collectLeaves(b);
    return this.leafBuffer;
  }

  private collectLeaves(b: number): void {
    if (b < this.n) this.leafBuffer.push(b);
    else for (const child of this.blossomChildren[b]!) this.collectLeaves(child);
  }

  /** Queues every vertex of blossom b for scanning. */
  pushLeaves(b: number): void {
    if (b < this.n) this.pushQueue(b);
    else for (const child of this.blossomChildren[b]!) this.pushLeaves(child);
  }

  pushQueue(v: number): void {
    if (this.queueLength === this.queue.length) {
      const grown = new Int32Array(2 * this.queue.length);
      grown.set(this.queue);
      this.queue = grown;
    }
    this.queue[this.queueLength++] = v;
  }

  /** Labels the top blossom of w with t via remote endpoint p; a T-blossom's mate becomes S. */
  assignLabel(w: number, t: number, p: number): void {
    for (;;) {
      const b = this.topBlossom[w]!;
      this.label[w] = this.label[b] = t;
      this.labelEnd[w] = this.labelEnd[b] = p;
      this.bestEdge[w] = this.bestEdge[b] = -1;
      if (t === LABEL_S) {
        this.pushLeaves(b);
        return;
      }
      const mateEnd = this.mate[this.blossomBase[b]!]!;
      w = this.endpoint[mateEnd]!;
      t = LABEL_S;
      p = mateEnd ^ 1;
    }
  }

  /** Traces from S-vertices v and w to their roots: the base of a new blossom, or −1 (augmenting path). */
  scanBlossom(v: number, w: number): number {
    const { topBlossom, label, labelEnd, endpoint, scanPath } = this;
    let count = 0;
    let found = -1;
    while (v !== -1 || w !== -1) {
      let b = topBlossom[v]!;
      if (label[b]! & BREADCRUMB) {
        found = this.blossomBase[b]!;
        break;
      }
      scanPath[count++] = b; // each top-level blossom at most once: ≤ 2n
      label[b] = LABEL_S | BREADCRUMB;
      if (labelEnd[b] === -1) {
        v = -1;
      } else {
        v = endpoint[labelEnd[b]!]!;
        b = topBlossom[v]!;
        v = endpoint[labelEnd[b]!]!;
      }
      if (w !== -1) {
        const t = v;
        v = w;
        w = t;
      }
    }
    for (let i = 0; i < count; i++) label[scanPath[i]!] = LABEL_S;
    return found;
  }

  /** One past the last blossom number that may be in use: n when none is (all of n..2n−1 on the free stack). */
  blossomLimit(): number {
    return this.freeBlossomCount < this.n ? this.blossomEnd : this.n;
  }

  /** Shrinks the odd cycle closed by edge k through `baseVertex` into a new S-blossom. */
  addBlossom(baseVertex: number, k: number): void {
    const { endpoint, topBlossom, labelEnd } = this;
    // The cycle's two sides: walkV and walkW climb from edge k's two ends toward the root, each
    // step along a blossom's label edge, until they reach the base's blossom.
    const baseBlossom = topBlossom[baseVertex]!;
    let walkV = topBlossom[endpoint[2 * k]!]!;
    let walkW = topBlossom[endpoint[2 * k + 1]!]!;
    const b = this.freeBlossoms[--this.freeBlossomCount]!;
    if (b >= this.blossomEnd) this.blossomEnd = b + 1;
    this.listsUsed = true;
    this.blossomBase[b] = baseVertex;
    this.blossomParent[b] = -1;
    this.blossomParent[baseBlossom] = b;
    const path: number[] = [];
    const childEndpoints: number[] = [];
    while (walkV !== baseBlossom) {
      this.blossomParent[walkV] = b;
      path.push(walkV);
      childEndpoints.push(labelEnd[walkV]!);
      walkV = topBlossom[endpoint[labelEnd[walkV]!]!]!;
    }
    path.push(baseBlossom);
    path.reverse();
    childEndpoints.reverse();
    childEndpoints.push(2 * k);
    while (walkW !== baseBlossom) {
      this.blossomParent[walkW] = b;
      path.push(walkW);
      childEndpoints.push(labelEnd[walkW]! ^ 1);
      walkW = topBlossom[endpoint[labelEnd[walkW]!]!]!;
    }
    this.blossomChildren[b] = path;
    this.blossomEndpoints[b] = childEndpoints;
    this.label[b] = LABEL_S;
    labelEnd[b] = labelEnd[baseBlossom]!;
    this.dual[b] = 0;
    for (const v of this.leaves(b)) {
      if (this.label[topBlossom[v]!] === LABEL_T) this.pushQueue(v);
      topBlossom[v] = b;
    }
    // Least-slack edge from the new blossom to each neighbouring S-blossom.
    const touched = this.touched;
    touched.length = 0;
    for (const child of path) {
      const own = this.blossomBestEdges[child];
      if (own !== null) {
        for (const e of own) this.considerBestEdge(b, e);
      } else {
        for (const v of this.leaves(child)) {
          for (let a = this.adjStart[v]!; a < this.adjStart[v + 1]!; a++) this.considerBestEdge(b, this.adj[a]! >> 1);
        }
      }
      this.blossomBestEdges[child] = null;
      this.bestEdge[child] = -1;
    }
    const best: number[] = [];
    for (const bj of touched) {
      best.push(this.bestTo[bj]!);
      this.bestTo[bj] = -1;
    }
    this.blossomBestEdges[b] = best;
    let leastSlackEdge = -1;
    for (const e of best) if (leastSlackEdge === -1 || this.slack(e) < this.slack(leastSlackEdge)) leastSlackEdge = e;
    this.bestEdge[b] = leastSlackEdge;
  }

  /** Keeps edge e in bestTo if it is the least-slack edge so far from blossom b to an S-blossom. */
  private considerBestEdge(b: number, e: number): void {
    let j = this.endpoint[2 * e + 1]!;
    if (this.topBlossom[j] === b) j = this.endpoint[2 * e]!;
    const bj = this.topBlossom[j]!;
    if (bj === b || this.label[bj] !== LABEL_S) return;
    const current = this.bestTo[bj]!;
    if (current === -1) this.touched.push(bj);
    else if (!(this.slack(e) < this.slack(current))) return;
    this.bestTo[bj] = e;
  }

  /** Undoes blossom b; mid-stage (a T-blossom whose dual reached zero) it relabels the children. */
  expandBlossom(b: number, endStage: boolean): void {
    const children = this.blossomChildren[b]!;
    const childEndpoints = this.blossomEndpoints[b]!;
    const { endpoint, label, labelEnd } = this;
    for (const s of children) {
      this.blossomParent[s] = -1;
      if (s < this.n) this.topBlossom[s] = s;
      else if (endStage && this.dual[s] === 0) this.expandBlossom(s, endStage);
      else for (const v of this.leaves(s)) this.topBlossom[v] = s;
    }
    if (!endStage && label[b] === LABEL_T) {
      // Relabel the even path from the entry child to the base as T, S, ..., T.
      const entryChild = this.topBlossom[endpoint[labelEnd[b]! ^ 1]!]!;
      let j = children.indexOf(entryChild);
      const forward = (j & 1) === 1;
      const step = forward ? 1 : -1;
      // mwmatching.py's endptrick: walking backwards, the edge to child j is listed at j − 1 and
      // read from its other end.
      const endTrick = forward ? 0 : 1;
      if (forward) j -= children.length;
      let p = labelEnd[b]!;
      while (j !== 0) {
        label[endpoint[p ^ 1]!] = LABEL_FREE;
        label[endpoint[at(childEndpoints, j - endTrick) ^ endTrick ^ 1]!] = LABEL_FREE;
        this.assignLabel(endpoint[p ^ 1]!, LABEL_T, p);
        this.allowedEdge[at(childEndpoints, j - endTrick) >> 1] = 1;
        j += step;
        p = at(childEndpoints, j - endTrick) ^ endTrick;
        this.allowedEdge[p >> 1] = 1;
        j += step;
      }
      const bv = at(children, j);
      label[endpoint[p ^ 1]!] = label[bv] = LABEL_T;
      labelEnd[endpoint[p ^ 1]!] = labelEnd[bv] = p;
      this.bestEdge[bv] = -1;
      j += step;
      // The other children: a sub-blossom reached from outside keeps its T label.
      while (at(children, j) !== entryChild) {
        const child = at(children, j);
        j += step;
        if (label[child] === LABEL_S) continue;
        let labelled = -1;
        for (const v of this.leaves(child)) {
          if (label[v] !== LABEL_FREE) {
            labelled = v;
            break;
          }
        }
        if (labelled >= 0) {
          label[labelled] = LABEL_FREE;
          label[endpoint[this.mate[this.blossomBase[child]!]!]!] = LABEL_FREE;
          this.assignLabel(labelled, LABEL_T, labelEnd[labelled]!);
        }
      }
    }
    label[b] = labelEnd[b] = -1;
    this.blossomChildren[b] = this.blossomEndpoints[b] = null;
    this.blossomBase[b] = -1;
    this.blossomBestEdges[b] = null;
    this.bestEdge[b] = -1;
    this.freeBlossoms[this.freeBlossomCount++] = b;
  }
}

/** Python-style indexing into a blossom's cyclic child list (−len ≤ j < len). */
export function at<T>(list: readonly T[], j: number): T {
  return list[j < 0 ? j + list.length : j]!;
}
