/**
 * Sparse blossom's matcher (Higgott & Gidney, arXiv:2303.15933, section 3.4; PyMatching 2's
 * Mwpm): Edmonds' primal–dual blossom algorithm run on regions instead of vertices. Every
 * unmatched region roots an alternating tree; a tree node pairs an inner region (shrinking) with
 * the outer region it is matched to (growing), and links to its parent's outer region by a
 * compressed edge. The flooder's events drive it:
 * - outer region hits a matched region: the pair joins the tree as a new node;
 * - outer hits outer of another tree, the boundary, or a region matched to the boundary: augment
 *   (flip the matches along the path to the root) and dissolve the tree(s) into frozen matches;
 * - outer hits outer of its own tree: the odd cycle through their lowest common tree node becomes
 *   a blossom, growing as one outer region;
 * - an inner blossom shrinks to radius zero: it shatters — the even side of its cycle between
 *   where the tree enters and leaves it stays in the tree, the odd side pairs up frozen;
 * - an inner trivial region shrinks to radius zero: its parent and child outer regions touch
 *   through its detection event, so they form a blossom with it (PyMatching's degenerate
 *   implosion).
 * Tree nodes live in typed arrays with a free list and sibling links, so nothing is allocated
 * per shot once warm. A tree that is still a lone root region has no tree node (treeNode −1,
 * unmatched): most detection events meet a partner or the boundary before anything else, and
 * their trees need none; a node is made when the tree first grows.
 */
import { grown } from '../search/grown-array.ts';
import type { Flooder } from './flooder.ts';
import { MATCHED_TO_BOUNDARY, TOP_LEVEL, UNMATCHED } from './region-store.ts';

export class AlternatingTrees {
  private inner: Int32Array;
  private outer: Int32Array;
  private parent: Int32Array;
  private firstChild: Int32Array;
  private nextSibling: Int32Array;
  private prevSibling: Int32Array;
  /** The compressed edge from the parent's outer region (source) to this node's inner region (target). */
  private parentSource: Int32Array;
  private parentTarget: Int32Array;
  private parentObs: Int32Array;
  private stamp: Int32Array;
  private stampNow = 0;
  private count = 0;
  private freeHead = -1;
  private scratch: Int32Array;
  private pathA: Int32Array;
  private pathB: Int32Array;

  private readonly flooder: Flooder;

  /** `capacity`: tree nodes (and path lengths) held before the arrays first grow. */
  constructor(flooder: Flooder, capacity: number) {
    this.flooder = flooder;
    this.inner = new Int32Array(capacity);
    this.outer = new Int32Array(capacity);
    this.parent = new Int32Array(capacity);
    this.firstChild = new Int32Array(capacity);
    this.nextSibling = new Int32Array(capacity);
    this.prevSibling = new Int32Array(capacity);
    this.parentSource = new Int32Array(capacity);
    this.parentTarget = new Int32Array(capacity);
    this.parentObs = new Int32Array(capacity);
    this.stamp = new Int32Array(capacity);
    this.scratch = new Int32Array(capacity);
    this.pathA = new Int32Array(capacity);
    this.pathB = new Int32Array(capacity);
  }

  /** Trees still alive: when none is left every region is matched and frozen, so the matching is final. */
  liveTrees = 0;

  reset(): void {
    this.count = 0;
    this.freeHead = -1;
    this.liveTrees = 0;
    // Every node is new this shot (newNode clears its stamp), so stamps restart: a count kept
    // across shots would pass 2^31 and wrap in the Int32Array after some 80M shots.
    this.stampNow = 0;
  }

  /** Makes `region` (growing, unmatched) the root of its own tree, as a lone root. */
  addRoot(region: number): void {
    this.flooder.regions.treeNode[region] = -1;
    this.liveTrees++;
  }

  /** Outer region `a` touches region `b` along (source in a, target in b). */
  collide(a: number, b: number, source: number, target: number, obs: number): void {
    const regions = this.flooder.regions;
    if (!this.isOuter(a)) {
      const region = a;
      a = b;
      b = region;
      const event = source;
      source = target;
      target = event;
    }
    // −1: a lone root.
    const na = regions.treeNode[a]!;
    const nb = regions.treeNode[b]!;
    if (nb !== -1 || regions.matchRegion[b] === UNMATCHED) {
      // Both outer (an outer region cannot close in on a shrinking inner one).
      const lca = na === -1 || nb === -1 ? -1 : this.lowestCommonNode(na, nb);
      if (lca === -1) {
        regions.match(a, b, source, target, obs);
        if (na !== -1) this.augmentToRoot(na);
        if (nb !== -1) this.augmentToRoot(nb);
        this.dissolveTreeOf(a, na);
        this.dissolveTreeOf(b, nb);
      } else {
        this.formBlossom(source, target, obs, na, nb, lca);
      }
      return;
    }
    const partner = regions.matchRegion[b]!;
    if (partner === MATCHED_TO_BOUNDARY) {
      // b gives up the boundary for a: one unmatched region fewer.
      regions.match(a, b, source, target, obs);
      if (na !== -1) this.augmentToRoot(na);
      this.dissolveTreeOf(a, na);
      return;
    }
    const child = this.newNode(b, partner);
    this.attach(child, na !== -1 ? na : this.rootNodeOf(a), source, target, obs);
    regions.treeNode[b] = child;
    regions.treeNode[partner] = child;
    this.flooder.setSlope(b, -1);
    this.flooder.setSlope(partner, 1);
  }

  /** Outer region `a` reaches the boundary by the compressed edge (source, −1). */
  hitBoundary(a: number, source: number, obs: number): void {
    const regions = this.flooder.regions;
    const na = regions.treeNode[a]!;
    regions.match(a, MATCHED_TO_BOUNDARY, source, -1, obs);
    if (na !== -1) this.augmentToRoot(na);
    this.dissolveTreeOf(a, na);
  }

  /** Whether top-level region `region` is the outer region of a tree (a lone root included). */
  private isOuter(region: number): boolean {
    const regions = this.flooder.regions;
    const node = regions.treeNode[region]!;
    return node === -1 ? regions.matchRegion[region] === UNMATCHED : this.outer[node] === region;
  }

  /** The tree node of lone root `region`, made now that its tree grows. */
  private rootNodeOf(region: number): number {
    const node = this.newNode(-1, region);
    this.flooder.regions.treeNode[region] = node;
    return node;
  }

  /** Dissolves the tree of outer region `region` (tree node `node`, −1 for a lone root: it just stops growing). */
  private dissolveTreeOf(region: number, node: number): void {
    if (node !== -1) {
      this.dissolve(this.rootOf(node));
      return;
    }
    this.liveTrees--;
    this.flooder.setSlope(region, 0);
  }

  /** Inner region `region` reached radius zero with no nodes of its own left. */
  shrunkToZero(region: number): void {
    const regions = this.flooder.regions;
    const node = regions.treeNode[region]!;
    if (regions.sourceNode[region]! === -1) {
      this.shatter(region, node);
      return;
    }
    // The parent's and child's outer regions both touch this event: join the three in a blossom.
    const parent = this.parent[node]!;
    const source = regions.matchTarget[region]!;
    const target = this.parentSource[node]!;
    const obs = regions.matchObs[region]! ^ this.parentObs[node]!;
    this.formBlossom(source, target, obs, node, parent, parent);
  }

  /** Flips the matches along the path from tree node `node` (whose outer region is already rematched) to its root. */
  private augmentToRoot(node: number): void {
    const regions = this.flooder.regions;
    for (let c = node; this.parent[c] !== -1; c = this.parent[c]!) {
      const p = this.parent[c]!;
      regions.match(this.inner[c]!, this.outer[p]!, this.parentTarget[c]!, this.parentSource[c]!, this.parentObs[c]!);
    }
  }

  /** Freezes every region of the tree rooted at `root` (all matched by now) and frees its nodes. */
  private dissolve(root: number): void {
    this.liveTrees--;
    const regions = this.flooder.regions;
    let depth = 0;
    this.scratch[depth++] = root;
    while (depth > 0) {
      const node = this.scratch[--depth]!;
      for (let c = this.firstChild[node]!; c !== -1; c = this.nextSibling[c]!) {
        if (depth === this.scratch.length) this.scratch = grown(this.scratch, 2 * depth);
        this.scratch[depth++] = c;
      }
      const inner = this.inner[node]!;
      const outer = this.outer[node]!;
      if (inner !== -1) {
        regions.treeNode[inner] = -1;
        this.flooder.setSlope(inner, 0);
      }
      regions.treeNode[outer] = -1;
      this.flooder.setSlope(outer, 0);
      this.free(node);
    }
  }

  /**
   * The outer regions a of tree node na and b of nb, both below lca in one tree, touch (source in
   * a, target in b): the cycle lca.outer → … → a → b → … → lca.outer becomes a blossom that
   * takes lca's place as its outer region.
   */
  private formBlossom(source: number, target: number, obs: number, na: number, nb: number, lca: number): void {
    const flooder = this.flooder;
    const regions = flooder.regions;
    let lengthA = 0;
    for (let c = na; c !== lca; c = this.parent[c]!) {
      if (lengthA === this.pathA.length) this.pathA = grown(this.pathA, 2 * lengthA);
      this.pathA[lengthA++] = c;
    }
    let lengthB = 0;
    for (let c = nb; c !== lca; c = this.parent[c]!) {
      if (lengthB === this.pathB.length) this.pathB = grown(this.pathB, 2 * lengthB);
      this.pathB[lengthB++] = c;
    }
    const blossom = regions.add(-1, 0);
    const cycleStart = regions.cycleCount;
    const top = this.outer[lca]!;
    // lca.outer, then down a's side to a, across to b, up b's side back to lca.outer.
    if (lengthA > 0) {
      const first = this.pathA[lengthA - 1]!;
      regions.pushCycleEntry(top, this.parentSource[first]!, this.parentTarget[first]!, this.parentObs[first]!);
    } else {
      regions.pushCycleEntry(top, source, target, obs);
    }
    for (let i = lengthA - 1; i >= 0; i--) {
      const node = this.pathA[i]!;
      const inner = this.inner[node]!;
      regions.pushCycleEntry(inner, regions.matchSource[inner]!, regions.matchTarget[inner]!, regions.matchObs[inner]!);
      if (i > 0) {
        const below = this.pathA[i - 1]!;
        regions.pushCycleEntry(this.outer[node]!, this.parentSource[below]!, this.parentTarget[below]!, this.parentObs[below]!);
      } else {
        regions.pushCycleEntry(this.outer[node]!, source, target, obs);
      }
    }
    for (let i = 0; i < lengthB; i++) {
      const node = this.pathB[i]!;
      const inner = this.inner[node]!;
      regions.pushCycleEntry(this.outer[node]!, regions.matchTarget[inner]!, regions.matchSource[inner]!, regions.matchObs[inner]!);
      regions.pushCycleEntry(inner, this.parentTarget[node]!, this.parentSource[node]!, this.parentObs[node]!);
    }
    regions.cycleStart[blossom] = cycleStart;
    regions.cycleLength[blossom] = regions.cycleCount - cycleStart;

    // The path nodes leave the tree; their other children hang from lca now.
    this.absorbPath(this.pathA, lengthA, lca);
    this.absorbPath(this.pathB, lengthB, lca);
    regions.treeNode[top] = -1;
    this.outer[lca] = blossom;
    regions.treeNode[blossom] = lca;
    const lcaInner = this.inner[lca]!;
    if (lcaInner !== -1) {
      regions.matchRegion[lcaInner] = blossom;
      regions.matchRegion[blossom] = lcaInner;
      regions.matchSource[blossom] = regions.matchTarget[lcaInner]!;
      regions.matchTarget[blossom] = regions.matchSource[lcaInner]!;
      regions.matchObs[blossom] = regions.matchObs[lcaInner]!;
    }

    // Freeze the children at their current radii, wrap them, and grow the blossom from radius zero.
    const end = regions.cycleCount;
    for (let c = cycleStart; c < end; c++) {
      const child = regions.cycleRegion[c]!;
      flooder.setSlopeOnly(child, 0);
      regions.blossomParent[child] = blossom;
      flooder.rehome(child, blossom, regions.intercept[child]!, false);
    }
    regions.intercept[blossom] = -flooder.now;
    regions.slope[blossom] = 1;
    flooder.rescheduleNodes(blossom);
  }

  /** Removes the tree nodes path[0..length) (now inside a blossom), hanging their other children from lca. */
  private absorbPath(path: Int32Array, length: number, lca: number): void {
    const regions = this.flooder.regions;
    for (let i = 0; i < length; i++) {
      const node = path[i]!;
      this.detach(node);
      for (let c = this.firstChild[node]!; c !== -1; ) {
        const next = this.nextSibling[c]!;
        this.attach(c, lca, this.parentSource[c]!, this.parentTarget[c]!, this.parentObs[c]!);
        c = next;
      }
      regions.treeNode[this.inner[node]!] = -1;
      regions.treeNode[this.outer[node]!] = -1;
      this.free(node);
    }
  }

  /** Inner blossom `blossom` (tree node `node`) reached radius zero: its cycle splits back into regions. */
  private shatter(blossom: number, node: number): void {
    const flooder = this.flooder;
    const regions = flooder.regions;
    const start = regions.cycleStart[blossom]!;
    const length = regions.cycleLength[blossom]!;
    const entry = this.childIndex(blossom, this.parentTarget[node]!);
    const exit = this.childIndex(blossom, regions.matchSource[blossom]!);
    // The even-length way round from the entry child to the exit child stays in the tree.
    const forward = (exit - entry + length) % length;
    const step = forward % 2 === 0 ? 1 : -1;
    const pathLength = step === 1 ? forward : length - forward;
    const at = (i: number) => (((entry + step * i) % length) + length) % length;
    const outerRegion = this.outer[node]!;
    const exitSource = regions.matchSource[blossom]!;
    const exitTarget = regions.matchTarget[blossom]!;
    const exitObs = regions.matchObs[blossom]!;

    for (let c = start; c < start + length; c++) regions.blossomParent[regions.cycleRegion[c]!] = TOP_LEVEL;
    let above = this.parent[node]!;
    let edgeSource = this.parentSource[node]!;
    let edgeTarget = this.parentTarget[node]!;
    let edgeObs = this.parentObs[node]!;
    this.detach(node);
    for (let i = 0; i < pathLength; i += 2) {
      const innerRegion = regions.cycleRegion[start + at(i)]!;
      const outerChild = regions.cycleRegion[start + at(i + 1)]!;
      this.cycleStep(start, length, at(i), step);
      regions.match(innerRegion, outerChild, this.stepSource, this.stepTarget, this.stepObs);
      const added = this.newNode(innerRegion, outerChild);
      this.attach(added, above, edgeSource, edgeTarget, edgeObs);
      regions.treeNode[innerRegion] = added;
      regions.treeNode[outerChild] = added;
      flooder.setSlopeOnly(innerRegion, -1);
      flooder.setSlopeOnly(outerChild, 1);
      above = added;
      this.cycleStep(start, length, at(i + 1), step);
      edgeSource = this.stepSource;
      edgeTarget = this.stepTarget;
      edgeObs = this.stepObs;
    }
    const exitRegion = regions.cycleRegion[start + at(pathLength)]!;
    this.inner[node] = exitRegion;
    this.attach(node, above, edgeSource, edgeTarget, edgeObs);
    regions.treeNode[exitRegion] = node;
    regions.match(exitRegion, outerRegion, exitSource, exitTarget, exitObs);
    flooder.setSlopeOnly(exitRegion, -1);
    // The odd side pairs up along the cycle, frozen.
    for (let i = pathLength + 1; i < length; i += 2) {
      this.cycleStep(start, length, at(i), step);
      regions.match(regions.cycleRegion[start + at(i)]!, regions.cycleRegion[start + at(i + 1)]!, this.stepSource, this.stepTarget, this.stepObs);
    }
    // Unwrap every child before rescheduling any node, so each sees its neighbours' new regions.
    for (let c = start; c < start + length; c++) {
      const child = regions.cycleRegion[c]!;
      flooder.rehome(child, child, -regions.radius(child, flooder.now), false);
    }
    flooder.retire(blossom);
    // Inner children keep shrinking as the blossom did; the others speed up and meet new neighbours.
    for (let c = start; c < start + length; c++) {
      const child = regions.cycleRegion[c]!;
      if (regions.slope[child]! < 0) flooder.scheduleShrink(child);
      else flooder.rescheduleNodes(child);
    }
  }

  /** Sets stepSource/stepTarget/stepObs to the compressed edge from cycle child i to its neighbour i + step, oriented that way. */
  private stepSource = -1;
  private stepTarget = -1;
  private stepObs = 0;
  private cycleStep(start: number, length: number, i: number, step: number): void {
    const regions = this.flooder.regions;
    const j = step === 1 ? start + i : start + ((i - 1 + length) % length);
    this.stepSource = step === 1 ? regions.cycleSource[j]! : regions.cycleTarget[j]!;
    this.stepTarget = step === 1 ? regions.cycleTarget[j]! : regions.cycleSource[j]!;
    this.stepObs = regions.cycleObs[j]!;
  }

  /** The position in blossom's cycle of the child containing detection event `node`. */
  childIndex(blossom: number, node: number): number {
    const regions = this.flooder.regions;
    let r = this.flooder.eventRegion[node]!;
    while (regions.blossomParent[r] !== blossom) r = regions.blossomParent[r]!;
    const start = regions.cycleStart[blossom]!;
    for (let i = 0; ; i++) if (regions.cycleRegion[start + i] === r) return i;
  }

  private lowestCommonNode(a: number, b: number): number {
    const stamp = ++this.stampNow;
    for (let c = a; c !== -1; c = this.parent[c]!) this.stamp[c] = stamp;
    for (let c = b; c !== -1; c = this.parent[c]!) if (this.stamp[c] === stamp) return c;
    return -1;
  }

  private rootOf(node: number): number {
    let c = node;
    while (this.parent[c] !== -1) c = this.parent[c]!;
    return c;
  }

  private newNode(inner: number, outer: number): number {
    let node = this.freeHead;
    if (node !== -1) {
      this.freeHead = this.nextSibling[node]!;
    } else {
      node = this.count++;
      if (node === this.inner.length) this.grow(2 * node);
    }
    this.inner[node] = inner;
    this.outer[node] = outer;
    this.parent[node] = -1;
    this.firstChild[node] = -1;
    this.nextSibling[node] = -1;
    this.prevSibling[node] = -1;
    this.stamp[node] = 0;
    return node;
  }

  private free(node: number): void {
    this.nextSibling[node] = this.freeHead;
    this.freeHead = node;
  }

  private attach(node: number, parent: number, source: number, target: number, obs: number): void {
    this.parent[node] = parent;
    this.parentSource[node] = source;
    this.parentTarget[node] = target;
    this.parentObs[node] = obs;
    const head = this.firstChild[parent]!;
    this.nextSibling[node] = head;
    this.prevSibling[node] = -1;
    if (head !== -1) this.prevSibling[head] = node;
    this.firstChild[parent] = node;
  }

  private detach(node: number): void {
    const parent = this.parent[node]!;
    if (parent === -1) return;
    const prev = this.prevSibling[node]!;
    const next = this.nextSibling[node]!;
    if (prev !== -1) this.nextSibling[prev] = next;
    else this.firstChild[parent] = next;
    if (next !== -1) this.prevSibling[next] = prev;
    this.parent[node] = -1;
  }

  private grow(capacity: number): void {
    this.inner = grown(this.inner, capacity);
    this.outer = grown(this.outer, capacity);
    this.parent = grown(this.parent, capacity);
    this.firstChild = grown(this.firstChild, capacity);
    this.nextSibling = grown(this.nextSibling, capacity);
    this.prevSibling = grown(this.prevSibling, capacity);
    this.parentSource = grown(this.parentSource, capacity);
    this.parentTarget = grown(this.parentTarget, capacity);
    this.parentObs = grown(this.parentObs, capacity);
    this.stamp = grown(this.stamp, capacity);
  }
}
