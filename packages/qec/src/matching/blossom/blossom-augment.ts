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
  const { n, inblossom, mate, labelend, endpoint } = state;
  for (;;) {
    const bs = inblossom[s]!;
    if (bs >= n) augmentBlossom(state, bs, s);
    mate[s] = p;
    if (labelend[bs] === -1) break;
    const bt = inblossom[endpoint[labelend[bs]!]!]!;
    s = endpoint[labelend[bt]!]!;
    const j = endpoint[labelend[bt]! ^ 1]!;
    if (bt >= n) augmentBlossom(state, bt, j);
    mate[j] = labelend[bt]!;
    p = labelend[bt]! ^ 1;
  }
}

/** Swaps matched and unmatched edges inside blossom b along the even path from vertex v to the base. */
function augmentBlossom(state: BlossomState, b: number, v: number): void {
  const { n, parent, endpoint, mate } = state;
  let t = v;
  while (parent[t] !== b) t = parent[t]!;
  if (t >= n) augmentBlossom(state, t, v);
  const childs = state.childs[b]!;
  const endps = state.endps[b]!;
  const i = childs.indexOf(t);
  let j = i;
  const forward = (i & 1) === 1;
  const step = forward ? 1 : -1;
  const trick = forward ? 0 : 1;
  if (forward) j -= childs.length;
  while (j !== 0) {
    j += step;
    t = at(childs, j);
    const p = at(endps, j - trick) ^ trick;
    if (t >= n) augmentBlossom(state, t, endpoint[p]!);
    j += step;
    t = at(childs, j);
    if (t >= n) augmentBlossom(state, t, endpoint[p ^ 1]!);
    mate[endpoint[p]!] = p ^ 1;
    mate[endpoint[p ^ 1]!] = p;
  }
  // Rotate so that the child holding v becomes the base.
  rotateLeft(childs, i);
  rotateLeft(endps, i);
  state.base[b] = state.base[childs[0]!]!;
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
