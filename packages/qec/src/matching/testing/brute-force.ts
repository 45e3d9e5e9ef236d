/**
 * For tests only: the exact decoding problem by exhaustion — every subset of the matching
 * graph's edges (so ≤ ~16 edges), keeping the lightest whose endpoints flip exactly the syndrome.
 */
import { BOUNDARY, type MatchingGraph } from '../graph/matching-graph.ts';

/** Minimum total integer weight over all edge subsets whose endpoints flip exactly `syndrome`, and the observable masks achieving it. */
export function bruteForce(graph: MatchingGraph, syndrome: ReadonlySet<number>): { weight: number; masks: Set<number> } {
  let best = Number.POSITIVE_INFINITY;
  let masks = new Set<number>();
  const edges = graph.edges;
  for (let subset = 0; subset < 1 << edges.length; subset++) {
    const flipped = new Set<number>();
    const toggle = (d: number) => (flipped.has(d) ? flipped.delete(d) : flipped.add(d));
    let weight = 0;
    let mask = 0;
    edges.forEach((edge, e) => {
      if (!((subset >> e) & 1)) return;
      toggle(edge.a);
      if (edge.b !== BOUNDARY) toggle(edge.b);
      weight += edge.integerWeight;
      for (const o of edge.observables) mask ^= 1 << o;
    });
    if (flipped.size !== syndrome.size || [...flipped].some((d) => !syndrome.has(d))) continue;
    if (weight < best) [best, masks] = [weight, new Set([mask])];
    else if (weight === best) masks.add(mask);
  }
  return { weight: best, masks };
}
