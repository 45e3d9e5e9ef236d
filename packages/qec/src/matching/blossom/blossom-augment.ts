/**
 * Augmentation in Edmonds' blossom algorithm: flipping matched and unmatched edges along an
 * alternating path, through the blossoms on it, as in van Rantwijk's reference implementation
 * (mwmatching.py, http://jorisvr.nl/article/maximum-matching) of Galil's version (ACM Computing
 * Surveys 18(1), 1986). O(n) per augmentation. State and conventions: blossom-state.ts.
 */
import { at, type BlossomState } from './blossom-state.ts';

/** Flips the augmenting path through edge k, which joins S-vertices of two different trees (or an S-vertex and a single unlabelled one). */
export function augmentMatching(state: BlossomState, k: number): void {
  augmentFrom(state, state.endpoint[2 * k]!, 2 * k + 1);
  augmentFrom(state, state.endpoint[2 * k + 1]!, 2 * k);
}

/**
 * Matches S-vertex (or top-level single vertex) s through remote endpoint p (−1: leaves s
 * single) and flips the alternating path from s's blossom up to its tree root, which ends matched.
 */
export function augmentFrom(state: BlossomState, s: number, p: number): void {
  const { n, topBlossom, mate, labelEnd, endpoint } = state;
  for (;;) {
    const bs = topBlossom[s]!;
    if (bs >= n) augmentBlossom(state, bs, s);
    mate[s] = p;
    if (labelEnd[bs] === -1) break;
    const bt = topBlossom[endpoint[labelEnd[bs]!]!]!;
    s = endpoint[labelEnd[bt]!]!;
    const j = endpoint[labelEnd[bt]! ^ 1]!;
    if (bt >= n) augmentBlossom(state, bt, j);
    mate[j] = labelEnd[bt]!;
    p = labelEnd[bt]! ^ 1;
  }
}

/** Swaps matched and unmatched edges inside blossom b along the even path from vertex v to the base. */
function augmentBlossom(state: BlossomState, b: number, v: number): void {
  const { n, blossomParent, endpoint, mate } = state;
  let t = v;
  while (blossomParent[t] !== b) t = blossomParent[t]!;
  if (t >= n) augmentBlossom(state, t, v);
  const children = state.blossomChildren[b]!;
  const childEndpoints = state.blossomEndpoints[b]!;
  const i = children.indexOf(t);
  let j = i;
  const forward = (i & 1) === 1;
  const step = forward ? 1 : -1;
  // mwmatching.py's endptrick: walking backwards, the edge to child j is listed at j − 1 and read
  // from its other end.
  const endTrick = forward ? 0 : 1;
  if (forward) j -= children.length;
  while (j !== 0) {
    j += step;
    t = at(children, j);
    const p = at(childEndpoints, j - endTrick) ^ endTrick;
    if (t >= n) augmentBlossom(state, t, endpoint[p]!);
    j += step;
    t = at(children, j);
    if (t >= n) augmentBlossom(state, t, endpoint[p ^ 1]!);
    mate[endpoint[p]!] = p ^ 1;
    mate[endpoint[p ^ 1]!] = p;
  }
  // Rotate so that the child holding v becomes the base.
  rotateLeft(children, i);
  rotateLeft(childEndpoints, i);
  state.blossomBase[b] = state.blossomBase[children[0]!]!;
}

/** Rotates `list` left by `by` places in place (three reversals). */
function rotateLeft(list: number[], by: number): void {
  reverseRange(list, 0, by);
  reverseRange(list, by, list.length);
  reverseRange(list, 0, list.length);
}

function reverseRange(list: number[], from: number, to: number): void {
  for (let i = from, j = to - 1; i < j; i++, j--) {
    const t = list[i]!;
    list[i] = list[j]!;
    list[j] = t;
  }
}
