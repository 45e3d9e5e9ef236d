/**
 * The data structure of Edmonds' weighted blossom algorithm and its primitive operations —
 * labelling, blossom shrinking and expansion (augmentation: blossom-augment.ts) — following the
 * organisation of Joris van Rantwijk's reference implementation (mwmatching.py,
 * http://jorisvr.nl/article/maximum-matching) of Galil's O(n³) version (ACM Computing Surveys
 * 18(1), 1986). blossom.ts drives it.
 *
 * Conventions: edge k joins endpoints 2k and 2k+1 (`endpoint[p]` is the vertex); `mate[v]` is the
 * remote endpoint of v's matched edge (−1 if single); blossoms are numbered n..2n−1; labels
 * 1 = S (outer), 2 = T (inner), 0 = free; `labelend[b]` is the remote endpoint of the edge that
 * gave b its label. Dual variables are kept doubled so that slack(k) = y_u + y_v − 2·w_k.
 *
 * All arrays are reused across solves and grow with the largest problem seen.
 */
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
  labelend = new Int32Array(0);
  inblossom = new Int32Array(0);
  parent = new Int32Array(0);
  base = new Int32Array(0);
  bestedge = new Int32Array(0);
  dual = new Float64Array(0);
  allowedge = new Uint8Array(0);
  childs: (number[] | null)[] = [];
  endps: (number[] | null)[] = [];
  blossombestedges: (number[] | null)[] = [];
  /** Stack of free blossom numbers. */
  unused = new Int32Array(0);
  unusedCount = 0;
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
      this.allowedge = new Uint8Array(m);
    }
    if (this.mate.length < n) {
      this.adjStart = new Int32Array(n + 1);
      this.mate = new Int32Array(n);
      this.inblossom = new Int32Array(n);
      for (const name of ['label', 'labelend', 'parent', 'base', 'bestedge', 'bestTo', 'scanPath'] as const) this[name] = new Int32Array(2 * n);
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
      this.inblossom[x] = x;
      this.base[x] = x;
      this.base[n + x] = -1;
      this.dual[x] = maxWeight;
      this.dual[n + x] = 0;
    }
    for (let b = 0; b < 2 * n; b++) {
      this.labelend[b] = -1;
      this.parent[b] = -1;
      this.bestedge[b] = -1;
      this.bestTo[b] = -1;
    }
    // Packed (never holey) arrays: grow by push, reset by index — the slots of the blossoms of
    // the previous graph, if it made any (a vertex number here may have named one there).
    if (this.listsUsed) {
      for (let b = previousN; b < 2 * previousN; b++) this.childs[b] = this.endps[b] = this.blossombestedges[b] = null;
      this.listsUsed = false;
    }
    while (this.childs.length < 2 * n) {
      this.childs.push(null);
      this.endps.push(null);
      this.blossombestedges.push(null);
    }
    this.unusedCount = 0;
    if (this.unused.length < n) this.unused = new Int32Array(2 * n);
    for (let b = 2 * n - 1; b >= n; b--) this.unused[this.unusedCount++] = b;
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
    else for (const child of this.childs[b]!) this.collectLeaves(child);
  }

  /** Queues every vertex of blossom b for scanning. */
  pushLeaves(b: number): void {
    if (b < this.n) this.pushQueue(b);
    else for (const child of this.childs[b]!) this.pushLeaves(child);
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
      const b = this.inblossom[w]!;
      this.label[w] = this.label[b] = t;
      this.labelend[w] = this.labelend[b] = p;
      this.bestedge[w] = this.bestedge[b] = -1;
      if (t === 1) {
        this.pushLeaves(b);
        return;
      }
      const mateEnd = this.mate[this.base[b]!]!;
      w = this.endpoint[mateEnd]!;
      t = 1;
      p = mateEnd ^ 1;
    }
  }

  /** Traces from S-vertices v and w to their roots: the base of a new blossom, or −1 (augmenting path). */
  scanBlossom(v: number, w: number): number {
    const { inblossom, label, labelend, endpoint, scanPath } = this;
    let count = 0;
    let found = -1;
    while (v !== -1 || w !== -1) {
      let b = inblossom[v]!;
      if (label[b]! & 4) {
        found = this.base[b]!;
        break;
      }
      scanPath[count++] = b; // each top-level blossom at most once: ≤ 2n
      label[b] = 5;
      if (labelend[b] === -1) {
        v = -1;
      } else {
        v = endpoint[labelend[b]!]!;
        b = inblossom[v]!;
        v = endpoint[labelend[b]!]!;
      }
      if (w !== -1) {
        const t = v;
        v = w;
        w = t;
      }
    }
    for (let i = 0; i < count; i++) label[scanPath[i]!] = 1;
    return found;
  }

  /** Whether any non-trivial blossom exists (blossom numbers n..2n−1 not on the free stack). */
  hasBlossoms(): boolean {
    return this.unusedCount < this.n;
  }

  /** Shrinks the odd cycle closed by edge k through `baseVertex` into a new S-blossom. */
  addBlossom(baseVertex: number, k: number): void {
    const { endpoint, inblossom, labelend } = this;
    const bb = inblossom[baseVertex]!;
    let bv = inblossom[endpoint[2 * k]!]!;
    let bw = inblossom[endpoint[2 * k + 1]!]!;
    const b = this.unused[--this.unusedCount]!;
    this.listsUsed = true;
    this.base[b] = baseVertex;
    this.parent[b] = -1;
    this.parent[bb] = b;
    const path: number[] = [];
    const endps: number[] = [];
    while (bv !== bb) {
      this.parent[bv] = b;
      path.push(bv);
      endps.push(labelend[bv]!);
      bv = inblossom[endpoint[labelend[bv]!]!]!;
    }
    path.push(bb);
    path.reverse();
    endps.reverse();
    endps.push(2 * k);
    while (bw !== bb) {
      this.parent[bw] = b;
      path.push(bw);
      endps.push(labelend[bw]! ^ 1);
      bw = inblossom[endpoint[labelend[bw]!]!]!;
    }
    this.childs[b] = path;
    this.endps[b] = endps;
    this.label[b] = 1;
    labelend[b] = labelend[bb]!;
    this.dual[b] = 0;
    for (const v of this.leaves(b)) {
      if (this.label[inblossom[v]!] === 2) this.pushQueue(v);
      inblossom[v] = b;
    }
    // Least-slack edge from the new blossom to each neighbouring S-blossom.
    const touched = this.touched;
    touched.length = 0;
    for (const child of path) {
      const own = this.blossombestedges[child];
      if (own !== null) {
        for (const e of own) this.considerBestEdge(b, e);
      } else {
        for (const v of this.leaves(child)) {
          for (let a = this.adjStart[v]!; a < this.adjStart[v + 1]!; a++) this.considerBestEdge(b, this.adj[a]! >> 1);
        }
      }
      this.blossombestedges[child] = null;
      this.bestedge[child] = -1;
    }
    const best: number[] = [];
    for (const bj of touched) {
      best.push(this.bestTo[bj]!);
      this.bestTo[bj] = -1;
    }
    this.blossombestedges[b] = best;
    let bestEdge = -1;
    for (const e of best) if (bestEdge === -1 || this.slack(e) < this.slack(bestEdge)) bestEdge = e;
    this.bestedge[b] = bestEdge;
  }

  /** Keeps edge e in bestTo if it is the least-slack edge so far from blossom b to an S-blossom. */
  private considerBestEdge(b: number, e: number): void {
    let j = this.endpoint[2 * e + 1]!;
    if (this.inblossom[j] === b) j = this.endpoint[2 * e]!;
    const bj = this.inblossom[j]!;
    if (bj === b || this.label[bj] !== 1) return;
    const current = this.bestTo[bj]!;
    if (current === -1) this.touched.push(bj);
    else if (!(this.slack(e) < this.slack(current))) return;
    this.bestTo[bj] = e;
  }

  /** Undoes blossom b; mid-stage (a T-blossom whose dual reached zero) it relabels the children. */
  expandBlossom(b: number, endStage: boolean): void {
    const childs = this.childs[b]!;
    const endps = this.endps[b]!;
    const { endpoint, label, labelend } = this;
    for (const s of childs) {
      this.parent[s] = -1;
      if (s < this.n) this.inblossom[s] = s;
      else if (endStage && this.dual[s] === 0) this.expandBlossom(s, endStage);
      else for (const v of this.leaves(s)) this.inblossom[v] = s;
    }
    if (!endStage && label[b] === 2) {
      // Relabel the even path from the entry child to the base as T, S, ..., T.
      const entryChild = this.inblossom[endpoint[labelend[b]! ^ 1]!]!;
      let j = childs.indexOf(entryChild);
      const forward = (j & 1) === 1;
      const step = forward ? 1 : -1;
      const trick = forward ? 0 : 1;
      if (forward) j -= childs.length;
      let p = labelend[b]!;
      while (j !== 0) {
        label[endpoint[p ^ 1]!] = 0;
        label[endpoint[at(endps, j - trick) ^ trick ^ 1]!] = 0;
        this.assignLabel(endpoint[p ^ 1]!, 2, p);
        this.allowedge[at(endps, j - trick) >> 1] = 1;
        j += step;
        p = at(endps, j - trick) ^ trick;
        this.allowedge[p >> 1] = 1;
        j += step;
      }
      const bv = at(childs, j);
      label[endpoint[p ^ 1]!] = label[bv] = 2;
      labelend[endpoint[p ^ 1]!] = labelend[bv] = p;
      this.bestedge[bv] = -1;
      j += step;
      // The other children: a sub-blossom reached from outside keeps its T label.
      while (at(childs, j) !== entryChild) {
        const child = at(childs, j);
        j += step;
        if (label[child] === 1) continue;
        let labelled = -1;
        for (const v of this.leaves(child)) {
          if (label[v] !== 0) {
            labelled = v;
            break;
          }
        }
        if (labelled >= 0) {
          label[labelled] = 0;
          label[endpoint[this.mate[this.base[child]!]!]!] = 0;
          this.assignLabel(labelled, 2, labelend[labelled]!);
        }
      }
    }
    label[b] = labelend[b] = -1;
    this.childs[b] = this.endps[b] = null;
    this.base[b] = -1;
    this.blossombestedges[b] = null;
    this.bestedge[b] = -1;
    this.unused[this.unusedCount++] = b;
  }
}

/** Python-style indexing into a blossom's cyclic child list (−len ≤ j < len). */
export function at<T>(list: readonly T[], j: number): T {
  return list[j < 0 ? j + list.length : j]!;
}
